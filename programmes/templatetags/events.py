"""{% event_cards %}: the cards of the events a page keeps (EventQuerySet.kept_cards)."""

from django import template
from django.template.loader import render_to_string
from django.utils.translation import get_language

from mkbroute.lib.content import kept_per_version
from programmes.models.events import CARD_MODELS

register = template.Library()
TEMPLATE = "programmes/includes/event_cards.html"


@register.simple_tag
def event_cards(events, heading="h3"):
    """Each event's card in a list item. Rendering them cost a page rendered anew most of a
    millisecond, and they show nothing but the events: their HTML is kept with the events,
    per language (a list kept_cards() did not make is rendered each time)."""

    def render():
        return render_to_string(TEMPLATE, {"events": events, "heading": heading})

    name = getattr(events, "name", None)
    if name is None:
        return render()
    return kept_per_version(
        f"event-cards-html:{name}:{heading}:{get_language()}", render, models=CARD_MODELS
    )
