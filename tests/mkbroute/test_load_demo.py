"""load_demo: most tests read the one load of the session (demo_content); a few run it again."""

import pytest
from django.contrib.auth import get_user_model

from mkbroute.lib.images import rendition_name
from programmes.models import Event, Field, Intake, Programme
from tests.helpers import command_output

pytestmark = pytest.mark.django_db


def load_demo(*args):
    return command_output("load_demo", *args)


def test_it_fills_the_catalogue_with_published_programmes_intakes_and_events(demo_content):
    programmes = Programme.objects.published()
    assert programmes.count() >= 8
    assert set(programmes.values_list("degree", flat=True)) == {"ad", "bachelor"}
    assert Field.objects.count() >= 6
    assert all(p.next_intake() is not None for p in programmes)
    assert Event.objects.published().upcoming().count() >= 4
    assert "Opleidingen: 9" in demo_content.output


def test_it_draws_an_image_with_renditions_for_every_programme(demo_content, settings):
    settings.MEDIA_ROOT = demo_content.media
    for programme in Programme.objects.all():
        assert programme.image
        assert programme.image.storage.exists(rendition_name(programme.image.name, 480))


def test_running_it_twice_adds_nothing(demo_content, settings):
    settings.DEBUG = True
    settings.MEDIA_ROOT = demo_content.media
    output = load_demo("--leads", "0")
    assert "admin" in output
    counts = (Programme.objects.count(), Intake.objects.count(), Event.objects.count())
    names = sorted(Programme.objects.values_list("image", flat=True))
    load_demo("--leads", "0")
    assert (Programme.objects.count(), Intake.objects.count(), Event.objects.count()) == counts
    assert sorted(Programme.objects.values_list("image", flat=True)) == names
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


def test_it_makes_no_known_password_admin_when_debug_is_off(demo_content):
    assert not get_user_model().objects.exists()
    assert "DJANGO_DEBUG staat uit" in demo_content.output


def test_it_fills_tones_groups_personas_stories_channels_and_the_matrix(demo_content):
    from personas.models import Channel, MatrixCell, Persona, Story, TargetGroup, Tone

    slugs = set(Persona.objects.values_list("slug", flat=True))
    assert slugs == {"student", "doorstromer", "zij-instromer"}
    assert TargetGroup.objects.count() == 7
    assert {t.learner for t in Tone.objects.all()} >= {"student", "werkende die leert"}
    assert Tone.objects.get(is_default=True).learner == "deelnemer"
    assert Story.objects.count() >= 6
    assert Story.objects.values("persona").distinct().count() == 3
    assert Channel.objects.count() >= 10
    assert Channel.objects.filter(owner=Channel.Owner.PARTNER).count() >= 4
    assert MatrixCell.objects.values("target_group").distinct().count() == 7
    worker = TargetGroup.objects.get(key="employee_step_up")
    assert worker.active_tone.learner == "werkende die leert"
    assert worker.persona.tone.learner == "student"


def test_it_adds_demo_leads_spread_over_personas_channels_statuses_and_months(demo_content):
    from leads.models import Lead, Submission

    load_demo("--leads", "400")
    assert Lead.objects.filter(email__endswith="@example.org").count() == 400
    submissions = Submission.objects.all()
    assert submissions.values("persona").distinct().count() == 3
    assert submissions.values("channel").distinct().count() >= 10
    assert Lead.objects.values("status").distinct().count() == 5
    months = {s.created_at.strftime("%Y-%m") for s in submissions.only("created_at")}
    assert len(months) >= 6
    load_demo("--leads", "400")
    assert Lead.objects.count() == 400


