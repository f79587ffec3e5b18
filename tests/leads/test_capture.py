import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from leads.models import Consent, Lead, Submission
from programmes.models import Programme
from tests.factories import make_event, make_programme
from tests.leads.helpers import VALID, form_fields, run_worker, submit

pytestmark = pytest.mark.django_db


def test_the_general_form_stores_a_lead_and_redirects_to_thanks(client, personas):
    programme = Programme.objects.get()
    response = submit(
        client,
        programmes=[programme.slug],
        message="Kan ik in februari starten?",
        phone="+31 6 1234 5678",
        education="mbo4",
    )
    assert response.status_code == 302
    assert response["Location"] == "/interesse/bedankt/?verzonden=1"
    submission = Submission.objects.get()
    assert submission.lead.email == "zoe@example.nl"
    assert list(submission.programmes.all()) == [programme]
    assert submission.message == "Kan ik in februari starten?"
    assert submission.phone == "+31 6 1234 5678"
    thanks = client.get("/interesse/bedankt/?verzonden=1").content.decode()
    assert "Bedankt, we hebben jouw gegevens" in thanks
    assert "Binnen twee werkdagen" in thanks


def test_the_thank_you_page_without_a_submission_says_nothing_was_sent(client, personas):
    page = client.get("/interesse/bedankt/").content.decode()
    assert "Nog niets verstuurd" in page and "Bedankt" not in page
    assert 'href="/interesse/"' in page
    assert not Submission.objects.exists()


def test_after_an_event_sign_up_the_thank_you_page_suggests_no_open_day(client, personas):
    event = make_event(title="Meeloopdag Bouw", capacity=10)
    response = submit(client, event.get_absolute_url(), follow=True)
    page = response.content.decode()
    assert "aangemeld voor Meeloopdag Bouw" in page
    assert "open dag" not in page.lower()
    general = submit(Client(), email="ander@example.nl", follow=True).content.decode()
    assert "Kom naar een open dag" in general, "the general thank-you page does suggest one"


def test_the_persona_page_form_presets_persona_and_asks_fewer_questions(client, personas):
    page = client.get("/voor/student/").content.decode()
    assert 'name="persona" value="student"' in page
    assert 'name="education"' not in page and 'name="preferred_start"' not in page
    group = personas["student"].target_groups.get(key="havo")
    assert submit(client, "/voor/student/", target_group=group.slug).status_code == 302
    submission = Submission.objects.get()
    assert submission.persona == personas["student"]
    assert submission.target_group == group
    assert submission.tone.slug == "student"


def test_working_personas_are_asked_about_their_job(client, personas):
    page = client.get("/voor/zij-instromer/").content.decode()
    assert 'name="employer"' in page and 'name="hours_per_week"' in page
    submit(
        client,
        "/voor/zij-instromer/",
        employer="Machinefabriek Brouwer",
        employer_is_mkb="ja",
        hours_per_week="32",
    )
    submission = Submission.objects.get()
    job = (submission.employer, submission.employer_is_mkb, submission.hours_per_week)
    assert job == ("Machinefabriek Brouwer", True, 32)


def test_the_programme_page_form_presets_the_programme(client, personas):
    programme = Programme.objects.get()
    submit(client, programme.get_absolute_url())
    submission = Submission.objects.get()
    assert list(submission.programmes.all()) == [programme]
    assert submission.page_path == programme.get_absolute_url()


def test_the_event_page_signs_up_for_the_event(client, personas):
    event = make_event(title="Meeloopdag ICT", capacity=10)
    assert submit(client, event.get_absolute_url()).status_code == 302
    submission = Submission.objects.get()
    assert (submission.intent, submission.event) == ("event", event)
    assert (
        "Je bent aangemeld voor Meeloopdag ICT"
        in client.get("/interesse/bedankt/?verzonden=1").content.decode()
    )
    run_worker()
    assert "Meeloopdag ICT" in mail.outbox[0].subject


def test_contact_consent_is_required(client, personas):
    response = submit(client, consent_contact=None)
    assert response.status_code == 200
    assert "Zonder deze toestemming kunnen we jou niet antwoorden." in response.content.decode()
    assert not Lead.objects.exists()


def test_each_optional_consent_is_stored_on_its_own_with_version_and_time(client, personas):
    submit(client, consent_newsletter="on")
    consents = {c.purpose: c for c in Consent.objects.all()}
    assert consents["contact"].given and consents["newsletter"].given
    assert not consents["partners"].given
    assert all(c.privacy_version == "2026-11" and c.recorded_at for c in consents.values())


