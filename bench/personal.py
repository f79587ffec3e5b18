"""The pages behind a personal link: /werkgevers/mijn/ of an employer with 20 places and
/mijn/ of a person with 10 submissions, through gunicorn with the link's session cookie,
against /healthz in the same run; and their queries for 2 and 20 places, 1 and 10 submissions."""

import http.client
import json
import sys
from urllib.parse import urlsplit

from harness import PORT, load, run_python

ROUNDS = 3

SETUP = """
import json, django; django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from employers.models import Employer, Werkplek
from leads.models import Lead, Submission
from programmes.models import Programme

programme = Programme.objects.published().first()


def employer_with(places, n):
    employer = Employer.objects.create(
        name=f"Bench werkgever {n}", kvk_number=f"{90000000 + n}", sector="techniek",
        employees=12, place="Utrecht", pc4="3511", contact_name="Bench Contact",
        contact_email=f"bench{n}@werkgever.example", status="actief",
    )
    for i in range(places):
        werkplek = Werkplek.objects.create(
            employer=employer, title=f"Werkplek {i}", hours_per_week=32,
            description="Als {lerende} werk {je} mee.", place="Utrecht", pc4="3511",
        )
        werkplek.programmes.set([programme])
    return employer


def lead_with(submissions, n):
    contact = {"first_name": "Bench", "last_name": f"Persoon {n}",
               "email": f"bench{n}@persoon.example", "phone": ""}
    for i in range(submissions):
        Submission.record(contact, {"intent": "information", "postcode": "3511"}, [programme],
                          {"contact": True, "newsletter": False, "partners": True},
                          token=f"bench-{n}-{i}")
    return Lead.objects.for_email(contact["email"]).get()


def queries(link):
    client = Client(HTTP_HOST="127.0.0.1")
    address = client.get(link[link.index("/", 8):])["Location"]
    client.get(address)  # the shared caches (tones, start months) filled, as on a live site
    with CaptureQueriesContext(connection) as captured:
        client.get(address)
    return len(captured)


big_employer, small_employer = employer_with(20, 1), employer_with(2, 2)
big_lead, small_lead = lead_with(10, 1), lead_with(1, 2)
print(json.dumps({
    "employer": big_employer.personal_link(),
    "person": big_lead.personal_link(),
    "employer_queries": [queries(e.personal_link()) for e in (small_employer, big_employer)],
    "person_queries": [queries(lead.personal_link()) for lead in (small_lead, big_lead)],
}))
"""


def session_cookie(link):
    """Open the link as a browser does: the answer's cookie is the session."""
    address = urlsplit(link)
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    connection.request("GET", f"{address.path}?{address.query}")
    response = connection.getresponse()
    response.read()
    cookie = response.getheader("Set-Cookie", "")
    return address.path, cookie.split(";", 1)[0]


def measure(database_url):
    """Run while the server is up: ROUNDS rounds over /healthz and the two pages, so that a
    slow moment on this shared machine hits a page and its floor alike (as the pages table
    is measured); each page keeps the round with its median ratio to that round's /healthz."""
    result = run_python(database_url, "-c", SETUP)
    if result.returncode:
        sys.exit(f"bench/personal.py setup failed:\n{result.stderr[-3000:]}")
    made = json.loads(result.stdout.strip().splitlines()[-1])
    pages = {"floor": ("/healthz", "")}
    for name in ("employer", "person"):
        pages[name] = session_cookie(made[name])
    for path, cookie in pages.values():
        load(path, seconds=1, clients=2, cookie=cookie)  # every worker booted and warm
    rounds = {name: [] for name in pages}
    for _ in range(ROUNDS):
        for name, (path, cookie) in pages.items():
            rounds[name].append(load(path, cookie=cookie))
    figures = {}
    for name, results in rounds.items():
        floors = rounds["floor"]
        ratios = [r["rps"] / floor["rps"] for r, floor in zip(results, floors, strict=True)]
        middle = sorted(range(ROUNDS), key=ratios.__getitem__)[ROUNDS // 2]
        errors = sum(r["errors"] for r in results)  # of every round, not the median's alone
        figures[name] = {**results[middle], "ratio": ratios[middle], "errors": errors}
        if name != "floor":
            figures[name]["queries"] = made[f"{name}_queries"]
    floor = sorted(rounds["floor"], key=lambda r: r["rps"])[ROUNDS // 2]
    figures["floor"] = {**floor, "errors": sum(r["errors"] for r in rounds["floor"])}
    return figures


def report(figures):
    floor = figures["floor"]["rps"]
    lines = [
        "## Pages behind a personal link",
        "",
        "Goal: at least 0.5 of /healthz, with a number of queries that does not grow with what "
        "the page lists. Measured with the session cookie the link starts; never cached. "
        f"{ROUNDS} rounds over /healthz and both pages; a page's row is its round with the "
        "median ratio to that round's /healthz.",
        "",
        "| page | requests/s | p50 ms | p95 ms | vs /healthz | queries (small, large) | errors |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: |",
        f"| /healthz (floor, this run) | {floor:.0f} | {figures['floor']['p50']:.1f} | "
        f"{figures['floor']['p95']:.1f} | 1.00 | | {figures['floor']['errors']} |",
    ]
    labels = {
        "employer": "`/werkgevers/mijn/`, 20 places (2)",
        "person": "`/mijn/`, 10 submissions (1)",
    }
    for name, label in labels.items():
        r = figures[name]
        small, large = r["queries"]
        lines.append(
            f"| {label} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | "
            f"{r['ratio']:.2f} | {small}, {large} | {r['errors']} |"
        )
    return "\n".join([*lines, ""])
