"""HTML is built in templates: mark_safe stays rare, and each use says why it is safe."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils.safestring import SafeData

from mkbroute.lib.text import render_markdown
from tests.employers.helpers import make_werkplek
from tests.factories import make_programme, uploaded_image

ROOT = Path(settings.BASE_DIR)
SKIPPED = {"tests", "node_modules", "staticfiles", "media"}
MARKERS = {"mark_safe", "SafeString"}


def our_python_files():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if not any(part.startswith(".") or part in SKIPPED for part in parts):
            yield path


def marked_safe(path):
    """(line, call) for each mark_safe(...) or SafeString(...) in a file."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in MARKERS:
                yield node.lineno, name


def test_it_marks_html_safe_in_at_most_six_places_each_with_a_comment_why():
    found = []
    for path in our_python_files():
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, _name in marked_safe(path):
            line, above = lines[number - 1], lines[number - 2] if number > 1 else ""
            commented = "#" in line or above.strip().startswith("#")
            found.append((f"{path.relative_to(ROOT)}:{number}", commented))
    # Six: the sixth is the own page's submission cards ({% submission_cards %}), whose four
    # hundred values took the template engine three times as long, and format_html as long.
    assert len(found) <= 6, f"build the HTML in a template instead: {found}"
    assert [place for place, commented in found if not commented] == []
    assert any("mkbroute/lib/text.py" in place for place, _ in found), "the count finds uses"


def test_html_templates_do_not_switch_escaping_off():
    templates = ROOT / "templates"
    for path in templates.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "|safe" not in text and "autoescape off" not in text, path


def test_markdown_comes_back_as_safe_html_without_what_nh3_removes():
    html = render_markdown("**Sterk** <script>alert(1)</script> [klik](javascript:alert(1))")
    assert isinstance(html, SafeData)
    assert "<strong>Sterk</strong>" in html and "<script>" not in html
    assert "javascript:" not in html
    shown = Template("{{ html }}").render(Context({"html": html}))
    assert shown == html, "a template shows it as it is"


@pytest.mark.django_db
def test_a_place_page_shows_its_description_as_sanitised_html(client):
    werkplek = make_werkplek(description="Je werkt **mee**. <img src=x onerror=alert(1)>")
    page = client.get(werkplek.get_absolute_url()).content.decode()
    assert "Je werkt <strong>mee</strong>." in page
    assert "onerror" not in page and "&lt;strong&gt;" not in page


@pytest.mark.django_db
def test_a_picture_escapes_its_description_and_an_empty_one_shows_nothing():
    programme = make_programme(image_alt='Twee "monteurs" & <een> busje')
    template = Template("{% load site %}[{% picture programme lazy=False %}]")
    assert template.render(Context({"programme": programme})) == "[]"
    programme.image.save("foto.jpg", uploaded_image(size=(600, 300)))
    html = template.render(Context({"programme": programme}))
    assert 'alt="Twee &quot;monteurs&quot; &amp; &lt;een&gt; busje"' in html
    assert html.startswith("[<img ") and html.endswith(">]") and "loading" not in html
