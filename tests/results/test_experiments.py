"""Experiments on persona copy: planning, assignment, the page cache, counting and the result."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import Client, RequestFactory

from leads.models import Submission
from mkbroute.lib import cache
from mkbroute.lib.content import forget_version
from personas import assignment
from personas.experiments import Experiment, Variant
from results import experiments
from tests.factories import make_lead
from tests.leads.helpers import VALID, form_fields

pytestmark = pytest.mark.django_db
PAGE = "/voor/zij-instromer/"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
CHANGELIST = "/admin/personas/experiment/"


def browser():
    return Client(HTTP_USER_AGENT=FIREFOX)


def make_experiment(persona, baseline=10, effect=50, start=True):
    experiment = Experiment.objects.create(
        persona=persona, name="Kop over werken", baseline=baseline, effect=effect
    )
    Variant.objects.create(experiment=experiment, letter="A")
    Variant.objects.create(
        experiment=experiment,
        letter="B",
        title="Variant B: leren naast {jouw} werk",
        cta_button="Vraag B aan",
    )
    if start:
        experiments.start(experiment)
    return experiment


@pytest.fixture
def zij(settings, personas):
    settings.PAGE_CACHE_SECONDS = 600
    return personas["zij-instromer"]


def as_drawn(experiment, letter):
    """The cookie of a visitor who was drawn this letter: signed, as the site sets it."""
    return signing.Signer(salt=f"personas.assignment.{experiment.pk}").sign(letter)


def cookie_of(response, experiment):
    return response.cookies.get(f"proef-{experiment.pk}")


def test_an_experiment_cannot_start_without_a_sample_size(zij):
    experiment = make_experiment(zij, baseline=None, effect=None, start=False)
    with pytest.raises(ValidationError, match="steekproefgrootte"):
        experiments.start(experiment)
    assert Experiment.objects.get().status == "draft"


def test_the_plan_gives_the_sample_per_arm_and_the_duration_from_recent_visits(zij):
    for _ in range(9):
        browser().get(PAGE)
    experiment = make_experiment(zij, baseline=10, effect=5, start=False)
    experiments.plan(experiment)
    assert experiment.sample_per_arm == 686  # 10% -> 15%, alpha 0.05, power 0.8
    assert experiment.expected_days == 686 * 2 * 90 // 9, "9 visits in 90 days"


def test_an_experiment_that_would_take_over_a_year_cannot_start(zij, communications):
    for _ in range(9):
        browser().get(PAGE)
    make_experiment(zij, baseline=10, effect=5, start=False)  # 13,720 days at 9 visits
    pk = Experiment.objects.get().pk
    response = communications.post(
        CHANGELIST, {"action": "start", "_selected_action": [pk]}, follow=True
    )
    assert "langer dan een jaar" in response.content.decode()
    assert Experiment.objects.get().status == "draft"


def test_the_start_action_refuses_without_a_plan_and_says_why(zij, communications):
    make_experiment(zij, baseline=None, effect=None, start=False)
    pk = Experiment.objects.get().pk
    response = communications.post(
        CHANGELIST, {"action": "start", "_selected_action": [pk]}, follow=True
    )
    assert "zonder steekproefgrootte" in response.content.decode()
    assert Experiment.objects.get().status == "draft"


def test_a_new_visitor_draws_a_letter_kept_in_a_cookie_that_holds_only_that(zij):
    experiment = make_experiment(zij)
    visitor = browser()
    first = visitor.get(PAGE)
    letter, _signature = cookie_of(first, experiment).value.split(":")
    assert letter in ("A", "B")
    assert cookie_of(first, experiment).value == as_drawn(experiment, letter), "signed, no more"
    for _ in range(3):
        again = visitor.get(PAGE)
        assert cookie_of(again, experiment) is None, "set once"
        assert ("Variant B: leren naast jouw werk" in again.content.decode()) == (letter == "B")
    assert sum(Variant.objects.values_list("visitors", flat=True)) == 1


def test_bots_dnt_and_pages_without_an_experiment_get_no_cookie(zij, personas):
    experiment = make_experiment(zij)
    bot = Client(HTTP_USER_AGENT="Mozilla/5.0 (compatible; bingbot/2.0)").get(PAGE)
    dnt = Client(HTTP_USER_AGENT=FIREFOX, HTTP_DNT="1").get(PAGE)
    other = browser().get("/voor/student/")
    assert not any(
        c.key.startswith("proef-") for r in (bot, dnt, other) for c in r.cookies.values()
    )
    assert sum(Variant.objects.values_list("visitors", flat=True)) == 0
    experiment.end(Experiment.Status.FINISHED)
    assert cookie_of(browser().get(PAGE), experiment) is None, "only while it runs"


def test_the_page_cache_never_hands_one_variant_to_another(zij):
    experiment = make_experiment(zij)
    pages = {}
    for letter in ("A", "B", "A", "B"):
        visitor = browser()
        visitor.cookies[f"proef-{experiment.pk}"] = as_drawn(experiment, letter)
        pages.setdefault(letter, []).append(visitor.get(PAGE).content.decode())
    assert all("Variant B:" in page for page in pages["B"])
    assert not any("Variant B:" in page for page in pages["A"])


def test_a_variant_rendered_anew_never_changes_the_page_of_another(zij, monkeypatch):
    # Rendered anew each time (as for each new tone): the persona is kept for every visitor,
    # and variant B's copy must land on a copy of it.
    monkeypatch.setattr(cache, "cacheable_request", lambda request: False)
    experiment = make_experiment(zij)
    pages = {}
    for letter in ("A", "B", "A"):
        visitor = browser()
        visitor.cookies[f"proef-{experiment.pk}"] = as_drawn(experiment, letter)
        pages.setdefault(letter, []).append(visitor.get(PAGE).content.decode())
    assert "Variant B:" in pages["B"][0] and "Vraag B aan" in pages["B"][0]
    assert not any("Variant B:" in page or "Vraag B aan" in page for page in pages["A"])


def test_a_new_visitor_keeps_the_letter_drawn_when_the_experiment_stops_meanwhile(zij):
    """Another request's edit (a new version) between drawing the letter and setting the
    cookie: the cookie names the letter drawn, from the experiment it was drawn in."""
    experiment = make_experiment(zij)
    request = RequestFactory().get(PAGE, HTTP_USER_AGENT=FIREFOX)
    request.user = AnonymousUser()
    request.COOKIES = {}
    drawn = assignment.assign(request, zij.slug)
    experiment.end(Experiment.Status.STOPPED)  # as the admin, in another request
    forget_version()
    assert assignment.running(zij.slug) is None
    response = HttpResponse()
    assignment.remember(response, drawn)
    cookie = response.cookies[f"proef-{experiment.pk}"].value
    assert cookie == as_drawn(experiment, drawn[0])


def test_staff_can_look_at_each_variant(zij, communications):
    make_experiment(zij)
    assert "Variant B:" in communications.get(PAGE + "?variant=B").content.decode()
    assert "Variant B:" not in communications.get(PAGE + "?variant=A").content.decode()
    assert sum(Variant.objects.values_list("visitors", flat=True)) == 0, "staff are no visitors"


def test_a_lead_from_the_page_records_its_variant_and_counts_once_per_person(zij):
    experiment = make_experiment(zij)
    visitor = browser()
    letter = cookie_of(visitor.get(PAGE), experiment).value.split(":")[0]
    for _ in range(2):  # the same person twice
        fields = form_fields(visitor.get(PAGE).content.decode())
        visitor.post("/interesse/", {**fields, **VALID}, HTTP_REFERER=f"http://testserver{PAGE}")
    assert set(Submission.objects.values_list("experiment", "variant")) == {(experiment.pk, letter)}
    arms = dict((a, c) for a, _visitors, c in experiments.arms(experiment))
    assert arms[letter] == 1


def reach_sample(experiment, conversions):
    """Every arm at the planned sample, with these leads from the persona page."""
    Variant.objects.filter(experiment=experiment).update(visitors=experiment.sample_per_arm)
    for letter, n in conversions.items():
        for i in range(n):
            make_lead(
                f"{letter}{i}@example.nl",
                persona=experiment.persona,
                experiment=experiment,
                variant=letter,
                page_path=PAGE,
            )


def test_before_the_planned_sample_the_admin_shows_progress_only(zij, communications):
    experiment = make_experiment(zij)
    Variant.objects.filter(letter="B").update(visitors=7)
    html = communications.get(f"{CHANGELIST}{experiment.pk}/change/").content.decode()
    assert "Variant B: 7 bezoekers (50%)" in html
    assert "p-waarde" not in html and "betrouwbaarheidsinterval" not in html
    assert experiments.result(experiment) is None


def test_at_the_planned_sample_the_result_says_which_variant_wins(zij, communications):
    experiment = make_experiment(zij)
    reach_sample(experiment, {"A": 1, "B": 12})
    html = communications.get(f"{CHANGELIST}{experiment.pk}/change/").content.decode()
    assert "Variant B doet het aantoonbaar beter dan A." in html
    assert "95,0%-betrouwbaarheidsinterval" in html
    assert Experiment.objects.get().status == "finished"


def test_no_clear_difference_is_said_in_so_many_words(zij, communications):
    experiment = make_experiment(zij)
    reach_sample(experiment, {"A": 2, "B": 3})
    html = communications.get(f"{CHANGELIST}{experiment.pk}/change/").content.decode()
    assert "Geen aantoonbaar verschil" in html


def test_a_sample_ratio_mismatch_warns_and_stops_the_experiment(zij, communications):
    experiment = make_experiment(zij)
    Variant.objects.filter(letter="A").update(visitors=70)
    Variant.objects.filter(letter="B").update(visitors=130)
    html = communications.get(f"{CHANGELIST}{experiment.pk}/change/").content.decode()
    experiment.refresh_from_db()
    assert experiment.status == "stopped"
    assert "toewijzing niet klopt" in html
    assert cookie_of(browser().get(PAGE), experiment) is None, "a stopped one assigns nobody"


def test_the_winner_is_applied_to_the_persona_with_one_logged_action(zij, communications):
    experiment = make_experiment(zij)
    reach_sample(experiment, {"A": 1, "B": 12})
    experiments.review(experiment)
    response = communications.post(
        CHANGELIST, {"action": "apply_winner", "_selected_action": [experiment.pk]}
    )
    assert response.status_code == 302
    zij.refresh_from_db()
    assert (zij.title, zij.cta_button) == ("Variant B: leren naast {jouw} werk", "Vraag B aan")
    logged = LogEntry.objects.filter(object_id=str(zij.pk)).get()
    assert "Variant B" in logged.get_change_message()
    assert "Variant B: leren naast jouw werk" in browser().get(PAGE).content.decode()


def test_a_variants_text_speaks_the_pages_tone_and_refuses_unknown_placeholders(zij):
    experiment = make_experiment(zij)
    visitor = browser()
    visitor.cookies[f"proef-{experiment.pk}"] = as_drawn(experiment, "B")
    page = visitor.get(PAGE).content.decode()
    words = zij.tone.words()
    assert f"Variant B: leren naast {words['jouw']} werk" in page
    assert "{jouw}" not in page
    variant = experiment.variants.get(letter="B")
    variant.title = "Kop met {onbekend}"
    with pytest.raises(ValidationError):
        variant.full_clean()


def test_a_lead_with_a_letter_nobody_drew_counts_for_no_variant(zij):
    """12 leads with a hand-made proef cookie gave B 0 visitors and 12 conversions."""
    experiment = make_experiment(zij)
    for n in range(12):
        forger = browser()
        forger.cookies[f"proef-{experiment.pk}"] = "B"
        page = forger.get(PAGE).content.decode()
        fields = {**form_fields(page), **VALID, "email": f"forger{n}@example.nl"}
        forger.post("/interesse/", fields, HTTP_REFERER=f"http://testserver{PAGE}")
    counted = {
        letter: (visitors, leads) for letter, visitors, leads in experiments.arms(experiment)
    }
    assert sum(visitors for visitors, _leads in counted.values()) == 12, "each forger drawn anew"
    assert all(leads <= visitors for visitors, leads in counted.values())


def test_more_leads_than_visitors_in_a_variant_stops_the_experiment(zij):
    experiment = make_experiment(zij)
    Variant.objects.filter(experiment=experiment).update(visitors=50)
    for n in range(51):
        make_lead(
            f"p{n}@example.nl", persona=zij, experiment=experiment, variant="B", page_path=PAGE
        )
    experiments.review(experiment)
    experiment.refresh_from_db()
    assert experiment.status == Experiment.Status.STOPPED
    assert "meer leads dan bezoekers" in experiment.stop_reason
