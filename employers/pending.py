"""What admissions screen of a werkplek, and the changes to it that wait for their check.

An employer edits its own places through its personal link. The text, salary, closing date
and number of places go live at once; what admissions screen (the programmes, the hours, the
praktijkopleider and the location) waits as a WerkplekChange, while the published place stays
as it was, until admissions accept it (it is applied) or reject it. A place that waits for its
check anyway (new, or a copy; screened_at empty) takes such changes at once: nobody sees it yet.
"""

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programmes.models import Programme

SCREENED = ["programmes", "hours_per_week", "has_supervisor", "place", "pc4"]


class WerkplekChange(models.Model):
    """A change of a place's screened values, proposed through the employer's link."""

    werkplek = models.OneToOneField(
        "employers.Werkplek",
        on_delete=models.CASCADE,
        related_name="pending_change",
        verbose_name=_("werkplek"),
    )
    # The proposed values of SCREENED (programmes as ids), and the programmes' names to show.
    proposed = models.JSONField(_("voorgesteld"))
    proposed_at = models.DateTimeField(_("voorgesteld op"), default=timezone.now)

    class Meta:
        verbose_name = _("wijziging die wacht op controle")
        verbose_name_plural = _("wijzigingen die wachten op controle")

    def __str__(self):
        return str(self.werkplek_id)

    def changes_public_pages(self):
        """A proposal shows nowhere public; accepting it saves the place, which does."""
        return False

    def differences(self):
        """[(label, now, proposed)] for each screened value the change alters, as read."""
        now = screened_values(self.werkplek)
        return [
            (field_label(name), shown(name, now), shown(name, self.proposed))
            for name in SCREENED
            if now[name] != self.proposed[name]
        ]


def screened_values(werkplek):
    programmes = sorted(werkplek.programmes.all(), key=lambda p: p.pk)
    return {
        "programmes": [p.pk for p in programmes],
        "programme_names": [p.name for p in programmes],
        "hours_per_week": werkplek.hours_per_week,
        "has_supervisor": werkplek.has_supervisor,
        "place": werkplek.place,
        "pc4": werkplek.pc4,
    }


def field_label(name):
    from .models import Werkplek  # the model imports this module

    return Werkplek._meta.get_field(name).verbose_name


def shown(name, values):
    if name == "programmes":
        return ", ".join(values["programme_names"])
    if name == "has_supervisor":
        return _("ja") if values[name] else _("nee")
    return str(values[name])


def edit(werkplek, live, screened):
    """Apply the live values at once and let the screened ones wait (see the module).

    Returns the names of the fields changed live, the names of those that now wait, and
    whether a change that waited was withdrawn (the values are as published again).
    """
    changed = [name for name, value in live.items() if getattr(werkplek, name) != value]
    proposed = [name for name in SCREENED if screened_values(werkplek)[name] != screened[name]]
    waiting = WerkplekChange.objects.filter(werkplek=werkplek)
    with transaction.atomic():
        for name in changed:
            setattr(werkplek, name, live[name])
        if werkplek.screened_at is None:  # not public yet: checked as a whole
            changed, proposed = changed + proposed, []
            apply(werkplek, screened)
        elif changed:
            werkplek.save()
        if proposed:
            defaults = {"proposed": screened, "proposed_at": timezone.now()}
            WerkplekChange.objects.update_or_create(werkplek=werkplek, defaults=defaults)
        withdrawn = not proposed and waiting.delete()[0] > 0
    forget_pending(werkplek)
    return changed, proposed, withdrawn


def add(employer, live, screened):
    """A new place of the employer's, waiting for admissions' check: (place, whether it is
    new). The same place sent again (a second click, a page sent anew) is the one before."""
    with transaction.atomic():
        values = {**live, **{name: screened[name] for name in APPLIED}}
        twin = waiting_twin(employer, values, screened["programmes"])
        if twin is not None:
            return twin, False
        werkplek = employer.werkplekken.model(employer=employer, screened_at=None, **live)
        apply(werkplek, screened)
    return werkplek, True


def waiting_twin(employer, values, programme_ids, other_than=None):
    """A new place of the employer's, waiting for the check, with exactly these values and
    programmes, or None: what a second "add" or "copy" would make again. It locks the
    employer, so that two clicks at once wait for each other (call it in a transaction)."""
    list(type(employer).objects.select_for_update().filter(pk=employer.pk).values("pk"))
    places = employer.werkplekken.filter(screened_at=None, **values).exclude(pk=other_than)
    places = places.exclude(status__in=employer.werkplekken.model.CLOSED)
    wanted = sorted(programme_ids)
    for place in places.prefetch_related("programmes"):
        if sorted(programme.pk for programme in place.programmes.all()) == wanted:
            return place
    return None


APPLIED = ["hours_per_week", "has_supervisor", "place", "pc4"]  # SCREENED, but programmes


def apply(werkplek, values):
    for name in APPLIED:
        setattr(werkplek, name, values[name])
    werkplek.save()
    werkplek.programmes.set(Programme.objects.filter(pk__in=values["programmes"]))


def forget_pending(werkplek):
    """Read the pending change afresh at the next use (Django caches the reverse side)."""
    werkplek._state.fields_cache.pop("pending_change", None)


def accept(werkplek, user):
    """Admissions' check passed: a new place is screened, a waiting change applied."""
    with transaction.atomic():
        change = werkplek.change_waiting
        if change is not None:
            apply(werkplek, change.proposed)
            change.delete()
            werkplek.employer.record(
                _("Wijziging goedgekeurd door toelating"), False, user, werkplek
            )
        if werkplek.screened_at is None:
            werkplek.screened_at = timezone.now()
            werkplek.save()
            werkplek.employer.record(
                _("Werkplek gecontroleerd door toelating"), False, user, werkplek
            )
    forget_pending(werkplek)


def reject(werkplek, user):
    """Admissions' check failed: a waiting change goes, the published place stays as it was;
    a new place is closed without having been public."""
    with transaction.atomic():
        change = werkplek.change_waiting
        if change is not None:
            change.delete()
            werkplek.employer.record(_("Wijziging afgewezen door toelating"), False, user, werkplek)
        if werkplek.screened_at is None and werkplek.status not in werkplek.CLOSED:
            werkplek.close(werkplek.Status.CLOSED)
            werkplek.employer.record(
                _("Nieuwe werkplek afgewezen door toelating"), False, user, werkplek
            )
    forget_pending(werkplek)