def test_a_campaign_visit_through_each_demo_channel_lands_on_that_channel(demo_content):
    from django.test import Client
    from django.utils import timezone

    from leads.models import ChannelRule
    from personas.models import Channel
    from results import funnel_report
    from tests.results.test_funnel import FIREFOX

    rules = list(ChannelRule.objects.all())
    assert {rule.channel_id for rule in rules} == set(Channel.objects.values_list("pk", flat=True))
    for rule in rules:
        visitor = Client(HTTP_USER_AGENT=FIREFOX)
        if "." in rule.utm_source:  # a site that links to us without campaign tags
            visitor.get("/opleidingen/", HTTP_REFERER=f"https://www.{rule.utm_source}/bericht")
        else:
            medium = rule.utm_medium or "social"
            visitor.get(f"/opleidingen/?utm_source={rule.utm_source}&utm_medium={medium}")
    today = timezone.localdate()
    visits = {}
    for (_day, _page, _tone, channel), counts in funnel_report.figures(today, today).items():
        visits[channel] = visits.get(channel, 0) + counts[0]
    expected = {}
    for rule in rules:
        expected[rule.channel_id] = expected.get(rule.channel_id, 0) + 1
    assert visits == expected  # none under "overig" (no channel)


def test_demo_leads_carry_the_campaign_tags_of_their_channel(demo_content):
    from leads.models import ChannelRule, Submission

    load_demo("--leads", "60")
    submissions = Submission.objects.all()
    assert submissions.exclude(channel=None).count() >= 40
    for submission in submissions:
        found = ChannelRule.channel_for(submission.utm_source, submission.utm_medium)
        assert found == submission.channel, submission.utm_source


def test_a_newcomer_logs_in_as_each_demo_role_with_what_make_run_prints(demo_content, settings):
    from django.test import Client

    settings.DEBUG, settings.ADMIN_2FA = True, True
    settings.MEDIA_ROOT = demo_content.media
    printed = load_demo("--leads", "0")
    for username in ("admin", "communicatie", "toelating"):
        assert f"{username:<13} wachtwoord mkbroute-demo  code: make code USER={username}" in (
            printed
        )
        client = Client()
        code = command_output("demo_code", username).strip()
        fields = {"username": username, "password": "mkbroute-demo", "otp_token": code}
        response = client.post("/admin/login/?next=/admin/", fields)
        assert response.status_code == 302, username
        assert client.get("/admin/").status_code == 200


def test_running_it_again_keeps_every_edit(demo_content, settings):
    settings.MEDIA_ROOT = demo_content.media
    programme = Programme.objects.order_by("pk").first()
    programme.name = "Door Communicatie herschreven"
    programme.save()
    output = load_demo("--leads", "0")
    assert "niets aangepast" in output and "load_demo --reset" in output
    programme.refresh_from_db()
    assert programme.name == "Door Communicatie herschreven"


# --reset empties the database with flush, which needs a database of its own, not the one
# transaction the tests that read the demo share.
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_reset_starts_over(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo("--leads", "0")
    programme = Programme.objects.order_by("pk").first()
    original = programme.name
    programme.name = "Door Communicatie herschreven"
    programme.save()
    load_demo("--leads", "0", "--reset")
    assert Programme.objects.filter(name=original).exists()
    assert not Programme.objects.filter(name="Door Communicatie herschreven").exists()


def test_the_code_of_a_demo_user_is_only_for_the_demo(demo_content, settings):
    from django.core.management import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="Alleen voor de demo"):
        command_output("demo_code", "toelating")


def test_it_is_changed_by_a_test_for_that_test_alone(demo_content):
    Programme.objects.update(name="Veranderd door een test")
    assert Programme.objects.filter(name="Veranderd door een test").count() == 9


def test_the_next_test_reads_the_demo_as_it_was_loaded(demo_content):
    assert not Programme.objects.filter(name="Veranderd door een test").exists()
    assert Programme.objects.count() == 9


def test_the_tests_that_read_the_demo_run_after_all_others(request):
    reads_the_demo = ["demo_content" in item.fixturenames for item in request.session.items]
    assert reads_the_demo == sorted(reads_the_demo)
    assert any(reads_the_demo)
