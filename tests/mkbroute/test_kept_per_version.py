"""kept_per_version: parts of pages made once per content version, never older than a
cached page could be."""

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.safestring import SafeString

from mkbroute.lib import content
from mkbroute.lib.content import kept_per_version, new_content_version
from mkbroute.templatetags import site
from mkbroute.templatetags.site import site_footer
from personas.models import Tone
from programmes.models import Programme
from tests.factories import make_event, make_intake, make_programme, make_tone


@pytest.fixture
def made(settings):
    settings.PAGE_CACHE_SECONDS = 600
    new_content_version()  # nothing kept by an earlier test
    calls = []

    def make(key="part"):
        return kept_per_version(key, lambda: calls.append(key) or len(calls))

    make.calls = calls
    return make


def test_a_part_is_made_once_per_content_version(made):
    assert made() == made() == 1
    new_content_version()
    assert made() == 2
    assert made("other") == 3 and made() == 2


def test_a_place_s_edit_makes_only_what_shows_places_anew(made):
    def with_places():
        return kept_per_version("places", lambda: made.calls.append("places"), places=True)

    made(), with_places()
    new_content_version(places=True)  # as a werkplek's edit does
    made(), with_places()
    assert made.calls == ["part", "places", "places"]
    new_content_version()  # as a programme's edit does: the places' pages show programmes
    made(), with_places()
    assert made.calls == ["part", "places", "places", "part", "places"]


def test_a_part_is_never_older_than_a_cached_page(made, monkeypatch):
    now = content.time.monotonic()
    monkeypatch.setattr(content.time, "monotonic", lambda: now)
    made()
    monkeypatch.setattr(content.time, "monotonic", lambda: now + 601)
    made()
    assert made.calls == ["part", "part"]


def test_without_a_page_cache_nothing_is_kept(made, settings):
    settings.PAGE_CACHE_SECONDS = 0
    made(), made()
    assert len(made.calls) == 2


def test_what_every_request_needs_is_kept_without_a_page_cache_for_an_hour(
    made, settings, monkeypatch
):
    settings.PAGE_CACHE_SECONDS = 0
    calls = []

    def always():
        return kept_per_version("tones", lambda: calls.append(1) or len(calls), always=True)

    now = content.time.monotonic()
    monkeypatch.setattr(content.time, "monotonic", lambda: now)
    assert always() == always() == 1
    monkeypatch.setattr(content.time, "monotonic", lambda: now + content.ALWAYS_KEPT_SECONDS + 1)
    assert always() == 2
    new_content_version()
    assert always() == 3


def test_only_so_many_parts_are_kept(made, monkeypatch):
    monkeypatch.setattr(content, "KEPT_PER_VERSION", 3)
    for key in ("a", "b", "c", "d"):
        made(key)
    made("d"), made("a")  # "a", the oldest, made way for "d"
    assert made.calls == ["a", "b", "c", "d", "a"]


@pytest.mark.django_db
def test_the_footer_is_made_once_per_language_and_shows_on_every_page(made, client, monkeypatch):
    rendered = []
    monkeypatch.setattr(site, "_parts", {})
    monkeypatch.setattr(
        site,
        "render_to_string",
        lambda name, context: rendered.append(name) or SafeString(f"<{name}>"),
    )
    pages = [client.get(path).content.decode() for path in ("/mijn/link/", "/werkgevers/link/")]
    footers = [name for name in rendered if "footer" in name]
    assert all("<includes/footer.html>" in page for page in pages) and len(footers) == 1
    with translation.override("en"):
        site.site_footer()
    assert rendered.count("includes/footer.html") == 2
    new_content_version()  # of settings only: an edit of content leaves it as it is
    client.get("/mijn/link/")
    assert rendered.count("includes/footer.html") == 2


