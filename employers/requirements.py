"""What a werkplek must offer before it is published: at least the weekly hours each of its
programmes asks (the programme's own data) and a praktijkopleider. The registration form
warns about a place that falls short; the admin refuses to publish it or screen its employer."""

from django.utils.translation import gettext as _

from .models import Werkplek


def shortfalls(title, hours, has_supervisor, programmes):
    """Why a place with these hours, praktijkopleider and programmes may not be published yet,
    as Dutch sentences that name the place; empty when it meets every requirement."""
    found = []
    short = [p for p in programmes if hours is not None and hours < p.workplace_hours]
    if short:
        asks = ", ".join(
            _("%(name)s vraagt minimaal %(minimum)s uur")
            % {"name": p.name, "minimum": p.workplace_hours}
            for p in short
        )
        found.append(
            _("Werkplek “%(title)s”: %(hours)s uur werk per week is te weinig (%(asks)s).")
            % {"title": title, "hours": hours, "asks": asks}
        )
    # A place for no programme yet is held to the rule every demo and real programme keeps.
    needs_supervisor = not programmes or any(p.workplace_supervisor for p in programmes)
    if needs_supervisor and not has_supervisor:
        found.append(
            _(
                "Werkplek “%(title)s”: er is geen praktijkopleider. De opleiding vraagt iemand "
                "in het bedrijf die de deelnemer begeleidt."
            )
            % {"title": title}
        )
    return found


def werkplek_shortfalls(werkplek, **changed):
    """shortfalls() of a stored werkplek, with the values in changed instead of its own."""
    values = {
        "title": werkplek.title,
        "hours": werkplek.hours_per_week,
        "has_supervisor": werkplek.has_supervisor,
        "programmes": list(werkplek.programmes.all()) if werkplek.pk else [],
    }
    return shortfalls(**{**values, **changed})


def open_places_shortfalls(employer):
    """shortfalls() of every open place of an employer: what screening it would publish."""
    places = employer.werkplekken.filter(status=Werkplek.Status.OPEN).prefetch_related("programmes")
    return [message for werkplek in places for message in werkplek_shortfalls(werkplek)]
