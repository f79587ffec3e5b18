"""Pages with a lead form come from the page cache, yet every visitor gets their own tokens."""

import pytest
from django.test import Client

from leads.models import Submission
from programmes.models import Programme
from tests.leads.helpers import VALID, form_fields

pytestmark = pytest.mark.django_db


def test_cached_form_pages_give_each_visitor_their_own_tokens(settings, personas):
    settings.PAGE_CACHE_SECONDS = 600
    url = Programme.objects.get().get_absolute_url()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    fields_first = form_fields(first.get(url).content.decode())
    Programme.objects.update(summary="Stiekem gewijzigd.")  # no signal: only the cache knows
    page_second = second.get(url).content.decode()
    assert "Stiekem gewijzigd." not in page_second, "the second visitor got the cached page"
    fields_second = form_fields(page_second)
    assert "{{hole:" not in page_second
    assert fields_first["token"] != fields_second["token"]
    assert fields_first["csrfmiddlewaretoken"] != fields_second["csrfmiddlewaretoken"]

    for n, (client, fields) in enumerate(((first, fields_first), (second, fields_second))):
        response = client.post("/interesse/", {**fields, **VALID, "email": f"p{n}@example.nl"})
        assert response.status_code == 302, n
    assert Submission.objects.count() == 2


def test_a_post_without_a_csrf_token_is_refused_with_a_dutch_page(personas):
    client = Client(enforce_csrf_checks=True)
    fields = form_fields(client.get("/interesse/").content.decode())
    del fields["csrfmiddlewaretoken"]
    response = client.post("/interesse/", {**fields, **VALID})
    assert response.status_code == 403
    assert "Formulier niet verstuurd" in response.content.decode()
    assert not Submission.objects.exists()