@pytest.mark.django_db
def test_the_header_is_made_once_per_menu_item_and_marks_the_page_s_own(made, client, monkeypatch):
    monkeypatch.setattr(site, "_parts", {})
    rendered = []
    render = site.render_to_string
    monkeypatch.setattr(
        site, "render_to_string", lambda *args: rendered.append(args[0]) or render(*args)
    )

    def current(path):
        page = client.get(path).content.decode()
        return [line for line in page.splitlines() if 'aria-current="page"' in line]

    assert current("/mijn/link/") == []
    assert "Werkplekken</a>" in current("/werkgevers/link/")[0]
    assert "Werkplekken</a>" in current("/werkplekken/")[0]
    assert "Activiteiten</a>" in current("/activiteiten/")[0]
    assert "Meer weten</a>" in current("/interesse/")[0]
    assert current("/werkgevers/") == []
    # Made once per menu item: six pages, four items (none, places, events, interest).
    assert rendered.count("includes/header.html") == 4


def test_the_footer_names_the_school_and_its_pages():
    footer = site_footer()
    assert "Privacyverklaring" in footer and 'href="/privacy/"' in footer
    assert f'href="mailto:{settings.SCHOOL_EMAIL}"' in footer


@pytest.mark.django_db
def test_a_part_made_from_some_models_stays_through_other_edits_and_goes_with_theirs(made):
    def names():
        return made.calls.append("tones") or sorted(Tone.objects.values_list("name"))

    def tone_names():
        return kept_per_version("tone-names", names, models=["personas.tone"])

    tone = make_tone(slug="student")
    assert tone_names() == [(tone.name,)]
    make_programme()  # an edit of the catalogue, not of the tones
    tone_names()
    assert made.calls == ["tones"]
    tone.name = "Studenten"
    tone.save()
    assert tone_names() == [("Studenten",)] and made.calls == ["tones", "tones"]


@pytest.mark.django_db
def test_a_part_that_reads_more_than_its_models_is_not_kept_and_says_so(made, caplog):
    make_programme()

    def names():
        made.calls.append("made")
        return list(Programme.objects.values_list("name", flat=True))

    kept_per_version("names", names, models=["personas.tone"])
    kept_per_version("names", names, models=["personas.tone"])
    assert made.calls == ["made", "made"]
    assert "programmes.programme" in caplog.text and "not kept" in caplog.text


@pytest.mark.django_db
def test_the_pages_parts_kept_by_their_models_read_nothing_else(made, client, personas, caplog):
    """Each part that names its models (tones, marks, event cards, start months), made on
    the pages that show them right after an edit of each kind."""
    programme = make_programme()
    event = make_event(programmes=[programme])
    make_intake(programme)
    pages = [
        "/",
        personas["student"].get_absolute_url(),
        personas["doorstromer"].get_absolute_url(),
    ]
    pages += [programme.get_absolute_url(), event.get_absolute_url(), "/interesse/"]
    pages += ["/activiteiten/"]
    for label in ["", *content.OWN_VERSIONS]:
        new_content_version(models=[label] if label else [])
        for url in pages:
            assert client.get(url).status_code == 200
    assert "not kept" not in caplog.text


@pytest.mark.django_db
def test_an_edit_makes_a_new_version_again_once_it_is_stored(django_capture_on_commit_callbacks):
    """A page made between the save and the commit read the rows as they were: the version
    it was kept under must not stay the current one."""
    with django_capture_on_commit_callbacks(execute=True):
        make_programme()
        made_meanwhile = content.content_version(False)
    assert content.content_version(False) != made_meanwhile


def test_a_request_reads_one_key_while_no_version_changed(monkeypatch):
    for _request in range(2):  # the first finds no stamp yet, and leaves one
        content.forget_version()
        first = content.content_version()
    reads = []
    backend = type(content.cache._connections[content.cache._alias])
    for name in ("get", "get_many"):
        method = getattr(backend, name)

        def counted(self, keys, *args, _method=method, _name=name, **kwargs):
            reads.append((_name, keys))
            return _method(self, keys, *args, **kwargs)

        monkeypatch.setattr(backend, name, counted)
    content.forget_version()  # the next request
    assert content.content_version() == first
    assert reads == [("get", content.STAMP_KEY)]
    new_content_version(places=True)  # an edit, here or on another server
    assert content.content_version() != first
    assert reads[1] == ("get", content.STAMP_KEY)
    assert [name for name, _keys in reads[2:]].count("get_many") == 1, "then all of them"
