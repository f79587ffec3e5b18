import pytest

from leads.models import ChannelRule, Submission
from personas.models import Channel
from tests.leads.helpers import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def instagram():
    channel = Channel.objects.create(name="Instagram", kind="social", owner="own")
    ChannelRule.objects.create(utm_source="instagram", channel=channel)
    ChannelRule.objects.create(
        utm_source="nieuwsbrief",
        utm_medium="email",
        channel=Channel.objects.create(name="Nieuwsbrief", kind="email", owner="own"),
    )
    return channel


def test_a_campaign_visit_is_attributed_through_two_pages_to_the_submit(
    client, personas, instagram
):
    client.get(
        "/voor/student/?utm_source=Instagram&utm_medium=social&utm_campaign=voorjaar"
        "&utm_content=reel&utm_term=mbo",
        HTTP_REFERER="https://l.instagram.com/some/path",
    )
    client.get("/opleidingen/")
    client.get("/opleidingen/?utm_source=nieuwsbrief&utm_medium=email&utm_campaign=december")
    submit(client, "/interesse/")
    s = Submission.objects.get()
    assert s.landing_path.startswith("/voor/student/?utm_source=Instagram")
    first_visit = (s.first_utm_source, s.first_utm_medium, s.first_utm_campaign)
    assert first_visit == ("Instagram", "social", "voorjaar")
    assert (s.first_utm_content, s.first_utm_term) == ("reel", "mbo")
    assert (s.utm_source, s.utm_medium, s.utm_campaign) == ("nieuwsbrief", "email", "december")
    assert s.referrer_host == "l.instagram.com"
    assert s.page_path == "/interesse/"
    assert s.channel.name == "Nieuwsbrief"


def test_the_channel_rule_ignores_case_and_respects_the_medium(instagram):
    assert ChannelRule.channel_for("INSTAGRAM", "whatever") == instagram
    assert ChannelRule.channel_for("nieuwsbrief", "social") is None
    assert ChannelRule.channel_for("", "") is None


def test_a_direct_visit_gets_no_session_cookie(client, personas):
    response = client.get("/opleidingen/")
    assert "sessionid" not in response.cookies
    submit(client)
    assert Submission.objects.get().utm_source == ""


def test_utm_values_are_cut_to_a_sane_length(client, personas, instagram):
    client.get("/?utm_source=" + "x" * 5000)
    submit(client)
    assert len(Submission.objects.get().first_utm_source) == 100


def test_visits_from_campaigns_and_other_sites_write_no_session(client, personas, instagram):
    """A flood of bots from campaign links costs no row: the visit's origin is in a cookie."""
    from django.contrib.sessions.models import Session
    from django.test import Client

    for n in range(40):
        bot = Client()
        bot.get(f"/voor/student/?utm_source=instagram&utm_campaign=c{n}")
        bot.get("/opleidingen/", HTTP_REFERER=f"https://elders{n}.example/")
    assert not Session.objects.exists()
    client.get("/voor/student/?utm_source=instagram&utm_campaign=voorjaar")
    submit(client, "/interesse/")
    assert Submission.objects.get().first_utm_campaign == "voorjaar"


def test_a_forged_origin_cookie_is_ignored(client, personas, instagram):
    client.cookies["herkomst"] = "eyJ1dG1fc291cmNlIjoiaW5zdGFncmFtIn0:vals:vals"
    submit(client, "/interesse/")
    assert Submission.objects.get().utm_source == ""
