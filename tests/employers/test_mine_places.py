"""What an employer does with its places and contact person through its personal link."""

import datetime
import io

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from employers.models import EmployerHistory, Werkplek, WerkplekChange
from mkbroute.lib.content import content_version, forget_version
from tests.factories import make_programme
from tests.leads.helpers import run_worker
from tests.mkbroute.test_personal_links import open_link

from .helpers import make_employer, make_werkplek

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return make_programme(name="Engineering", workplace_hours=24)


@pytest.fixture
def werkplek(programme):
    employer = make_employer(name="De Vries Installatie", contact_email="henk@devries.example")
    return make_werkplek(
        employer=employer, programmes=[programme], title="Servicemonteur", hours_per_week=32
    )


def signed_in(employer):
    """A browser that opened the employer's link: it has the two-hour session."""
    client = Client()
    assert open_link(client, employer.personal_link()).status_code == 200
    return client


def edit_url(werkplek, action=""):
    return f"/werkgevers/mijn/plek/{werkplek.slug}/{action}"


def place_data(werkplek, **changes):
    """The edit form as the page fills it in, with some fields changed."""
    data = {
        "title": werkplek.title,
        "description": werkplek.description,
        "salary_min": werkplek.salary_min or "",
        "salary_max": werkplek.salary_max or "",
        "open_until": werkplek.open_until.isoformat(),
        "places": werkplek.places,
        "programmes": [p.slug for p in werkplek.programmes.all()],
        "hours_per_week": werkplek.hours_per_week,
        "has_supervisor": "on" if werkplek.has_supervisor else "",
        "place": werkplek.place,
        "pc4": werkplek.pc4,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def public_text(client, werkplek):
    return client.get(werkplek.get_absolute_url()).content.decode()


def history(employer):
    return list(employer.history.values_list("what", "via_link", "by__username"))


def database():
    out = io.StringIO()
    call_command("dumpdata", "employers", "leads", stdout=out)
    return out.getvalue()


def accept(admissions, werkplek, action="accept_check"):
    data = {"action": action, "_selected_action": [werkplek.pk]}
    response = admissions.post("/admin/employers/werkplek/", data)
    assert response.status_code == 302


def test_editing_the_text_salary_date_and_places_goes_live_at_once(werkplek):
    visitor = Client()
    assert "Servicemonteur" in public_text(visitor, werkplek)  # now in the page cache
    client = signed_in(werkplek.employer)
    until = timezone.localdate() + datetime.timedelta(days=60)
    data = place_data(
        werkplek,
        title="Servicemonteur installatietechniek",
        salary_min="2400",
        salary_max="2900",
        open_until=until.isoformat(),
        places="3",
    )
    response = client.post(edit_url(werkplek), data)
    assert response.status_code == 302 and response["Location"] == "/werkgevers/mijn/"
    assert "Opgeslagen." in client.get("/werkgevers/mijn/").content.decode()
    werkplek.refresh_from_db()
    assert (werkplek.title, werkplek.salary_min, werkplek.salary_max) == (
        "Servicemonteur installatietechniek",
        2400,
        2900,
    )
    assert (werkplek.open_until, werkplek.places) == (until, 3)
    assert not WerkplekChange.objects.exists()
    page = public_text(visitor, werkplek)
    assert "Servicemonteur installatietechniek" in page and "2.900" in page
    [(what, via_link, by)] = history(werkplek.employer)
    assert what.startswith("Gewijzigd: functie, salaris vanaf") and via_link and by is None


def test_a_change_to_what_admissions_screen_waits_while_the_public_place_stays(
    werkplek, admissions
):
    other = make_programme(name="Technische Bedrijfskunde", workplace_hours=24)
    visitor = Client()
    client = signed_in(werkplek.employer)
    data = place_data(werkplek, hours_per_week="36", programmes=[other.slug], pc4="3811")
    data["place"] = "Amersfoort"
    response = client.post(edit_url(werkplek), data)
    assert response.status_code == 302
    overview = client.get("/werkgevers/mijn/").content.decode()
    assert "wacht op controle" in overview
    page = client.get(edit_url(werkplek)).content.decode()
    assert "wacht op controle door toelating" in page and "Wacht op controle" in page
    assert "Uren per week: 32 → 36" in page
    assert "Engineering → Technische Bedrijfskunde" in page
    werkplek.refresh_from_db()
    assert (werkplek.hours_per_week, werkplek.place) == (32, "Utrecht")
    assert "<dd>32</dd>" in public_text(visitor, werkplek)
    # Admissions see it waiting, in the list, on the place and on the employer.
    listing = admissions.get("/admin/employers/werkplek/?controle=wacht").content.decode()
    assert "Servicemonteur" in listing and "wacht op controle" in listing
    change_page = admissions.get(f"/admin/employers/werkplek/{werkplek.pk}/change/")
    assert "uren per week: 32 → 36" in change_page.content.decode()
    employer_page = admissions.get(f"/admin/employers/employer/{werkplek.employer_id}/change/")
    assert "uren per week: 32 → 36" in employer_page.content.decode()

    accept(admissions, werkplek)
    werkplek.refresh_from_db()
    assert (werkplek.hours_per_week, werkplek.place, werkplek.pc4) == (36, "Amersfoort", "3811")
    assert list(werkplek.programmes.all()) == [other]
    assert werkplek.province == "UT" and not WerkplekChange.objects.exists()
    assert "<dd>36</dd>" in public_text(visitor, werkplek)
    assert history(werkplek.employer)[0] == (
        "Wijziging goedgekeurd door toelating",
        False,
        "toelating",
    )


def test_admissions_reject_a_change_and_the_place_stays_as_published(werkplek, admissions):
    client = signed_in(werkplek.employer)
    client.post(edit_url(werkplek), place_data(werkplek, hours_per_week="36"))
    assert WerkplekChange.objects.filter(werkplek=werkplek).exists()
    accept(admissions, werkplek, "reject_check")
    werkplek.refresh_from_db()
    assert werkplek.hours_per_week == 32 and not WerkplekChange.objects.exists()
    assert werkplek.is_public
    assert history(werkplek.employer)[0][0] == "Wijziging afgewezen door toelating"


def test_editing_back_to_the_published_values_withdraws_the_waiting_change(werkplek):
    client = signed_in(werkplek.employer)
    client.post(edit_url(werkplek), place_data(werkplek, hours_per_week="36"))
    form = client.get(edit_url(werkplek)).content.decode()
    assert 'value="36"' in form  # the form shows what waits
    client.post(edit_url(werkplek), place_data(werkplek, hours_per_week="32"))
    assert not WerkplekChange.objects.exists()
    assert history(werkplek.employer)[0][0] == "Wijziging die op controle wachtte ingetrokken"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"salary_min": "3000", "salary_max": "2500"}, "Het salaris &#x27;tot&#x27; is lager"),
        ({"open_until": "2020-01-01"}, "Deze datum ligt in het verleden"),
        ({"open_until": "2092-01-01"}, "meer dan twee jaar vooruit. Klopt het jaartal?"),
        ({"places": "0"}, "Vul ten minste 1 plek in"),
        ({"places": "51"}, "Vul ten hoogste 50 plekken in"),
        ({"hours_per_week": "20"}, "Engineering vraagt minimaal 24 uur"),
        ({"has_supervisor": ""}, "er is geen praktijkopleider"),
        ({"programmes": []}, "Kies ten minste één opleiding"),
        ({"pc4": "0000"}, "Deze postcode kennen we niet"),
        ({"title": ""}, "Functie"),
    ],
)
def test_a_wrong_edit_gets_a_dutch_message_and_changes_nothing(werkplek, change, message):
    client = signed_in(werkplek.employer)
    before = database()
    response = client.post(edit_url(werkplek), place_data(werkplek, **change))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Controleer het formulier" in response.content.decode()
    assert database() == before


