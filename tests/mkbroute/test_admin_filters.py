import pytest

pytestmark = pytest.mark.django_db
SAID = "Dit filter kon niet worden toegepast"


@pytest.mark.parametrize(
    "query",
    [
        "created_at__gte=99999-01-01",
        "created_at__year=99999",
        "created_at__day=40&created_at__month=1&created_at__year=2026",
        "created_at__lt=abc",
    ],
)
def test_an_out_of_range_date_filter_gets_a_message(admissions, query):
    response = admissions.get(f"/admin/leads/lead/?{query}", follow=True)
    assert response.status_code == 200
    assert SAID in response.content.decode()


def test_a_good_filter_gets_no_message(admissions, communications):
    assert SAID not in admissions.get("/admin/leads/lead/?status=nieuw").content.decode()
    page = communications.get("/admin/programmes/event/?starts_at__year=99999", follow=True)
    assert SAID in page.content.decode()
