"""Every changelist of the admin fits a 1280 px screen: no column is cut off or scrolled away."""

import io

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.browser.conftest import RESULTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Sterk-wachtwoord-42"


def test_every_changelist_shows_all_its_columns_at_1280_px(visit, settings):
    settings.ADMIN_2FA = False
    call_command("load_demo", "--leads", "60", stdout=io.StringIO())
    get_user_model().objects.create_superuser("beheer", password=PASSWORD)
    page = visit.page
    page.goto(visit.base_url + "/admin/login/")
    page.locator("#id_username").fill("beheer")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(visit.base_url + "/admin/")
    screenshots = RESULTS / "admin-1280"
    screenshots.mkdir(parents=True, exist_ok=True)
    cut_off = {}
    for model in admin.site._registry:
        meta = model._meta
        visit.goto(f"/admin/{meta.app_label}/{meta.model_name}/")
        page.screenshot(path=screenshots / f"{meta.app_label}-{meta.model_name}.png")
        widths = page.evaluate(
            """() => {
                const table = document.querySelector('#result_list');
                if (!table) return null;
                const box = document.querySelector('#changelist .results') || table.parentElement;
                const right = document.documentElement.clientWidth;
                const last = table.querySelector('thead th:last-child');
                return {
                    table: table.scrollWidth, box: box.clientWidth,
                    lastRight: last.getBoundingClientRect().right, screen: right,
                };
            }"""
        )
        if widths and (widths["table"] > widths["box"] or widths["lastRight"] > widths["screen"]):
            cut_off[meta.label] = widths
    assert cut_off == {}, "\n".join(f"{label}: {widths}" for label, widths in cut_off.items())
