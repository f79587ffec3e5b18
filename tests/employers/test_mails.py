"""The mails to and about employers go through the outbox, as the lead mails do: queued after
the commit, retried on one schedule, every attempt recorded in the database, never an address
in the log."""

import datetime
import email

import pytest
import time_machine
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from employers import mails
from employers.models import Employer, Introduction, Werkplek
from leads import outbox
from tests.factories import make_lead, make_programme
from tests.helpers import command_output
from tests.leads.helpers import commit, retry_with_the_server_back, run_worker
from tests.leads.smtp import accepting_smtp_server, refusing_smtp_server, use_smtp
from tests.mkbroute.test_personal_links import open_link

from .helpers import make_employer, make_werkplek, register

pytestmark = pytest.mark.django_db
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def waiting_tasks():
    return DBTaskResult.objects.filter(status="READY")


def registration_notice():
    return outbox.mail_of(mails.registration_notice, Employer.objects.get().pk)


def introduced():
    """Zoë, who confirmed she may be shared, proposed for a place of Henk's company."""
    programme = make_programme()
    lead = make_lead("zoe@example.nl", programmes=[programme])
    for submission in lead.submissions.all():
        submission.confirm_consents()
    employer = make_employer(contact_email="henk@devries.example")
    werkplek = make_werkplek(employer=employer, programmes=[programme])
    introduction, _created = Introduction.propose(lead, werkplek)
    return introduction


def introduction_mail(introduction):
    return outbox.mail_of(mails.introduction, introduction.pk)


def test_it_retries_a_registration_notice_the_mail_server_missed_and_records_each_attempt(
    client, mail_server_down, settings, mailoutbox, caplog
):
    register(client, make_programme())
    run_worker()
    owed = registration_notice()
    assert (owed.status, owed.attempts) == ("pending", 1)
    assert "ConnectionRefusedError" in owed.note and owed.attempted_at is not None
    # Two mails wait: this notice to admissions, and the confirmation to the contact person.
    [retry] = [task for task in waiting_tasks() if task.args_kwargs["args"] == [owed.pk]]
    assert waiting_tasks().count() == 2
    assert retry.run_after > timezone.now() + datetime.timedelta(seconds=50)
    assert retry.args_kwargs["args"] == [owed.pk], "the attempt is recorded, not passed on"
    assert f"mail {owed.pk} " in caplog.text and "@" not in caplog.text

    settings.EMAIL_BACKEND = LOCMEM
    run_worker()
    assert mailoutbox == [], "not before the backoff has passed"
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        run_worker()
    [notice] = [
        message for message in mailoutbox if message.to == [settings.EMPLOYERS_NOTIFY_EMAIL]
    ]
    assert "Installatietechniek De Vries" in notice.subject
    owed.refresh_from_db()
    assert (owed.status, owed.attempts, owed.note) == ("sent", 2, "")
    assert owed.sent_at is not None
    assert not waiting_tasks().exists()


def test_it_records_a_refused_introduction_and_does_not_try_again(settings, caplog):
    introduction = introduced()
    with refusing_smtp_server() as port:
        use_smtp(settings, port)
        run_worker()
    owed = introduction_mail(introduction)
    assert (owed.status, owed.attempts) == ("refused", 1)
    assert owed.note == "SMTPRecipientsRefused [550]"
    assert not waiting_tasks().exists()
    assert "henk@devries.example" not in caplog.text and "zoe@example.nl" not in caplog.text


def test_it_queues_an_employer_mail_only_once_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        make_employer().queue_notification()
        assert registration_notice().status == "pending", "owed in the same transaction"
        assert not waiting_tasks().exists(), "but no worker may look for it yet"
    # One task sends what waits: the notice to admissions and the confirmation.
    assert waiting_tasks().count() == 1


def test_a_registration_that_is_rolled_back_owes_no_mail_and_queues_nothing():
    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        make_employer().queue_notification()
        raise Undone
    commit()
    assert not outbox.Mail.objects.exists()
    assert not waiting_tasks().exists()


