"""The rules of issue 3 on the demo content, with the page cache switched on."""

import re

import pytest
from django.core import mail
from django.test import Client

from personas.models import TargetGroup, Tone
from programmes.models import Event, Programme
from tests.leads.helpers import run_worker, submit
from tests.personas.address import sentences_with, wrong_address
from tests.personas.visible import visible_text

pytestmark = pytest.mark.django_db

STUDENT_WORD = re.compile(r"\bstudent(en)?\b", re.IGNORECASE)
FINDER = "/keuzehulp/?stap=uitslag"


@pytest.fixture
def demo(demo_content, settings):
    settings.PAGE_CACHE_SECONDS = 600


def pages():
    paths = [
        "/",
        "/opleidingen/",
        "/opleidingen/?degree=bachelor",
        "/activiteiten/",
        "/keuzehulp/",
        FINDER,
        f"{FINDER}&education=havo&work=nope&goal=&over_21=misschien",
        "/interesse/",
        "/privacy/",
        "/toegankelijkheid/",
        "/bestaat-niet/",
    ]
    paths += [p.get_absolute_url() for p in Programme.objects.published()]
    paths += [e.get_absolute_url() for e in Event.objects.published()]
    return paths


def read(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404), path
    return visible_text(response.content.decode())


def test_a_worker_never_reads_student_anywhere(demo):
    warm = Client()  # a student visitor first, so the cache holds student pages
    warm.get("/voor/student/")
    for path in pages():
        warm.get(path)

    worker = Client()
    assert "werkende die leert" in read(worker, "/voor/zij-instromer/")
    for path in [*pages(), "/voor/zij-instromer/"]:
        text = read(worker, path)
        assert not STUDENT_WORD.search(text), f"{path}: …{STUDENT_WORD.search(text)}…"
    assert worker.cookies["toon"].value == "werkende-die-leert"

    # The form with every error showing, the thank-you page and the e-mail.
    errors = submit(
        worker,
        "/voor/zij-instromer/",
        first_name="",
        email="fout",
        phone="x",
        consent_contact=None,
        hours_per_week="veel",
    )
    assert "Controleer het formulier" in errors.content.decode()
    assert not STUDENT_WORD.search(visible_text(errors.content.decode()))
    assert submit(worker, "/voor/zij-instromer/").status_code == 302
    assert not STUDENT_WORD.search(read(worker, "/interesse/bedankt/?verzonden=1"))
    run_worker()
    message = mail.outbox[-1]
    assert not STUDENT_WORD.search(message.subject + message.body + message.alternatives[0][0])


def test_the_finder_keeps_a_working_doorstromer_in_the_worker_tone(demo):
    worker = Client()
    result = read(worker, f"{FINDER}&education=mbo4&work=mkb_job&goal=keep_learning&over_21=ja")
    assert not STUDENT_WORD.search(result)
    for path in ["/voor/doorstromer/", "/interesse/?persona=doorstromer", *pages()]:
        assert not STUDENT_WORD.search(read(worker, path)), path


def test_the_student_tone_says_student(demo):
    student = Client()
    assert STUDENT_WORD.search(read(student, "/voor/student/"))
    programme = Programme.objects.published().first()
    page = read(student, programme.get_absolute_url())
    assert "Jouw week" in page and "Je werkt 4 dagen per week" in page


def test_two_visitors_in_different_tones_each_get_their_own_page_from_the_cache(demo):
    programme = Programme.objects.published().first()
    student, worker = Client(), Client()
    student.get("/voor/student/")
    worker.get("/voor/zij-instromer/")
    url = programme.get_absolute_url()

    summary_for_students = Tone.objects.get(slug="student").render(programme.summary)
    first = read(student, url)
    assert "Jouw week" in first and summary_for_students in first

    response = worker.get(url)
    assert "programmes/detail.html" in rendered(response), "made for this tone"
    worker_page = visible_text(response.content.decode())
    assert "Uw week" in worker_page and not STUDENT_WORD.search(worker_page)
    response = student.get(url)
    assert rendered(response) == [], "served from the cache"
    again = visible_text(response.content.decode())
    assert "Jouw week" in again and summary_for_students in again