def test_a_returning_person_gets_a_new_submission_on_the_same_lead(client, personas):
    submit(client, message="Eerste vraag", phone="06 11111111")
    submit(client, email="ZOE@Example.NL", first_name="Zoë Anne", message="Tweede vraag", phone="")
    lead = Lead.objects.get()
    assert lead.submissions.count() == 2
    assert lead.first_name == "Zoë" and lead.email == "zoe@example.nl", "nobody overwrites"
    assert lead.phone == "06 11111111"
    latest = lead.submissions.latest("created_at")
    assert (latest.first_name, latest.email) == ("Zoë Anne", "ZOE@Example.NL")
    messages = sorted(lead.submissions.values_list("message", flat=True))
    assert messages == ["Eerste vraag", "Tweede vraag"]


def test_a_double_click_or_resent_post_stores_one_submission(client, personas):
    page = client.get("/interesse/").content.decode()
    data = {**form_fields(page), **VALID}
    first = client.post("/interesse/", data)
    second = client.post("/interesse/", data)
    assert first.status_code == second.status_code == 302
    assert Submission.objects.count() == 1
    run_worker()
    assert len(mail.outbox) == 1


def test_the_confirmation_mail_has_text_and_html_in_the_tone(client, personas):
    client.get("/voor/zij-instromer/")
    submit(client, "/voor/zij-instromer/")
    run_worker()
    message = mail.outbox[0]
    assert message.to == ["zoe@example.nl"]
    assert "Beste Zoë," in message.body
    html = message.alternatives[0][0]
    assert "Beste Zoë," in html
    assert "student" not in (message.body + html + message.subject).lower()


def test_a_u_tone_is_used_in_form_thanks_and_mail(client, personas, tones):
    tones["werkende"].address = "u"
    tones["werkende"].save()
    page = client.get("/voor/zij-instromer/").content.decode()
    assert "Over u" in page
    response = submit(client, "/voor/zij-instromer/", email="", follow=True)
    assert "Vul uw e-mailadres in." in response.content.decode()
    submit(client, "/voor/zij-instromer/")
    assert "we hebben uw gegevens" in client.get("/interesse/bedankt/?verzonden=1").content.decode()
    run_worker()
    assert "contact met u op" in mail.outbox[0].body


def test_the_target_group_chosen_in_the_form_sets_the_tone(client, personas):
    group = personas["zij-instromer"].target_groups.first()
    response = submit(client, target_group=group.slug)
    assert response.cookies["toon"].value == "werkende-die-leert"
    assert "werkenden die leren" in client.get("/interesse/bedankt/?verzonden=1").content.decode()


def test_the_admissions_inbox_is_told_without_personal_data(client, personas, settings):
    settings.LEADS_NOTIFY_EMAIL = "toelating@example.nl"
    settings.SITE_URL = "https://werving.example.nl"
    submit(client)
    run_worker()
    note = [m for m in mail.outbox if m.to == ["toelating@example.nl"]][0]
    lead = Lead.objects.get()
    assert f"https://werving.example.nl/admin/leads/lead/{lead.pk}/change/" in note.body
    assert "zoe@example.nl" not in note.body and "Hooft" not in note.body


def test_the_preferred_start_offers_the_coming_intakes(client, personas):
    from tests.factories import make_intake

    make_intake(make_programme(), start_in_days=100)
    page = client.get("/interesse/").content.decode()
    assert "Zo snel mogelijk" in page
    assert 'name="preferred_start"' in page


def test_a_new_or_moved_intake_shows_among_the_starts_at_once(client, personas, settings):
    from django.utils import formats, timezone

    from tests.factories import make_intake

    settings.PAGE_CACHE_SECONDS = 600
    programme = make_programme()
    make_intake(programme, start_in_days=40)
    client.get("/interesse/")
    later = make_intake(programme, start_in_days=100)
    month = formats.date_format(later.start_date, "F Y")
    assert month in client.get("/interesse/").content.decode()
    later.start_date = timezone.localdate().replace(day=1).replace(year=later.start_date.year + 1)
    later.save()
    moved = formats.date_format(later.start_date, "F Y")
    page = client.get("/interesse/").content.decode()
    assert moved in page and month not in page


def test_admissions_see_where_a_new_submit_differs_from_the_person(client, personas):
    submit(client, phone="06 11111111")
    submit(client, email="ZOE@example.nl", last_name="Jansen", phone="06 22222222")
    staff = Client()
    staff.force_login(get_user_model().objects.create_superuser("toelating", password="x"))
    page = staff.get(f"/admin/leads/lead/{Lead.objects.get().pk}/change/").content.decode()
    assert "achternaam, telefoon, e-mail" in page


def test_a_link_that_presets_another_persona_s_group_is_not_taken_for_the_site_s_own(personas):
    from leads.forms import LeadForm

    own = personas["student"].target_groups.first()
    other = personas["zij-instromer"].target_groups.first()

    def taken(group):
        query = {"persona": "student", "doelgroep": group.slug}
        return LeadForm.from_query(query, tone=None).took_query(query)

    assert taken(own) and not taken(other)
