"""The admin of authenticator apps speaks Dutch, although django_otp ships only English."""

import re

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db
ENGLISH = re.compile(
    r">\s*(User|Name|Confirmed|Created at|Last used at|QR Code|Identity|Timestamps|"
    r"Configuration|Throttling|Key|Step|Digits|Tolerance|Drift)\s*<"
)


def test_the_list_and_the_form_of_authenticator_apps_are_in_dutch(superuser):
    user = get_user_model().objects.get(username="beheerder")
    device = TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
    listing = superuser.get("/admin/otp_totp/totpdevice/").content.decode()
    for column in ("medewerker", "naam", "aangemaakt", "laatst gebruikt", "in gebruik"):
        assert column in listing.lower(), column
    form = superuser.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    for label in ("Stap (seconden)", "Instellingen", "Blokkade na mislukte codes"):
        assert label in form, label
    assert ENGLISH.findall(listing + form) == []
    assert "in_gebruik=ja" in listing
    assert superuser.get("/admin/otp_totp/totpdevice/?in_gebruik=nee").status_code == 200


def test_a_superuser_still_adds_an_app_and_opens_its_qr_code(superuser):
    user = get_user_model().objects.get(username="beheerder")
    page = superuser.get("/admin/otp_totp/totpdevice/add/")
    assert page.status_code == 200 and "Medewerker" in page.content.decode()
    response = superuser.post(
        "/admin/otp_totp/totpdevice/add/",
        {
            "user": user.pk,
            "name": "telefoon",
            "confirmed": "on",
            "key": "3132333435363738393031323334353637383930",
            "step": 30,
            "t0": 0,
            "digits": 6,
            "tolerance": 1,
            "drift": 0,
            "throttling_failure_count": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    device = TOTPDevice.objects.get(name="telefoon")
    qr = superuser.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/")
    assert qr.status_code == 200
    page = qr.content.decode()
    assert "<h1>QR-code van telefoon</h1>" in page and "Scan de code" in page
    assert "Install" not in page and "or use the URL" not in page
