"""The mails of this app, sent by the task worker with the same retries as the lead mails."""

from django_tasks import task

from leads import mail
from leads.tasks import later

from . import mails
from .models import Employer, Introduction


@task()
def notify_admissions(employer_id, attempt=1):
    employer = Employer.objects.filter(pk=employer_id).first()
    if employer is None:
        return
    outcome = mails.send(mails.registration_notice(employer), f"employer {employer_id}")
    if outcome == mail.RETRY and attempt < mail.MAX_ATTEMPTS:
        notify_admissions.using(run_after=later(attempt)).enqueue(employer_id, attempt + 1)


@task()
def introduce(introduction_id, attempt=1):
    """Mail the employer's contact the person proposed for their place."""
    introduction = (
        Introduction.objects.select_related("lead", "werkplek__employer")
        .filter(pk=introduction_id)
        .first()
    )
    if introduction is None or not introduction.werkplek.employer.contact_email:
        return  # the person or the contact was erased meanwhile
    message = mails.introduction(introduction)
    outcome = mails.send(message, f"introduction {introduction_id}")
    if outcome == mail.RETRY and attempt < mail.MAX_ATTEMPTS:
        introduce.using(run_after=later(attempt)).enqueue(introduction_id, attempt + 1)
