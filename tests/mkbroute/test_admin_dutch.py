"""The admin speaks Dutch everywhere, also where Django and django_otp ship English only."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_widgets_for_choosing_many_are_in_dutch(superuser, settings):
    settings.ADMIN_2FA = False
    client = superuser
    catalog = client.get("/admin/jsi18n/").content.decode()
    assert '"Choose all %s": "Alle %s kiezen"' in catalog
    assert '"Remove all %s": "Alle %s verwijderen"' in catalog


def test_the_second_factor_has_dutch_names_in_the_admin(superuser, settings):
    settings.ADMIN_2FA = False
    client = superuser
    index = client.get("/admin/").content.decode()
    assert "Tweede stap bij het inloggen" in index and "Authenticator-apps" in index
    assert "TOTP" not in index and "OTP_TOTP" not in index


def test_a_help_text_shows_the_slug_placeholder(superuser, settings):
    settings.ADMIN_2FA = False
    client = superuser
    form = client.get("/admin/personas/persona/add/").content.decode()
    assert "/voor/&lt;slug&gt;/" in form
