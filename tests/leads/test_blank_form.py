"""The blank lead form is made once per content version, and each visitor still gets it in
their own tone with their own tokens (leads/blank_form.py)."""

import re

import pytest
from django.test import Client
from django.test.signals import template_rendered

from leads import blank_form
from leads.forms import LeadForm
from leads.models import Submission
from mkbroute.lib import placeholders, tone_text
from mkbroute.lib.content import new_content_version
from personas.models import Tone
from programmes.models import Programme
from tests.factories import make_programme
from tests.leads.helpers import VALID, form_fields

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _kept_as_in_production(settings, monkeypatch):
    """Parts of pages are kept as long as cached pages are: not at all without a page cache.
    Each test starts without forms made by another."""
    settings.PAGE_CACHE_SECONDS = 600
    monkeypatch.setattr(blank_form, "_made", {})


@pytest.fixture
def form_renders():
    """How often the lead form's template was rendered."""
    rendered = []

    def count(sender, template, **kwargs):
        if template.name == "leads/includes/form.html":
            rendered.append(template.name)

    template_rendered.connect(count)
    yield rendered
    template_rendered.disconnect(count)


def page_in(tone_slug, url="/interesse/"):
    client = Client()
    client.cookies["toon"] = tone_slug
    return client.get(url).content.decode()


def test_one_rendering_of_the_form_serves_every_tone(personas, form_renders):
    Tone.objects.filter(slug="werkende-die-leert").update(address="u")
    student, worker = page_in("student"), page_in("werkende-die-leert")
    assert form_renders == ["leads/includes/form.html"]
    assert "Wat past het best bij jou?" in student and "Over jou" in student
    assert "Wat past het best bij u?" in worker and "Over u" in worker
    assert "plaats hebben voor een werkende die leert." in worker
    assert "plaats hebben voor een student." in student
    assert placeholders.MARK_OPEN not in student + worker


def test_the_same_form_on_a_persona_page_is_made_once_too(personas, form_renders):
    url = personas["zij-instromer"].get_absolute_url()
    page_in("student", url), page_in("werkende-die-leert", url)
    assert form_renders == ["leads/includes/form.html"]


def test_each_visitor_gets_their_own_tokens_and_can_send_the_form(personas):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    fields_first = form_fields(first.get("/interesse/").content.decode())
    fields_second = form_fields(second.get("/interesse/").content.decode())
    assert fields_first["token"] != fields_second["token"]
    assert fields_first["csrfmiddlewaretoken"] != fields_second["csrfmiddlewaretoken"]
    for n, (client, fields) in enumerate(((first, fields_first), (second, fields_second))):
        response = client.post("/interesse/", {**fields, **VALID, "email": f"p{n}@example.nl"})
        assert response.status_code == 302, n
    assert Submission.objects.count() == 2


def test_an_edit_shows_in_the_next_form(personas, form_renders):
    page_in("student")
    make_programme(name="Nieuwe opleiding Zorg")  # saved: a new content version
    assert "Nieuwe opleiding Zorg" in page_in("student")
    assert len(form_renders) == 2


def test_what_a_link_presets_makes_a_form_of_its_own(personas):
    checked = 'name="intent" value="callback" id="id_intent_1" required checked'
    assert checked not in page_in("student")
    assert checked in page_in("student", "/interesse/?vraag=callback")
    assert checked not in page_in("student", "/interesse/?vraag=onzin")


def test_the_tones_words_are_escaped_as_the_page_escapes_them(personas):
    Tone.objects.filter(slug="student").update(learner="<b>student</b>")
    page = page_in("student")
    assert "voor een &lt;b&gt;student&lt;/b&gt;." in page
    assert "<b>student</b>" not in page


def test_without_a_page_cache_each_form_is_made_anew(settings, personas, form_renders):
    settings.PAGE_CACHE_SECONDS = 0
    page_in("student"), page_in("student")
    assert len(form_renders) == 2


def test_marks_take_any_tones_words_capitalised_and_escaped():
    marks = placeholders.marked({"jouw", "lerende"})
    text = f"{marks['Jouw']} vraag, {marks['jouw']} {marks['lerende']} en {{jouw}}"
    words = {"jouw": "uw", "lerende": "R&D-medewerker"}
    filled = placeholders.fill_marked(text, words)
    assert filled == "Uw vraag, uw R&amp;D-medewerker en {jouw}"


def test_after_an_edit_that_changes_nothing_in_it_the_form_is_not_rendered_again(
    personas, form_renders
):
    before = page_in("student")
    new_content_version()  # an edit of something else: every kept part is made again
    after = page_in("student")
    assert len(form_renders) == 1
    assert strip_tokens(before) == strip_tokens(after)


def test_an_edit_of_what_the_form_shows_renders_it_again(personas, form_renders):
    page_in("student")
    programme = Programme.objects.published().first()
    programme.name = "Ad Ondernemen, vernieuwd"
    programme.save()
    assert "Ad Ondernemen, vernieuwd" in page_in("student")
    Tone.objects.filter(slug="student").update(address="u")  # no signal: a new version by hand
    new_content_version(models=["personas.tone"])
    assert "Wat past het best bij u?" in page_in("student")  # the words still fill in
    assert len(form_renders) == 2


def strip_tokens(page):
    return re.sub(r'name="(csrfmiddlewaretoken|token)" value="[^"]*"', "", page)


def test_forms_that_differ_only_in_a_ticked_box_are_not_taken_for_one_another(personas):
    tone = tone_text.MarkedTone()
    blank = blank_form.made_from(LeadForm(initial={}, tone=tone), tone)
    ticked = blank_form.made_from(LeadForm(initial={"consent_newsletter": True}, tone=tone), tone)
    assert blank != ticked


def test_a_page_s_form_stays_through_an_edit_of_its_own_programme_not_of_its_groups(
    personas, monkeypatch
):
    built = []
    blank = LeadForm.blank.__func__
    monkeypatch.setattr(
        LeadForm, "blank", classmethod(lambda cls, *a, **k: built.append(1) or blank(cls, *a, **k))
    )
    programme = Programme.objects.published().first()
    url = programme.get_absolute_url()
    page_in("student", url)
    programme.summary = "Een nieuwe samenvatting."
    programme.save()
    assert "Een nieuwe samenvatting." in page_in("student", url)
    assert len(built) == 1, "the form was kept"
    group = personas["student"].target_groups.first()
    group.label = "Ik heb een vwo-diploma of haal het dit jaar"
    group.save()
    assert "Ik heb een vwo-diploma of haal het dit jaar" in page_in("student", url)
    assert len(built) == 2
