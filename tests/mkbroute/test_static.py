import re

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client, override_settings


@pytest.fixture(scope="module")
def production_static(tmp_path_factory):
    """Static files collected once as in production: hashed names, compressed copies."""
    production = {
        "STATIC_ROOT": tmp_path_factory.mktemp("static"),
        "STORAGES": {
            **django_settings.STORAGES,
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
    }
    with override_settings(**production):
        call_command("collectstatic", interactive=False, verbosity=0)
    return production


@pytest.fixture
def collected(settings, production_static):
    """This test serves the collected files with their manifest."""
    for name, value in production_static.items():
        setattr(settings, name, value)
    return settings.STATIC_ROOT


@pytest.mark.django_db
def test_pages_link_hashed_vendored_bootstrap_with_a_compressed_copy(client, collected):
    html = client.get("/").content.decode()
    match = re.search(
        r'href="/static/(vendor/bootstrap-5\.3\.8/bootstrap\.min\.[0-9a-f]{12}\.css)"', html
    )
    assert match, "the layout should link Bootstrap by its hashed name"
    assert (collected / match.group(1)).exists()
    assert (collected / (match.group(1) + ".gz")).exists()


@pytest.mark.django_db
def test_hashed_files_are_served_with_a_far_future_cache(settings, collected):
    settings.WHITENOISE_AUTOREFRESH = False
    settings.WHITENOISE_USE_FINDERS = False
    html = Client().get("/").content.decode()
    url = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
    response = Client().get(url, headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]
    assert response["Content-Encoding"] == "gzip"