def test_an_introduction_carries_the_employers_link_of_the_contact_as_they_are_when_it_goes(
    mailoutbox,
):
    introduction = introduced()
    employer = introduction.werkplek.employer
    first_link = employer.personal_link()
    employer.contact_name = "Sara de Vries"  # a new contact before the mail goes
    employer.save()
    run_worker()
    [message] = [m for m in mailoutbox if m.to == ["henk@devries.example"]]
    link = next(line for line in message.body.splitlines() if "/werkgevers/mijn/?t=" in line)
    link = link.split(": ", 1)[-1].strip()
    # The link of the contact as they are now: it opens, the one made before does not.
    assert open_link(Client(), link).status_code == 200
    assert Client().get(first_link.removeprefix(settings.SITE_URL)).status_code == 410


def test_leads_resend_queues_a_given_up_introduction_again(mail_server_down, settings, mailoutbox):
    introduction = introduced()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _attempt in range(6):
            run_worker()
            traveller.shift(datetime.timedelta(hours=5))
    owed = introduction_mail(introduction)
    assert (owed.status, owed.attempts) == ("failed", 6)
    assert not waiting_tasks().exists()

    settings.EMAIL_BACKEND = LOCMEM
    output = command_output("leads_resend")
    # The employer's mail and the person's (what was shared with whom).
    assert "1 bevestigingen opnieuw" in output and "2 andere mails opnieuw" in output
    run_worker()
    assert sorted(m.to[0] for m in mailoutbox) == [
        "henk@devries.example",
        "zoe@example.nl",
        "zoe@example.nl",
    ]
    assert introduction_mail(introduction).status == "sent"


def test_an_introduction_is_dropped_when_the_consent_is_withdrawn_before_it_goes(mailoutbox):
    introduction = introduced()
    introduction.lead.withdraw_consents()
    run_worker()
    assert not [m for m in mailoutbox if m.to == ["henk@devries.example"]]
    owed = introduction_mail(introduction)
    assert (owed.status, owed.attempts, owed.note) == ("dropped", 0, "no sharing consent")


def test_an_introduction_is_not_sent_and_forgotten_when_the_person_is_erased_before_it_goes(
    mailoutbox,
):
    introduction = introduced()
    command_output("privacy", "erase", "zoe@example.nl")
    run_worker()
    assert mailoutbox == []
    assert introduction_mail(introduction) is None, "the outbox forgot it"
    assert outbox.Mail.objects.oldest_pending() is None


def withdraw_consents(introduction):
    introduction.lead.withdraw_consents()


def erase_the_person(introduction):
    command_output("privacy", "erase", "zoe@example.nl")


def erase_the_employer_contact(introduction):
    command_output("privacy", "erase", "henk@devries.example")


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (withdraw_consents, "no sharing consent"),
        (erase_the_person, None),  # erased: the outbox forgets the mail with the person
        (erase_the_employer_contact, "no contact address"),
    ],
)
def test_an_introduction_retried_after_the_consent_went_is_dropped_with_the_reason(
    mail_server_down, settings, mailoutbox, change, reason
):
    """The report: queued while the mail server failed, withdrawn a minute later; the retry
    must read the consent as it is then."""
    introduction = introduced()
    run_worker()
    owed = introduction_mail(introduction)
    assert (owed.status, owed.attempts) == ("pending", 1)
    change(introduction)
    retry_with_the_server_back(settings)
    assert not [m for m in mailoutbox if m.to == ["henk@devries.example"]]
    if reason is None:
        assert introduction_mail(introduction) is None
        return
    owed.refresh_from_db()
    assert (owed.status, owed.note) == ("dropped", reason)


