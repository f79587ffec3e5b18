"""{% event_cards %}: the cards of the events a page keeps (EventQuerySet.kept_cards)."""

import threading

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language

from mkbroute.lib.content import kept_per_version
from programmes.models import Event
from programmes.models.events import CARD_MODELS

register = template.Library()
CARD = "includes/event_card.html"


@register.simple_tag
def event_cards(events, heading="h3"):
    """Each event's card in a list item. Rendering them cost a page rendered anew most of a
    millisecond, and they show nothing but the events: their HTML is kept with the events,
    per language (a list kept_cards() did not make is made each time)."""

    def render():
        return format_html_join(
            "", '<li class="col">{}</li>', ((card(e, heading),) for e in events)
        )

    name = getattr(events, "name", None)
    if name is None:
        return render()
    key = f"event-cards-html:{name}:{heading}:{get_language()}"
    return kept_per_version(key, render, models=CARD_MODELS)


# {what a card shows: its HTML}. An edit of one event makes every kept list of events again;
# the cards of the others are the same as before.
_made = {}
_made_lock = threading.Lock()
MADE_CARDS = 500


def card(event, heading):
    fields = tuple(getattr(event, field.attname) for field in Event._meta.concrete_fields)
    shown = (get_language(), get_current_timezone_name(), heading, fields, event.is_full)
    with _made_lock:
        html = _made.get(shown)
    if html is None:
        html = render_to_string(CARD, {"event": event, "heading": heading})
        with _made_lock:  # a gunicorn worker's threads share it
            if len(_made) >= MADE_CARDS:
                _made.pop(next(iter(_made)))
            _made[shown] = html
    return html
