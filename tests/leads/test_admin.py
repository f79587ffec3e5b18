import pytest

from personas.models import Channel
from tests.factories import make_lead
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db
SECRET = "geheim@example.nl"


@pytest.fixture
def lead():
    return make_lead(SECRET, first_name="Geheim")


def add_leads(personas, count, start=0):
    channel = Channel.objects.get_or_create(name="UWV", kind="public", owner="partner")[0]
    zij = personas["zij-instromer"]
    for n in range(start, start + count):
        make_lead(
            f"p{n}@example.nl",
            persona=zij,
            group=zij.target_groups.first(),
            channel=channel,
            programmes=list(zij.programmes.all()),
        )


@pytest.mark.parametrize("query", ["", "?q=p1", "?status__exact=nieuw&o=-8"])
def test_the_lead_list_uses_a_fixed_number_of_queries(admissions, personas, query):
    add_leads(personas, 3)
    few = count_queries(admissions, "/admin/leads/lead/" + query)
    add_leads(personas, 40, start=3)
    assert count_queries(admissions, "/admin/leads/lead/" + query) == few


def test_the_lead_list_shows_what_admissions_needs(admissions, personas):
    add_leads(personas, 1)
    html = admissions.get("/admin/leads/lead/").content.decode()
    zij = personas["zij-instromer"]
    for text in (
        "p0@example.nl",
        zij.name,
        zij.target_groups.first().name,
        "UWV",
        "Ondernemen",
        "Nieuw",
    ):
        assert text in html


@pytest.mark.parametrize(
    "query",
    [
        "?q=%00",
        "?status__exact=%00",
        "?submissions__utm_campaign=%00",
        "?opleiding=%00",
        "?created_at__gte=gisteren",
    ],
)
def test_garbage_in_the_lead_list_never_gives_a_500(admissions, query):
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.cookies = admissions.cookies
    assert client.get("/admin/leads/lead/" + query).status_code < 500


def test_admissions_change_status_and_notes_but_not_what_a_person_sent(admissions, lead):
    url = f"/admin/leads/lead/{lead.pk}/change/"
    page = admissions.get(url).content.decode()
    assert "Toestemmingen" in page and "Contact over deze aanvraag" in page
    response = admissions.post(
        url,
        {
            "status": "in_behandeling",
            "notes": "Gebeld, terugbellen",
            "email": "ander@example.nl",
            "submissions-TOTAL_FORMS": 1,
            "submissions-INITIAL_FORMS": 1,
            "submissions-0-id": lead.submissions.get().pk,
            "submissions-0-lead": lead.pk,
        },
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert (lead.status, lead.notes, lead.email) == (
        "in_behandeling",
        "Gebeld, terugbellen",
        SECRET,
    )


def test_bulk_status_changes(admissions, lead):
    other = make_lead("ander@example.nl")
    response = admissions.post(
        "/admin/leads/lead/",
        {"action": "set_status_aangemeld", "_selected_action": [lead.pk, other.pk]},
    )
    assert response.status_code == 302
    assert set(type(lead).objects.values_list("status", flat=True)) == {"aangemeld"}


def test_a_filter_on_what_people_sent_lists_each_person_once(admissions, personas):
    zij, student = personas["zij-instromer"], personas["student"]
    for persona, campaign in ((zij, "voorjaar"), (zij, "najaar"), (student, "voorjaar")):
        make_lead("twee@example.nl", persona=persona, utm_campaign=campaign)
    make_lead("een@example.nl", persona=student, utm_campaign="open-dag")
    for query, emails in [
        (f"submissions__persona__id__exact={zij.pk}", ["twee@example.nl"]),
        (f"submissions__persona__id__exact={student.pk}", ["een@example.nl", "twee@example.nl"]),
        ("submissions__utm_campaign=voorjaar", ["twee@example.nl"]),
        ("submissions__utm_campaign=open-dag", ["een@example.nl"]),
    ]:
        cl = admissions.get(f"/admin/leads/lead/?{query}").context["cl"]
        assert sorted(lead.email for lead in cl.result_list) == emails
        assert cl.result_count == len(emails)
    page = admissions.get("/admin/leads/lead/").content.decode()
    for campaign in ("voorjaar", "najaar", "open-dag"):
        assert f"?submissions__utm_campaign={campaign}" in page
