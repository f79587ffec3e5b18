import re

import pytest

from leads.models import Lead, Submission
from tests.leads.helpers import submit

pytestmark = pytest.mark.django_db

NAMES = [
    ("Zoë", "de Vries"),
    ("Jan", "’t Hooft-van der Meer"),
    ("Ngô", "Bảo Châu"),
    ("Åsa", "Ødegård"),
    ("Fatima", "El Amrani"),
    ("Jean-Luc", "O'Neill"),
]


@pytest.mark.parametrize(("first", "last"), NAMES)
def test_real_names_are_accepted(client, personas, first, last):
    assert submit(client, first_name=first, last_name=last).status_code == 302
    assert (Lead.objects.get().first_name, Lead.objects.get().last_name) == (first, last)


def test_hostile_input_is_stored_verbatim_and_shown_escaped(client, personas):
    hostile = {
        "first_name": '=HYPERLINK("http://evil")',
        "last_name": "<script>alert(1)</script>",
        "message": "+cmd|' /C calc'!A0\n-2+3\n@SUM(1)\t<b>vet</b> & ' \"",
        "employer": "=1+1",
    }
    assert submit(client, **hostile).status_code == 302
    submission = Submission.objects.get()
    for name, value in hostile.items():
        assert getattr(submission, name) == value, name
    # Shown back in the form (an error elsewhere), it is escaped:
    response = submit(client, **hostile, email="geen-mail")
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "zoe@", "Dit e-mailadres klopt niet"),
        ("phone", "bel me", "Dit telefoonnummer klopt niet"),
        ("phone", "12", "Dit telefoonnummer klopt niet"),
        ("first_name", "x" * 101, "niet meer dan 100 tekens"),
        ("first_name", "1234", "Een naam bestaat uit letters."),
        ("last_name", "Jansen\x00", "Null-tekens zijn niet toegestaan"),
        ("last_name", "Jansen\r\nBcc: x@example.nl", "op één regel, zonder regeleinden"),
        ("employer", "De Vries\nBcc: x@example.nl", "op één regel, zonder regeleinden"),
        ("employer", "De Vries\u202e", "op één regel, zonder regeleinden"),
        ("message", "x" * 4001, "Houd jouw bericht korter dan 4000 tekens."),
        ("hours_per_week", "80", "Vul een aantal uren tot 60 in."),
        ("hours_per_week", "veel", "Vul een heel aantal uren in"),
    ],
)
def test_bad_values_get_a_dutch_message_tied_to_their_field(
    client, personas, field, value, message
):
    response = submit(client, **{field: value})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert re.search(rf'aria-describedby="[^"]*id_{field}_error', html)
    assert f'href="#id_{field}"' in html, "the summary at the top links to the field"
    assert not Lead.objects.exists()


@pytest.mark.parametrize(
    "phone",
    ["06-12345678", "+31 6 12345678", "0031 20 123 4567", "+44 20 7946 0958", "(020) 123 45 67"],
)
def test_dutch_and_international_phone_numbers_are_accepted(client, personas, phone):
    assert submit(client, phone=phone).status_code == 302
