"""The journeys people make, in Chromium, under the production security headers."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from leads.models import Submission
from mkbroute.roles import ADMISSIONS, COMMUNICATIONS
from tests.factories import make_event, make_lead

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Sterk-wachtwoord-42"


def fill(page, **fields):
    for name, value in fields.items():
        page.locator(f"#id_{name}").fill(value)


def test_persona_to_programme_to_form_with_an_error_then_thanks(visit, personas):
    page = visit.page
    visit.goto("/voor/zij-instromer/")
    page.get_by_role("link", name="Ondernemen").first.click()
    page.wait_for_url("**/opleidingen/**")
    cookies = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
    assert cookies["toon"] == "werkende-die-leert", "the landing page's tone goes along"
    fill(page, first_name="Ronald", last_name="Brouwer", email="ronald@")
    page.locator("#id_consent_contact").check()
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_selector("#formulier-fouten")
    assert "Dit e-mailadres klopt niet" in page.locator("#formulier-fouten").inner_text()
    assert visit.axe_violations() == []
    fill(page, email="ronald@example.nl")
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_url("**/interesse/bedankt/?verzonden=1")
    assert "werkenden die leren" in page.locator("main").inner_text()
    submission = Submission.objects.get()
    assert submission.programmes.get().name == "Ondernemen"
    assert visit.console_errors == [] and visit.foreign_requests() == []


def test_route_finder_to_result_to_form(visit, personas):
    page = visit.page
    visit.goto("/keuzehulp/")
    for label in (
        "Havo",
        "Ik heb (nog) geen baan",
        "Verder leren na mijn opleiding",
        "Jonger dan 21",
    ):
        page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Bekijk mijn route").click()
    page.get_by_role("link", name="Ik wil meer weten").click()
    page.wait_for_url("**/interesse/?persona=student**")
    assert page.locator("#id_target_group").input_value().startswith("doelgroep-")
    fill(page, first_name="Milan", last_name="de Boer", email="milan@example.nl")
    page.locator("#id_consent_contact").check()
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_url("**/interesse/bedankt/?verzonden=1")
    submission = Submission.objects.get()
    assert submission.target_group.key == "havo"
    assert submission.tone.slug == "student"
    assert visit.console_errors == []


def test_event_sign_up(visit, personas):
    event = make_event(title="Meeloopdag Engineering", kind="meeloopdag", capacity=12)
    page = visit.page
    visit.goto("/activiteiten/")
    page.get_by_role("link", name="Meeloopdag Engineering").click()
    fill(page, first_name="Sanne", last_name="Visser", email="sanne@example.nl")
    page.locator("#id_consent_contact").check()
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/interesse/bedankt/?verzonden=1")
    assert "Je bent aangemeld voor Meeloopdag Engineering" in page.locator("main").inner_text()
    assert Submission.objects.get().event == event


def staff(username, group):
    user = get_user_model().objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def log_in(page, base, username, token=""):
    page.goto(base + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    if token:
        page.locator("#id_otp_token").fill(token)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(base + "/admin/")


def test_admissions_log_in_with_a_code_filter_and_export(visit, personas, settings):
    settings.ADMIN_2FA = True
    account = staff("toelating", ADMISSIONS)
    device = TOTPDevice.objects.create(user=account, name="telefoon", confirmed=True)
    zij = personas["zij-instromer"]
    make_lead("ronald@example.nl", persona=zij, first_name="Ronald", message="=SOM(1;2)")
    make_lead("sanne@example.nl", persona=personas["student"], first_name="Sanne")
    page = visit.page
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    log_in(page, visit.base_url, "toelating", f"{token:06d}")
    page.get_by_role("link", name="Nieuwe leads opvolgen").click()
    page.get_by_role("link", name=zij.name).click()
    page.wait_for_url("**submissions__persona__id__exact=*")
    page.wait_for_load_state()
    assert "ronald@example.nl" in page.content() and "sanne@example.nl" not in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporteer deze selectie (CSV)").click()
    raw = Path(download.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert len(rows) == 2 and rows[1][2] == "ronald@example.nl"
    assert "'=SOM(1;2)" in rows[1]
    assert re.match(r"leads-\d{4}-\d{2}-\d{2}\.csv", download.value.suggested_filename)
    assert visit.console_errors == [], "the admin works under the strict CSP"


def test_communications_edit_a_personas_copy_and_see_it_on_the_site(visit, personas):
    staff("communicatie", COMMUNICATIONS)
    page = visit.page
    log_in(page, visit.base_url, "communicatie")
    page.goto(visit.base_url + f"/admin/personas/persona/{personas['zij-instromer'].pk}/change/")
    page.locator("#id_title").fill("Uw ervaring telt als {lerende}")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.wait_for_url("**/admin/personas/persona/")
    visit.goto("/voor/zij-instromer/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Uw ervaring telt als werkende die leert"
    )
    assert visit.console_errors == []


def test_a_staff_preview_stays_on_while_browsing_until_it_is_stopped(visit, personas):
    staff("communicatie", COMMUNICATIONS)
    page = visit.page
    log_in(page, visit.base_url, "communicatie")
    page.goto(visit.base_url + f"/admin/personas/persona/{personas['zij-instromer'].pk}/change/")
    page.get_by_role("link", name="startpagina").click()
    banner = page.locator(".preview-banner")
    assert personas["zij-instromer"].name in banner.inner_text()
    for link in ("Opleidingen", "Ondernemen", "Activiteiten"):
        page.get_by_role("link", name=link, exact=True).first.click()
        page.wait_for_load_state()
        assert banner.is_visible(), f"the preview is lost after clicking {link}"
        assert personas["zij-instromer"].tone.name in banner.inner_text()
    page.get_by_role("link", name="Voorbeeld stoppen").click()
    page.wait_for_load_state()
    assert not banner.is_visible()
    page.get_by_role("link", name="Opleidingen", exact=True).first.click()
    assert not banner.is_visible()
    assert visit.console_errors == []
