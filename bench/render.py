"""CPU time of rendering a page without the page cache, in one process, and where it goes.

Run by bench/run.py (make bench, or `python bench/run.py render` for this alone): the public
pages with a lead form as the first visitor in a tone or variant gets them (the page cache
bypassed; what is kept per content version stays kept), and again right after an edit (a new
content version before each request, so nothing is kept); and the two pages behind a personal
link, which are never cached: an employer's with 20 places, a person's with 10 submissions
(made for the run, rolled back afterwards). Then the same requests once more under a timer
per part (SQL, templates, forms, translations, tone filling, Markdown) for the profile.
Prints the figures as one line of JSON; `report` turns them into BENCHMARKS.md's section.
"""

import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

from harness import run_python

GOAL_MS = 10
ROUNDS = 30
PUBLIC = {
    "persona": ("persona page", "/voor/zij-instromer/"),
    "programme": ("programme page", "/opleidingen/ad-ondernemen/"),
    "form": ("lead form", "/interesse/"),
}
PERSONAL = {
    "employer": ("employer's own page, 20 places", "/werkgevers/mijn/"),
    "person": ("person's own page, 10 submissions", "/mijn/"),
}
# The parts of the profile, in the order of the table: each is timed without the parts it
# calls (a widget's template inside a field's inside the page's counts as the widget's).
PARTS = {
    "sql": "SQL: building and running queries",
    "page": "page templates (ours)",
    "fields": "form fields (crispy-bootstrap5's templates, or ours: includes/field.html)",
    "widgets": "widgets (Django's form templates)",
    "forms": "building forms",
    "translations": "{% translate %} and {% blocktranslate %}",
    "tone": "tone filling (placeholders)",
    "markdown": "Markdown and sanitising",
    "other": "the rest: middleware, views, ORM objects, cache",
}


class Parts:
    """CPU time per part, each part without the parts it calls, by wrapping their functions."""

    def __init__(self):
        self.spent = defaultdict(float)
        self.stack = []

    def wrap(self, owner, name, part):
        function = getattr(owner, name)
        parts = self

        def timed(*args, **kwargs):
            started = time.thread_time()
            parts.stack.append(0.0)
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.thread_time() - started
                inner = parts.stack.pop()
                chosen = part(*args) if callable(part) else part
                parts.spent[chosen] += elapsed - inner
                if parts.stack:
                    parts.stack[-1] += elapsed

        setattr(owner, name, timed)

    def install(self):
        import markdown
        import nh3
        from django import forms
        from django.db.models.sql.compiler import SQLCompiler
        from django.template.base import Template
        from django.templatetags import i18n

        from mkbroute.lib import placeholders
        from mkbroute.lib.queries import Prepared

        def template_part(template, *_args):
            name = getattr(template.origin, "template_name", None) or ""
            if name.startswith(("bootstrap5/", "crispy")) or name == "includes/field.html":
                return "fields"
            if name.startswith("django/forms/"):
                return "widgets"
            return "page"

        self.wrap(SQLCompiler, "execute_sql", "sql")
        self.wrap(Prepared, "__call__", "sql")
        self.wrap(Template, "render", template_part)
        self.wrap(forms.BaseForm, "__init__", "forms")
        self.wrap(i18n.TranslateNode, "render", "translations")
        self.wrap(i18n.BlockTranslateNode, "render", "translations")
        self.wrap(placeholders, "fill", "tone")
        self.wrap(placeholders, "lookup", "tone")
        self.wrap(markdown, "markdown", "markdown")
        self.wrap(nh3, "clean", "markdown")


