"""{% submission_cards %} writes the own page's cards in Python: it escapes as a template does."""

from django.template import Context, Template
from django.template.defaultfilters import linebreaksbr

CARD = {
    "pk": "7",
    "heading": "Informatie <aanvragen>, 5 december 2026 09:05",
    "rows": [
        ("Naam & contact", 'Kim "de" Vries'),
        ("Bericht", linebreaksbr("a\n<b>", autoescape=True)),
    ],
    "consents": [
        {"answer": "Nieuwsbrief: ja", "which": "Nieuwsbrief <x>", "withdraw_url": "/i?a=1&b=2"},
        {"answer": "Contact: nee", "which": "Contact", "withdraw_url": ""},
    ],
    "how": [("Kanaal", "<UWV>")],
}


def test_the_cards_escape_every_value_but_what_is_marked_safe():
    template = Template("{% load leads %}{% submission_cards stored consents=c withdraw=w how=h %}")
    html = template.render(Context({"stored": [CARD], "c": "T&T", "w": "<In>", "h": "Hoe"}))
    for written in (
        'aria-labelledby="inzending-7"',
        "Informatie &lt;aanvragen&gt;, 5 december 2026 09:05</h3>",
        '<dt class="col-sm-4">Naam &amp; contact</dt><dd class="col-sm-8">Kim &quot;de&quot; Vries',
        "a<br>&lt;b&gt;</dd>",
        '<dt class="col-sm-4">T&amp;T</dt>',
        'formaction="/i?a=1&amp;b=2"',
        '&lt;In&gt;<span class="visually-hidden">: Nieuwsbrief &lt;x&gt;</span></button>',
        '<li class="mb-1">Contact: nee</li>',
        "<summary>Hoe</summary>",
        "&lt;UWV&gt;",
    ):
        assert written in html, written
    assert html.count("<button") == 1 and html.count("<section") == 1
