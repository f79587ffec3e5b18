import re
import string
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connections
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from mkbroute.roles import ADMISSIONS, COMMUNICATIONS
from tests.conftest import DATABASE_CACHE

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "Sterk-wachtwoord-42"
ERROR_NOTE = re.compile(r'class="errornote"[^>]*>(.*?)</p>', re.DOTALL)
FAILED = "Deze combinatie van gebruikersnaam, wachtwoord en code klopt niet"
THROTTLED = "Te veel mislukte pogingen"


def user(username, group):
    account = get_user_model().objects.create_user(
        username, password="Sterk-wachtwoord-42", is_staff=True
    )
    account.groups.add(Group.objects.get(name=group))
    return account


def log_in(client, username, password="Sterk-wachtwoord-42", token="", **extra):
    return client.post(
        LOGIN, {"username": username, "password": password, "otp_token": token}, **extra
    )


def current_token(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_failed_logins_are_throttled_per_account(client):
    user("toelating", ADMISSIONS)
    for _ in range(5):
        assert FAILED in log_in(client, "toelating", "fout").content.decode()
    blocked = log_in(client, "toelating")  # even the right password
    assert "Te veel mislukte pogingen" in blocked.content.decode()
    assert "_auth_user_id" not in client.session
    assert log_in(Client(REMOTE_ADDR="192.0.2.7"), "toelating").status_code == 200


def test_failed_logins_are_throttled_per_address(client):
    for n in range(20):
        log_in(client, f"gok{n}", "fout")
    user("communicatie", COMMUNICATIONS)
    response = log_in(client, "communicatie")
    assert "Te veel mislukte pogingen" in response.content.decode()
    assert log_in(Client(REMOTE_ADDR="192.0.2.8"), "communicatie").status_code == 302


def test_it_keeps_a_throttled_login_throttled_when_the_cache_is_cleared(client, counter_store):
    user("toelating", ADMISSIONS)
    for _ in range(5):
        log_in(client, "toelating", "fout")
    cache.clear()
    assert THROTTLED in log_in(client, "toelating").content.decode()
    assert "_auth_user_id" not in client.session


def test_it_keeps_a_throttled_login_throttled_when_the_database_cache_is_flooded(client, settings):
    settings.CACHES = {"default": {**DATABASE_CACHE, "OPTIONS": {"MAX_ENTRIES": 30}}}
    settings.TALLY = {"BACKEND": "mkbroute.lib.tally.DatabaseTally"}
    user("toelating", ADMISSIONS)
    for _ in range(5):
        log_in(client, "toelating", "fout")
    # Past MAX_ENTRIES Django deletes a third of the keys, the first in alphabetical order.
    for n in range(300):
        cache.set(f"{string.ascii_lowercase[n % 26]}-flood-{n}", n)
    assert THROTTLED in log_in(client, "toelating").content.decode()


@pytest.mark.django_db(transaction=True)  # each thread its own connection, as each worker
def test_it_checks_five_passwords_of_an_account_however_many_arrive_at_once(counter_store):
    user("toelating", ADMISSIONS)
    at_once = 30
    start = threading.Barrier(at_once, timeout=60)

    def attacker(n):
        start.wait()
        try:
            page = log_in(Client(REMOTE_ADDR=f"192.0.2.{n}"), "toelating", "fout")
            return page.content.decode()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(at_once) as pool:
        pages = list(pool.map(attacker, range(at_once)))
    assert sum(FAILED in page for page in pages) == 5, "only these five were checked"
    assert sum(THROTTLED in page for page in pages) == at_once - 5


def test_admissions_need_a_second_factor_when_it_is_on(client, settings):
    settings.ADMIN_2FA = True
    account = user("toelating", ADMISSIONS)
    assert FAILED in log_in(client, "toelating").content.decode(), "no device: no entry"

    device = TOTPDevice.objects.create(user=account, name="telefoon", confirmed=True)
    assert FAILED in log_in(client, "toelating").content.decode()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert FAILED in log_in(client, "toelating", token="000000").content.decode()
        traveller.shift(30)  # django_otp makes a device wait a moment after a wrong code
        assert log_in(client, "toelating", token=current_token(device)).status_code == 302
    page = client.get("/admin/leads/lead/")
    assert page.status_code == 200


def test_the_second_step_never_tells_whether_the_password_was_right(client, settings):
    settings.ADMIN_2FA = True
    account = user("toelating", ADMISSIONS)
    TOTPDevice.objects.create(user=account, name="telefoon", confirmed=True)
    tries = [("fout", ""), ("fout", "123456"), (PASSWORD, ""), (PASSWORD, "123456")]
    pages = [log_in(Client(), "toelating", password, token) for password, token in tries]
    answers = {ERROR_NOTE.search(page.content.decode()).group(1) for page in pages}
    assert len(answers) == 1 and FAILED in answers.pop()


@pytest.mark.parametrize("how", ["superuser", "direct permission", "another group"])
def test_everyone_who_can_see_leads_needs_the_second_factor(client, settings, how):
    settings.ADMIN_2FA = True
    account = get_user_model().objects.create_user("staf", password=PASSWORD, is_staff=True)
    view_lead = Permission.objects.get(codename="view_lead")
    if how == "superuser":
        account.is_superuser = True
        account.save()
    elif how == "direct permission":
        account.user_permissions.add(view_lead)
    else:
        group = Group.objects.create(name="Stagebureau")
        group.permissions.add(view_lead)
        account.groups.add(group)
    assert FAILED in log_in(client, "staf").content.decode()
    client.force_login(account)
    assert client.get("/admin/").status_code == 302, "a session without the code is not let in"


def test_a_session_without_the_second_factor_is_not_let_in(client, settings):
    settings.ADMIN_2FA = True
    client.force_login(user("toelating", ADMISSIONS))
    response = client.get("/admin/leads/lead/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_communications_log_in_without_a_second_factor(client, settings):
    settings.ADMIN_2FA = True
    user("communicatie", COMMUNICATIONS)
    assert log_in(client, "communicatie").status_code == 302
    assert client.get("/admin/personas/persona/").status_code == 200


def test_the_second_factor_can_be_turned_off(client, settings):
    settings.ADMIN_2FA = False
    user("toelating", ADMISSIONS)
    assert log_in(client, "toelating").status_code == 302
    assert client.get("/admin/leads/lead/").status_code == 200


def test_sessions_expire_and_passwords_are_checked(settings):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    with pytest.raises(ValidationError):
        validate_password("password")
