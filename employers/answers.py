"""Introductions are answered: the employer invites the person to a kennismaking or says why
they do not fit, on /werkgevers/mijn/; no answer after REMIND_AFTER working days brings one
reminder, after GIVE_UP_AFTER the introduction is back on admissions' worklist ("geen
reactie"). The daily step (mkbroute/tasks.py) decides from what is stored, so it is safe to
run any number of times."""

import datetime

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from leads import outbox

from . import mails
from .introductions import AlreadyAnswered, Introduction
from .mine import own_page
from .working_days import working_days_between

REMIND_AFTER, GIVE_UP_AFTER = 5, 10  # working days after the proposal
NOTE_LENGTH = 1000
# The furthest ahead a proposed meeting may be: further is a typing error in the year.
MEETING_AHEAD = datetime.timedelta(days=366)


def follow_up(today=None):
    """Remind the employers who did not answer in REMIND_AFTER working days (once), and give
    back to admissions what waits GIVE_UP_AFTER; {what: number}."""
    today = today or timezone.localdate()
    # A quick first cut: five working days are at least five calendar days.
    since = timezone.now() - datetime.timedelta(days=REMIND_AFTER)
    waiting = Introduction.objects.awaiting_answer().filter(proposed_at__lt=since)
    waiting = waiting.filter(reminded_at=None) | waiting.filter(no_answer_at=None)
    reminded = given_back = 0
    for introduction in waiting.select_related("werkplek__employer"):
        days = working_days_between(timezone.localdate(introduction.proposed_at), today)
        if days >= REMIND_AFTER and introduction.reminded_at is None:
            reminded += mark(introduction, "reminded_at", _("Herinnering gestuurd"))
        if days >= GIVE_UP_AFTER and introduction.no_answer_at is None:
            what = _("Geen reactie: terug naar Toelating")
            given_back += mark(introduction, "no_answer_at", what)
    return {"herinneringen": reminded, "geen reactie": given_back}


def mark(introduction, field, what):
    """Set field to now if nobody did (another run, an answer) and note it; 1 if so, else 0.
    The reminder's mail goes with it, in the same transaction."""
    with transaction.atomic():
        rows = Introduction.objects.awaiting_answer().filter(pk=introduction.pk, **{field: None})
        if not rows.update(**{field: timezone.now()}):
            return 0
        werkplek = introduction.werkplek
        werkplek.employer.record(what, via_link=False, werkplek=werkplek)
        if field == "reminded_at":
            outbox.queue(mails.introduction_reminder, introduction.pk)
    return 1


class InviteForm(forms.Form):
    """'Uitnodigen voor kennismaking': a moment, or 'we bellen'."""

    how = forms.ChoiceField(
        label=gettext_lazy("Hoe spreekt u af?"),
        choices=[
            ("moment", gettext_lazy("Ik stel een moment voor")),
            ("bellen", gettext_lazy("We bellen de kandidaat")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Kies een moment of 'we bellen'.")},
    )
    moment = forms.DateTimeField(
        label=gettext_lazy("Voorgesteld moment"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"],
        error_messages={
            "invalid": gettext_lazy("Vul een datum en tijd in, zoals 14-03-2027 10:00."),
        },
    )
    note = forms.CharField(
        label=gettext_lazy("Toelichting voor de kandidaat (niet verplicht)"),
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("how") != "moment":
            data["moment"] = None
            return data
        moment = data.get("moment")
        if moment is None and "moment" not in self.errors:
            self.add_error("moment", _("Vul het moment in dat u voorstelt, of kies 'we bellen'."))
        elif moment is not None and moment <= timezone.now():
            self.add_error("moment", _("Dit moment is al voorbij: kies een moment in de toekomst."))
        elif moment is not None and moment > timezone.now() + MEETING_AHEAD:
            self.add_error(
                "moment", _("Dit moment ligt meer dan een jaar vooruit. Klopt het jaartal?")
            )
        return data


class DeclineForm(forms.Form):
    """'Past niet': a reason from the list is required; free text explains it."""

    reason = forms.ChoiceField(
        label=gettext_lazy("Reden"),
        choices=[("", gettext_lazy("Kies een reden")), *Introduction.Reason.choices],
        error_messages={
            "required": gettext_lazy("Kies een reden waarom de kandidaat niet past."),
            "invalid_choice": gettext_lazy("Kies een reden uit de lijst."),
        },
    )
    note = forms.CharField(
        label=gettext_lazy("Toelichting voor de kandidaat"),
        required=False,
        max_length=300,  # Introduction.decline_reason
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == Introduction.Reason.OTHER and not data.get("note", "").strip():
            self.add_error("note", _("Vul bij 'een andere reden' in wat de reden is."))
        return data


def answerable(employer, pk):
    """An introduction to one of this employer's places, or 404."""
    introductions = Introduction.objects.filter(werkplek__employer=employer)
    return get_object_or_404(introductions.select_related("werkplek__employer"), pk=pk)


@require_POST
@own_page
def invite(request, employer, pk):
    introduction = answerable(employer, pk)
    form = InviteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        return answered(request, introduction, introduction.invite, data["moment"], data["note"])
    return refused(request, introduction, form)


@require_POST
@own_page
def decline(request, employer, pk):
    introduction = answerable(employer, pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        answer = introduction.decline_for_employer
        return answered(request, introduction, answer, data["reason"], data["note"].strip())
    return refused(request, introduction, form)


def answered(request, introduction, answer, *arguments):
    try:
        answer(*arguments)
    except AlreadyAnswered:
        messages.error(request, _("Deze kennismaking is al beantwoord."))
    else:
        messages.success(
            request, _("Dank u. De kandidaat en Toelating krijgen uw antwoord per mail.")
        )
    return back_to(introduction)


def refused(request, introduction, form):
    """Say what is missing above the page, as every answer comes back to it."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return back_to(introduction)


def back_to(introduction):
    """To the introduction on its place's page, which lists them all, answered or not."""
    place = reverse("employers:edit_place", args=[introduction.werkplek.slug])
    response = redirect(f"{place}#kennismaking-{introduction.pk}")
    response.status_code = 303
    return response
