"""{% replied_werkplek submission as werkplek %}: the werkplek a person replied to, for the
confirmation mail, which leads writes and which knows no werkplekken."""

from django import template

from employers import links

register = template.Library()
register.simple_tag(links.replied_werkplek)