def personal_pages():
    """An employer with 20 places and a person with 10 submissions: {name: their link}."""
    from employers.models import Employer, Werkplek
    from leads.models import Lead, Submission
    from programmes.models import Programme

    programme = Programme.objects.published().first()
    employer = Employer.objects.create(
        name="Render werkgever",
        kvk_number="89999999",
        sector="techniek",
        employees=12,
        place="Utrecht",
        pc4="3511",
        contact_name="Render Contact",
        contact_email="render@werkgever.example",
        status="actief",
    )
    for i in range(20):
        werkplek = Werkplek.objects.create(
            employer=employer,
            title=f"Werkplek {i}",
            hours_per_week=32,
            description="Als {lerende} werk {je} mee.",
            place="Utrecht",
            pc4="3511",
        )
        werkplek.programmes.set([programme])
    contact = {
        "first_name": "Render",
        "last_name": "Persoon",
        "email": "render@persoon.example",
        "phone": "",
    }
    for i in range(10):
        consents = {"contact": True, "newsletter": False, "partners": True}
        details = {"intent": "information", "postcode": "3511"}
        Submission.record(contact, details, [programme], consents, token=f"render-{i}")
    lead = Lead.objects.for_email(contact["email"]).get()
    return {"employer": employer.personal_link(), "person": lead.personal_link()}


def measure_here():
    from unittest import mock

    from django.db import connection
    from django.test import Client

    from employers.models import Werkplek
    from mkbroute.lib import cache
    from mkbroute.lib.content import OWN_VERSIONS, new_content_version
    from personas.models import Persona, ToneWord
    from programmes.models import Programme

    client = Client(HTTP_HOST="127.0.0.1")
    for name, link in personal_pages().items():
        response = client.get(link[link.index("/", 8) :])  # the link starts the session
        assert response.status_code == 302, (name, response.status_code)
    pages = {**PUBLIC, **PERSONAL}

    def get(path):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)

    def cpu_ms(path, before=None):
        if before:
            before()
        started = time.thread_time()
        get(path)
        return (time.thread_time() - started) * 1000

    def summary(times):
        times = sorted(times)
        return {"median": statistics.median(times), "p95": times[int(len(times) * 0.95)]}

    werkplek = Werkplek.objects.public().select_related("employer").first()

    def edit_werkplek():
        """As an employer's edit through their link: a save, with its signals."""
        werkplek.hours_per_week = 32 if werkplek.hours_per_week != 32 else 24
        werkplek.save()

    shown = {
        "persona": Persona.objects.get(slug=PUBLIC["persona"][1].split("/")[2]),
        "programme": Programme.objects.get(slug=PUBLIC["programme"][1].split("/")[2]),
    }

    def edit_of(name):
        """A save of what the page shows (a programme for the others), as the admin makes."""
        row = shown.get(name, shown["programme"])
        return lambda: row.save()

    # One row of each model with a version of its own, as near to the pages as there is: an
    # edit of it makes those parts that are kept by it again as well.
    persona, programme = shown["persona"], shown["programme"]
    others = {
        "an event": programme.events.order_by("-starts_at").first(),
        "a tone": persona.tone,
        "a tone's word": ToneWord.objects.filter(tone=persona.tone).first(),
        "an intake": programme.intakes.order_by("-start_date").first(),
        "a target group": persona.target_groups.first(),
    }

    def edit_everything():
        """Every version new: nothing kept helps, as before there were versions per model."""
        new_content_version(models=OWN_VERSIONS)

    figures = {}
    # The page cache bypassed: no page is taken from it or kept in it. What is kept per content
    # version (parts of pages, the blank lead form) stays kept, as for a new tone or variant.
    with mock.patch.object(cache, "cacheable_request", lambda request: False):
        for name, (_label, path) in pages.items():
            for _ in range(3):
                get(path)
            queries = []

            def count(execute, sql, *args, queries=queries):
                queries.append(sql)
                return execute(sql, *args)

            with connection.execute_wrapper(count):
                get(path)
            figures[name] = {"queries": len(queries)}
        # Round after round over every page and kind of visit, so that a slow moment on this
        # shared machine falls on all of them alike instead of on one.
        kinds = {
            "kept": lambda name: None,
            "edited": edit_of,
            **{other: lambda name, row=row: row.save for other, row in others.items() if row},
            "all_edited": lambda name: edit_everything,
            "werkplek_edited": lambda name: edit_werkplek,
        }
        times = defaultdict(list)
        for _ in range(ROUNDS):
            for name, (_label, path) in pages.items():
                for kind, before in kinds.items():
                    get(path)  # the page as it was before: what the edit leaves, kept
                    times[name, kind].append(cpu_ms(path, before(name)))
        for (name, kind), measured in times.items():
            figures[name][kind] = summary(measured)
        for name in pages:  # of the single edits of other rows, the one that costs most
            worst = max(others, key=lambda other: figures[name].get(other, {}).get("median", 0))
            figures[name]["other_edited"] = {**figures[name][worst], "which": worst}
        parts = Parts()
        parts.install()
        for name, (_label, path) in pages.items():
            for kind, before in (("parts", None), ("edited_parts", edit_of(name))):
                parts.spent.clear()
                total = 0.0
                for _ in range(ROUNDS):
                    if before:
                        before()
                    started = time.thread_time()
                    get(path)
                    total += time.thread_time() - started
                total = total * 1000 / ROUNDS
                spent = {part: ms * 1000 / ROUNDS for part, ms in parts.spent.items()}
                spent["other"] = total - sum(spent.values())
                figures[name][kind] = {**spent, "total": total}
    return figures