def test_admissions_read_on_the_introduction_that_the_employer_s_server_refused_its_mail(
    settings, admissions
):
    introduction = introduced()
    with refusing_smtp_server() as port:
        use_smtp(settings, port)
        run_worker()
    url = f"/admin/employers/introduction/{introduction.pk}/change/"
    page = admissions.get(url).content.decode()
    assert "Geweigerd door de mailserver" in page and "SMTPRecipientsRefused [550]" in page
    listing = admissions.get("/admin/employers/introduction/?mail__exact=refused").content.decode()
    assert "Geweigerd door de mailserver" in listing and url in listing
    lead_page = admissions.get(f"/admin/leads/lead/{introduction.lead_id}/change/")
    assert "Geweigerd door de mailserver" in lead_page.content.decode()


def test_admissions_send_a_refused_introduction_again_once_the_address_is_mended(
    settings, admissions, mailoutbox
):
    introduction = introduced()
    with refusing_smtp_server() as port:
        use_smtp(settings, port)
        run_worker()
    Employer.objects.update(contact_email="henk@de-vries.example")  # the typo mended
    settings.EMAIL_BACKEND = LOCMEM
    admissions.post(
        "/admin/employers/introduction/",
        {"action": "send_mail_again", "_selected_action": [introduction.pk]},
    )
    run_worker()
    assert [m.to for m in mailoutbox if "Kandidaat" in m.subject] == [["henk@de-vries.example"]]
    assert introduction_mail(introduction).status == "sent"


def test_admissions_read_on_the_employer_whether_the_registration_notice_went(
    client, mail_server_down, admissions
):
    register(client, make_programme())
    run_worker()
    page = admissions.get(f"/admin/employers/employer/{Employer.objects.get().pk}/change/")
    assert "Nog niet verstuurd" in page.content.decode()
    assert "ConnectionRefusedError" in page.content.decode()


BROKEN = "De Vries\r\nBcc: iedereen@example.nl"


def test_a_line_break_in_a_company_name_does_not_stop_its_registration_notice(settings):
    """Stored before the forms refused it, or typed in the admin: the subject is one line."""
    make_employer(name=BROKEN).queue_notification()
    with accepting_smtp_server() as (port, received):
        use_smtp(settings, port)
        run_worker()
    assert registration_notice().status == "sent"
    messages = list(map(email.message_from_string, received))
    assert {" ".join(message["Subject"].split()) for message in messages} == {
        "Nieuwe werkgever aangemeld: De Vries Bcc: iedereen@example.nl",
        "Aanmelding ontvangen: De Vries Bcc: iedereen@example.nl bij de Mkb-route",
    }
    assert all(message["Bcc"] is None for message in messages)


def test_a_line_break_in_a_place_title_does_not_stop_its_introduction(settings):
    introduction = introduced()
    Werkplek.objects.filter(pk=introduction.werkplek_id).update(title="Monteur\nin opleiding")
    with accepting_smtp_server() as (port, received):
        use_smtp(settings, port)
        run_worker()
    assert introduction_mail(introduction).status == "sent"
    subjects = [email.message_from_string(message)["Subject"] for message in received]
    assert "Kandidaat voor uw werkplek Monteur in opleiding via de Mkb-route" in subjects


def test_a_mail_that_cannot_carry_its_header_fails_for_good_and_is_counted(
    settings, client, admissions
):
    """An address with a line break (an old row; the forms refuse it) makes a mail that no
    server can be given: it fails at once, nothing leaves, and it is seen, not left waiting."""
    introduction = introduced()
    Employer.objects.update(contact_email="henk@devries.example\nBcc: iedereen@example.nl")
    with accepting_smtp_server() as (port, received):
        use_smtp(settings, port)
        run_worker()
    assert not [message for message in received if "Kandidaat voor uw werkplek" in message]
    owed = introduction_mail(introduction)
    assert (owed.status, owed.attempts, owed.note) == ("failed", 1, "BadHeaderError")
    assert not waiting_tasks().exists()
    assert client.get("/healthz").json() == {"status": "ok", "failed_mails": 1}
    page = admissions.get(f"/admin/employers/introduction/{introduction.pk}/change/")
    assert "Mislukt · BadHeaderError" in page.content.decode()
