"""Text of one line: what breaks a line is refused in forms and flattened where it is stored."""

import pytest
from django.core.exceptions import ValidationError

from mkbroute.lib.one_line import one_line, validate_one_line


@pytest.mark.parametrize(
    ("text", "flat"),
    [
        ("De Vries\r\nBcc: x@example.nl", "De Vries Bcc: x@example.nl"),
        ("Monteur\u2028in\u2029opleiding", "Monteur in opleiding"),
        ("  Bakkerij\t\x1b[2J Jansen \x85", "Bakkerij [2J Jansen"),
        ("Café ’t Hooft – Ødegård 👩‍🔧", "Café ’t Hooft – Ødegård 👩 🔧"),
    ],
)
def test_it_flattens_what_breaks_a_line_into_single_spaces(text, flat):
    assert one_line(text) == flat


@pytest.mark.parametrize("text", ["Regel\neen", "Tab\tje", "Links\u202erechts", "Nul\x00"])
def test_it_refuses_line_breaks_and_control_characters(text):
    with pytest.raises(ValidationError, match="op één regel"):
        validate_one_line(text)


def test_it_takes_letters_of_every_language_and_punctuation():
    validate_one_line("Ngô Bảo Châu, ’t Hooft-van der Meer & Zn. (B.V.)")