def test_closing_a_place_takes_it_off_the_site_and_reopening_brings_it_back(werkplek):
    visitor = Client()
    assert "Servicemonteur" in visitor.get("/werkplekken/").content.decode()
    client = signed_in(werkplek.employer)
    response = client.post(edit_url(werkplek, "sluiten/"), {"status": "vervuld"})
    assert response.status_code == 302
    werkplek.refresh_from_db()
    assert werkplek.status == Werkplek.Status.FILLED
    assert "Servicemonteur" not in visitor.get("/werkplekken/").content.decode()
    assert visitor.get(werkplek.get_absolute_url()).status_code == 404
    assert "is gesloten (vervuld)" in client.get("/werkgevers/mijn/").content.decode()

    Werkplek.objects.filter(pk=werkplek.pk).update(
        confirmed_at=timezone.now() - datetime.timedelta(days=50),
        open_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert client.post(edit_url(werkplek, "heropenen/")).status_code == 302
    werkplek.refresh_from_db()
    assert werkplek.status == Werkplek.Status.OPEN
    assert timezone.now() - werkplek.confirmed_at < datetime.timedelta(minutes=1)
    assert werkplek.open_until > timezone.localdate()  # a date that passed starts afresh
    assert "Servicemonteur" in visitor.get("/werkplekken/").content.decode()
    assert [what for what, _link, _by in history(werkplek.employer)] == [
        "Heropend",
        "Gesloten: vervuld",
    ]


def test_closing_asks_why_and_refuses_a_place_closed_already(werkplek):
    client = signed_in(werkplek.employer)
    response = client.post(edit_url(werkplek, "sluiten/"), {"status": "open"}, follow=True)
    assert "Kies of de werkplek vervuld is of niet doorgaat." in response.content.decode()
    client.post(edit_url(werkplek, "sluiten/"), {"status": "gesloten"})
    response = client.post(edit_url(werkplek, "sluiten/"), {"status": "vervuld"}, follow=True)
    assert "Deze werkplek is al gesloten." in response.content.decode()
    werkplek.refresh_from_db()
    assert werkplek.status == Werkplek.Status.CLOSED
    response = client.post(edit_url(werkplek, "heropenen/"))
    response = client.post(edit_url(werkplek, "heropenen/"), follow=True)
    assert "Deze werkplek is al open." in response.content.decode()


def test_a_copy_for_the_next_intake_waits_for_the_check(werkplek, admissions):
    client = signed_in(werkplek.employer)
    assert client.post(edit_url(werkplek, "kopieren/")).status_code == 302
    copy = Werkplek.objects.exclude(pk=werkplek.pk).get()
    assert (copy.title, copy.hours_per_week, copy.description) == (
        werkplek.title,
        werkplek.hours_per_week,
        werkplek.description,
    )
    assert list(copy.programmes.all()) == list(werkplek.programmes.all())
    assert copy.screened_at is None and copy.slug != werkplek.slug
    assert not copy.is_public
    assert Client().get(copy.get_absolute_url()).status_code == 404
    assert "wacht op controle" in client.get("/werkgevers/mijn/").content.decode()
    page = client.get(edit_url(copy)).content.decode()
    assert "Toelating controleert deze nieuwe werkplek" in page
    assert "Servicemonteur" in admissions.get("/admin/zonder-werkplek/").content.decode()
    accept(admissions, copy)
    copy.refresh_from_db()
    assert copy.is_public and Client().get(copy.get_absolute_url()).status_code == 200


def test_adding_or_copying_sent_twice_makes_one_place(werkplek):
    """A double click, or a page sent again from the browser's history: one new place for
    admissions to check, not two the same."""
    employer = werkplek.employer
    client = signed_in(employer)
    data = place_data(werkplek, title="Werkvoorbereider")
    for _ in range(2):
        assert client.post("/werkgevers/mijn/nieuw/", data).status_code == 302
    assert employer.werkplekken.filter(title="Werkvoorbereider").count() == 1
    page = client.get("/werkgevers/mijn/").content.decode()
    assert "Werkvoorbereider was al toegevoegd en wacht op controle" in page
    for _ in range(2):
        assert client.post(edit_url(werkplek, "kopieren/")).status_code == 302
    copies = employer.werkplekken.filter(title="Servicemonteur").exclude(pk=werkplek.pk)
    assert copies.count() == 1
    page = client.get("/werkgevers/mijn/").content.decode()
    assert "Er wacht al een kopie van Servicemonteur" in page
    copied = [what for what, _link, _by in history(employer) if what.startswith("Kopie")]
    assert len(copied) == 1
    client.post(edit_url(copies.get()), place_data(copies.get(), title="Servicemonteur 2027"))
    client.post(edit_url(werkplek, "kopieren/"))
    assert copies.count() == 1, "a copy changed since is no twin: a new copy is made"


def test_an_added_place_waits_for_the_check_and_edits_to_it_apply_at_once(
    werkplek, programme, admissions
):
    employer = werkplek.employer
    client = signed_in(employer)
    form = client.get("/werkgevers/mijn/nieuw/").content.decode()
    assert 'value="Utrecht"' in form
    data = place_data(werkplek, title="Werkvoorbereider", hours_per_week="28")
    assert client.post("/werkgevers/mijn/nieuw/", data).status_code == 302
    added = employer.werkplekken.get(title="Werkvoorbereider")
    assert added.screened_at is None and not added.is_public
    assert "Werkvoorbereider" not in Client().get("/werkplekken/").content.decode()
    # Nobody sees it yet: what admissions screen changes at once, to be checked as a whole.
    client.post(edit_url(added), place_data(added, hours_per_week="30"))
    added.refresh_from_db()
    assert added.hours_per_week == 30 and not WerkplekChange.objects.exists()
    tasks = admissions.get("/admin/").content.decode()
    assert "Wacht op controle: 1 werkplek" in tasks
    accept(admissions, added)
    assert "Werkvoorbereider" in Client().get("/werkplekken/").content.decode()
    assert [what for what, _link, _by in history(employer)] == [
        "Werkplek gecontroleerd door toelating",
        "Gewijzigd: uren per week",
        "Werkplek toegevoegd; wacht op controle door toelating",
    ]


def test_an_employer_cannot_bury_admissions_in_new_places(werkplek, monkeypatch):
    monkeypatch.setattr("employers.mine_forms.MAX_WAITING", 1)
    client = signed_in(werkplek.employer)
    assert client.post(edit_url(werkplek, "kopieren/")).status_code == 302
    response = client.post(edit_url(werkplek, "kopieren/"), follow=True)
    assert "Er wachten al 1 nieuwe werkplekken op controle" in response.content.decode()
    response = client.post("/werkgevers/mijn/nieuw/", place_data(werkplek))
    assert "Er wachten al 1 nieuwe werkplekken op controle" in response.content.decode()
    assert werkplek.employer.werkplekken.count() == 2


def test_a_new_contact_person_ends_the_old_link_and_gets_one_by_mail(werkplek):
    employer = werkplek.employer
    old_link = employer.personal_link()
    client = signed_in(employer)
    data = {
        "contact_name": "Sara de Vries",
        "contact_role": "HR",
        "contact_email": "sara@devries.example",
        "contact_phone": "033 7654321",
    }
    response = client.post("/werkgevers/mijn/contactpersoon/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sara de Vries is nu de contactpersoon" in page
    assert "Uw link en deze sessie werken niet meer" in page
    assert response.cookies["link_werkgever"].value == ""  # the session ends in the browser
    assert client.get("/werkgevers/mijn/").status_code in (403, 410)
    assert Client().get(old_link.removeprefix("http://testserver")).status_code == 410
    run_worker()
    [message] = [m for m in mail.outbox if m.to == ["sara@devries.example"]]
    assert "U bent de contactpersoon van De Vries Installatie" in message.subject
    link = next(line for line in message.body.splitlines() if "/werkgevers/mijn/?t=" in line)
    assert "Sara de Vries" in open_link(Client(), link.strip()).content.decode()
    employer.refresh_from_db()
    assert (employer.contact_role, employer.contact_phone) == ("HR", "033 7654321")
    assert history(employer)[0][:2] == (
        "Nieuwe contactpersoon; de link van de vorige werkt niet meer",
        True,
    )
    # A forwarded link could hand the page over too: admissions hear of it, to check.
    [notice] = [m for m in mail.outbox if m.to == [settings.EMPLOYERS_NOTIFY_EMAIL]]
    assert notice.subject.startswith("Nieuwe contactpersoon via de persoonlijke link")
    assert f"/admin/employers/employer/{employer.pk}/change/" in notice.body


def test_a_new_phone_number_of_the_same_contact_keeps_their_link(werkplek):
    employer = werkplek.employer
    client = signed_in(employer)
    data = {
        "contact_name": employer.contact_name,
        "contact_role": employer.contact_role,
        "contact_email": employer.contact_email,
        "contact_phone": "06 12345678",
    }
    response = client.post("/werkgevers/mijn/contactpersoon/", data)
    assert response.status_code == 302
    assert client.get("/werkgevers/mijn/").status_code == 200
    run_worker()
    assert mail.outbox == []


def test_a_wrong_contact_gets_a_dutch_message(werkplek):
    client = signed_in(werkplek.employer)
    data = {"contact_name": "", "contact_email": "geen-adres", "contact_phone": "abc"}
    page = client.post("/werkgevers/mijn/contactpersoon/", data).content.decode()
    assert "Vul de naam in." in page
    assert "Dit e-mailadres klopt niet" in page and "Dit telefoonnummer klopt niet" in page
    werkplek.employer.refresh_from_db()
    assert werkplek.employer.contact_email == "henk@devries.example"


def test_a_place_of_another_employer_is_not_found(werkplek):
    client = signed_in(make_employer())
    before = database()
    assert client.get(edit_url(werkplek)).status_code == 404
    assert client.post(edit_url(werkplek), place_data(werkplek, title="Van mij")).status_code == 404
    for action, data in (
        ("sluiten/", {"status": "vervuld"}),
        ("heropenen/", {}),
        ("kopieren/", {}),
    ):
        assert client.post(edit_url(werkplek, action), data).status_code == 404
    assert database() == before


def test_an_action_needs_the_session_and_the_pages_csrf_token(werkplek):
    before = database()
    assert Client().post(edit_url(werkplek, "kopieren/")).status_code == 403
    client = signed_in(werkplek.employer)
    client.handler.enforce_csrf_checks = True
    assert client.post(edit_url(werkplek, "sluiten/"), {"status": "vervuld"}).status_code == 403
    assert database() == before


def test_the_overview_lists_each_place_with_its_state_and_links_to_its_own_page(werkplek):
    Werkplek.objects.filter(pk=werkplek.pk).update(status=Werkplek.Status.UNCONFIRMED)
    client = signed_in(werkplek.employer)
    response = client.get("/werkgevers/mijn/")
    # "no-referrer" would make browsers send "Origin: null" with the forms: CSRF refuses that.
    assert response["Referrer-Policy"] == "same-origin"
    overview = response.content.decode()
    assert f'<a href="{edit_url(werkplek)}">Servicemonteur</a>' in overview
    assert "Niet bevestigd" in overview
    assert f'action="/werkgevers/mijn/werkplek/{werkplek.pk}/nog-open/"' in overview
    page = client.get(edit_url(werkplek)).content.decode()
    assert "Niet bevestigd" in page and "niet op de site" in page
    assert f'action="{edit_url(werkplek, "heropenen/")}"' in page
    assert f'action="{edit_url(werkplek, "sluiten/")}"' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_the_page_asks_the_same_number_of_queries_for_2_and_20_places(programme):
    counts = []
    for n in (2, 20):
        employer = make_employer()
        for i in range(n):
            werkplek = make_werkplek(employer=employer, programmes=[programme])
            if i % 2:
                WerkplekChange.objects.create(
                    werkplek=werkplek,
                    proposed={
                        "programmes": [programme.pk],
                        "programme_names": [programme.name],
                        "hours_per_week": 36,
                        "has_supervisor": True,
                        "place": werkplek.place,
                        "pc4": werkplek.pc4,
                    },
                )
            employer.record("Iets gedaan", werkplek=werkplek)
        client = signed_in(employer)
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/werkgevers/mijn/")
        assert page.status_code == 200
        assert page.content.decode().count(">wacht op controle</span>") == n // 2
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_admissions_revoke_and_resend_links_recorded_with_their_name(werkplek, admissions):
    employer = werkplek.employer
    client = signed_in(employer)
    old_link = employer.personal_link()
    data = {"action": "revoke_links", "_selected_action": [employer.pk]}
    assert admissions.post("/admin/employers/employer/", data).status_code == 302
    assert client.get("/werkgevers/mijn/").status_code == 410
    assert Client().get(old_link.removeprefix("http://testserver")).status_code == 410
    data["action"] = "send_link"
    assert admissions.post("/admin/employers/employer/", data).status_code == 302
    run_worker()
    [message] = mail.outbox
    assert message.to == ["henk@devries.example"]
    link = next(line for line in message.body.splitlines() if "/werkgevers/mijn/?t=" in line)
    assert open_link(Client(), link.strip()).status_code == 200
    assert history(employer)[:2] == [
        ("Nieuwe persoonlijke link gestuurd", False, "toelating"),
        ("Persoonlijke links ingetrokken", False, "toelating"),
    ]
    page = admissions.get(f"/admin/employers/employer/{employer.pk}/change/").content.decode()
    assert "Nieuwe persoonlijke link gestuurd" in page and "Persoonlijke links ingetrokken" in page


def test_the_history_stays_out_of_the_page_cache(werkplek):
    """A record of what an employer did changes no public page: the cache keeps its pages."""
    before = content_version()
    werkplek.employer.record("Iets gedaan")
    assert EmployerHistory.objects.count() == 1
    forget_version()
    assert content_version() == before


def test_a_far_closing_date_set_by_admissions_does_not_block_other_edits(werkplek):
    far = timezone.localdate() + datetime.timedelta(days=3 * 365)
    Werkplek.objects.filter(pk=werkplek.pk).update(open_until=far)
    werkplek.refresh_from_db()
    client = signed_in(werkplek.employer)
    client.post(edit_url(werkplek), place_data(werkplek, title="Eerste monteur"))
    werkplek.refresh_from_db()
    assert (werkplek.title, werkplek.open_until) == ("Eerste monteur", far)