def measure(database_url):
    """The figures, measured in a process of their own on that database."""
    result = run_python(database_url, "bench/render.py")
    if result.returncode:
        sys.exit(f"bench/render.py failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def report(figures):
    pages = {**PUBLIC, **PERSONAL}
    lines = [
        f"## Rendering without the page cache (goal: ≤ {GOAL_MS} ms of CPU for the persona "
        "page, the programme page and the lead form)",
        "",
        "CPU time of one request in one process (Django's test client, no HTTP; the thread "
        "that serves it, not the one that writes the counters), median and "
        f"p95 of {ROUNDS}, with the page cache bypassed: as the first visitor in a new tone or "
        "experiment variant gets the page. Each cell: median (p95). Each visit after an edit "
        "follows a visit before it, so what the edit leaves stays kept, as on a site in use. "
        "*Own edit*: the page's own persona or programme saved (for the other pages a "
        "programme), as the admin saves it. *Other edit*: of single saves of an event, a tone, "
        "a tone's word, an intake and a target group (the models with versions of their own, "
        "which also make the parts kept by them again), the costliest, named. *All versions*: "
        "every version new at once, so that nothing kept helps (no single edit does this). "
        "*Werkplek*: a werkplek saved, as an employer's own link does many times a day: the "
        "pages of the catalogue keep their parts (and their place in the page cache). The pages "
        "behind a personal link are never cached; their goal is in their own section (≥ 0.5 of "
        "/healthz through gunicorn).",
        "",
        "| page | rendered anew | own edit | other edit | all versions | werkplek | queries |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, (label, path) in pages.items():
        f = figures[name]
        cells = [
            f"{f[kind]['median']:.1f} ({f[kind]['p95']:.1f})"
            for kind in ("kept", "edited", "other_edited", "all_edited", "werkplek_edited")
        ]
        cells[2] += f", {f['other_edited']['which']}"
        lines.append(f"| {label} `{path}` | {' | '.join(cells)} | {f['queries']} |")
    lines += [
        "",
        "### Where the time goes",
        "",
        "The same requests (page cache bypassed) with a timer around each part; a part counts "
        "without the parts it calls, so a column adds up to its total. ms per request, the "
        "timers themselves included.",
        "",
        *profile(figures, pages, "parts"),
        "",
        "### Where the time goes right after an edit",
        "",
        "The same, with the page's own persona or programme saved before each request (*after "
        "an edit*): what is kept by the catalogue's version is made again (the persona or "
        "programme, the parts made once, the blank form's build).",
        "",
        *profile(figures, pages, "edited_parts"),
        "",
    ]
    return "\n".join(lines)


def profile(figures, pages, kind):
    """The table of one profile: a row per part, a column per page."""
    lines = [
        "| part | " + " | ".join(label.split(",")[0] for label, _path in pages.values()) + " |",
        "| --- |" + " ---: |" * len(pages),
    ]
    for part, label in PARTS.items():
        cells = " | ".join(f"{figures[name][kind].get(part, 0.0):.1f}" for name in pages)
        lines.append(f"| {label} | {cells} |")
    totals = " | ".join(f"**{figures[name][kind]['total']:.1f}**" for name in pages)
    return [*lines, f"| total | {totals} |"]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.db import transaction

    with transaction.atomic():
        figures = measure_here()
        transaction.set_rollback(True)
    print(json.dumps(figures))
