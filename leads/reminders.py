"""Which people get a reminder before the deadline of the intake they asked about."""

from django.db import IntegrityError, transaction
from django.db.models import Prefetch

from programmes.intake_states import OPEN
from programmes.models import Intake, Programme

from .models import Consent, Reminder, Submission


def deadline_for(intake, today):
    """The deadline that applies to someone who has not applied yet: the last day with a
    right to admission while that is ahead, else the last day to apply; None when closed."""
    state = intake.state(today)
    if state == OPEN and intake.admission_right_until:
        return intake.admission_right_until
    if intake.accepts_applications(today):
        return intake.application_deadline
    return None


def intake_asked_about(submission, programme, today):
    """The intake of programme that submission's preferred start names, or None."""
    intakes = programme.upcoming_intakes
    if submission.preferred_start == "asap":
        return next((i for i in intakes if i.accepts_applications(today)), None)
    return next((i for i in intakes if f"{i.start_date:%Y-%m}" == submission.preferred_start), None)


def candidates(today):
    """Submissions with the contact consent in effect that name a programme and a start."""
    consented = Consent.objects.in_effect().filter(purpose=Consent.Purpose.CONTACT, given=True)
    upcoming = Prefetch("intakes", queryset=Intake.objects.upcoming(), to_attr="upcoming_intakes")
    programmes = Prefetch("programmes", queryset=Programme.objects.prefetch_related(upcoming))
    submissions = Submission.objects.filter(pk__in=consented.values("submission"))
    submissions = submissions.exclude(preferred_start__in=["", "later"]).filter(
        created_at__date__lte=today
    )
    return submissions.select_related("lead").prefetch_related(programmes).order_by("created_at")


def queue_due(today, days_before):
    """Queue a reminder for everyone whose deadline is at most days_before away; the number
    queued. A person gets one per intake, ever: the table's constraint sees to it."""
    done = set(Reminder.objects.values_list("lead_id", "intake_id"))
    queued = 0
    for submission in candidates(today):
        for programme in submission.programmes.all():
            intake = intake_asked_about(submission, programme, today)
            deadline = intake and deadline_for(intake, today)
            if not deadline or not 0 <= (deadline - today).days <= days_before:
                continue
            if (submission.lead_id, intake.pk) in done:
                continue
            try:
                with transaction.atomic():
                    reminder = Reminder.objects.create(
                        lead=submission.lead,
                        submission=submission,
                        intake=intake,
                        deadline=deadline,
                    )
                    reminder.queue_mail()
            except IntegrityError:  # another run queued it meanwhile
                continue
            done.add((submission.lead_id, intake.pk))
            queued += 1
    return queued