def rendered(response):
    return [template.name for template in response.templates]


def test_an_edit_in_the_admin_is_seen_at_once_despite_the_cache(demo):
    programme = Programme.objects.published().first()
    visitor = Client()
    assert "Een nieuwe samenvatting" not in read(visitor, programme.get_absolute_url())
    programme.summary = "Een nieuwe samenvatting, net aangepast."
    programme.save()
    assert "Een nieuwe samenvatting" in read(visitor, programme.get_absolute_url())


def test_new_visitors_get_the_landing_page_from_the_cache_and_still_their_cookie(demo):
    from personas.models import Persona

    first = Client()
    first.get("/voor/zij-instromer/")
    Persona.objects.filter(slug="zij-instromer").update(title="Stiekem gewijzigd")
    newcomer = Client()
    response = newcomer.get("/voor/zij-instromer/")
    assert "Stiekem gewijzigd" not in response.content.decode(), "served from the cache"
    assert response.cookies["toon"].value == "werkende-die-leert"
    student = Client()
    student.get("/voor/student/")
    switched = student.get("/voor/zij-instromer/")
    assert switched.cookies["toon"].value == "werkende-die-leert"
    assert not STUDENT_WORD.search(visible_text(switched.content.decode()))


# Answers that lead to each target group, and the groups they lead to; every one of them still
# needs an employer, so the answer gives its tips.
FINDER_ANSWERS = [
    (("mbo4", "looking", "keep_learning", "nee"), "mbo4"),
    (("havo", "other_job", "new_profession", "nee"), "havo"),
    (("vwo", "looking", "new_profession", "nee"), "vwo"),
    (("hbo_started", "looking", "keep_learning", "nee"), "hbo_dropout"),
    (("mbo4", "other_job", "keep_learning", "ja"), "employee_step_up"),
    (("havo", "other_job", "diploma_for_work", "ja"), "employee_verzilveren"),
    (("vwo", "looking", "new_profession", "ja"), "career_switcher"),
]


def finder_answer(education, work, goal, over_21):
    return f"{FINDER}&education={education}&work={work}&goal={goal}&over_21={over_21}"


@pytest.mark.parametrize(("answers", "key"), FINDER_ANSWERS)
def test_the_finders_answer_speaks_as_the_landing_page_of_its_persona(demo, answers, key):
    group = TargetGroup.objects.select_related("persona").get(key=key)
    tone = group.active_tone
    visitor = Client()
    response = visitor.get(finder_answer(*answers))
    answer = visible_text(response.content.decode())
    assert f"“{group.label}”" in answer
    landing = visitor.get(group.persona.get_absolute_url())
    for page in (response, landing):
        text = visible_text(page.content.decode())
        where = page.wsgi_request.path
        assert page.wsgi_request.tone.slug == tone.slug, where
        assert not wrong_address(text, tone.address), sentences_with(
            text, wrong_address(text, tone.address)
        )
        assert re.search(rf"\b{tone.learner}\b", text), f"{where} names the {tone.learner}"
        assert "deelnemer" not in text, f"{where}: the neutral tone's word"


@pytest.mark.parametrize("goal", ["keep_learning", "diploma_for_work", "new_profession"])
@pytest.mark.parametrize("work", ["looking", "other_job", "mkb_job"])
def test_an_18_year_old_with_vwo_reads_as_a_student_not_a_career_switcher(demo, work, goal):
    response = Client().get(finder_answer("vwo", work, goal, "nee"))
    text = visible_text(response.content.decode())
    assert response.wsgi_request.tone.slug == "student"
    assert "“Ik heb vwo, of haal het dit jaar”" in text
    assert "nieuw vak" not in text and "werkende die leert" not in text
    assert 'href="/voor/student/"' in response.content.decode()
