"""The admin pages Toelating and Communicatie use, at size, through gunicorn.

Run by bench/run.py (make bench) on its 100,000-lead databases, SQLite and PostgreSQL: each
page REQUESTS times, one after another over one keep-alive connection, as a logged-in
Toelating user (the export log, which only superusers read, as the bench's superuser). The
queries per page are counted in a process of their own with Django's test client.

`python bench/admin_pages.py setup` (in the bench's environment) makes the Toelating user and
the introductions the demo lacks, finds the ids the pages name and counts their queries, and
prints them as one line of JSON. `python bench/admin_pages.py [sqlite] [postgresql]` measures
the bench's databases as they are (BENCH_ADMIN_PAGES picks pages by label).
"""

import datetime
import http.client
import json
import os
import re
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

REQUESTS = int(os.environ.get("BENCH_ADMIN_REQUESTS", "20"))
# A regular expression: only the pages whose label it finds (while working on some of them).
CHOSEN = re.compile(os.environ.get("BENCH_ADMIN_PAGES", ""))
WARM = 2
GOAL_MS = 300
TOELATING = ("bench-toelating", "Bench-toelating-2026")
INTRODUCTIONS = 5000  # people proposed for a place; the demo makes none

# (label, path); {names} are filled from the ids `setup` finds. The lead list's columns:
# 1 lead (by last name), 5 status, 6 binnengekomen; the others cannot be sorted.
PAGES = [
    ("lead list", "/admin/leads/lead/"),
    # As the column headers sort: by the column clicked, then as before (newest first).
    ("sorted by name", "/admin/leads/lead/?o=1.-6"),
    ("sorted by name, descending", "/admin/leads/lead/?o=-1.-6"),
    ("sorted by status", "/admin/leads/lead/?o=5.-6"),
    ("sorted by status, descending", "/admin/leads/lead/?o=-5.-6"),
    ("sorted by date, oldest first", "/admin/leads/lead/?o=6"),
    ("filtered by status", "/admin/leads/lead/?status__exact=nieuw"),
    ("filtered by persona", "/admin/leads/lead/?submissions__persona__id__exact={persona}"),
    (
        "filtered by target group",
        "/admin/leads/lead/?submissions__target_group__id__exact={target_group}",
    ),
    ("filtered by programme", "/admin/leads/lead/?opleiding={programme}"),
    ("filtered by channel", "/admin/leads/lead/?submissions__channel__id__exact={channel}"),
    ("filtered by campaign", "/admin/leads/lead/?submissions__utm_campaign=voorjaar"),
    ("filtered by month", "/admin/leads/lead/?created_at__year={year}&created_at__month={month}"),
    (
        "status and persona",
        "/admin/leads/lead/?status__exact=nieuw&submissions__persona__id__exact={persona}",
    ),
    ("search by last name", "/admin/leads/lead/?q=jansen"),
    ("search by full name", "/admin/leads/lead/?q=sanne+jansen"),
    ("search by e-mail address", "/admin/leads/lead/?q={email}"),
    ("search by e-mail domain", "/admin/leads/lead/?q=example.org"),
    ("search by phone as written", "/admin/leads/lead/?q={phone}"),
    ("search by phone digits", "/admin/leads/lead/?q={phone_digits}"),
    ("a lead's page", "/admin/leads/lead/{lead}/change/"),
    ("employers", "/admin/employers/employer/"),
    ("an employer's page", "/admin/employers/employer/{employer}/change/"),
    ("werkplekken", "/admin/employers/werkplek/"),
    ("a werkplek's page", "/admin/employers/werkplek/{werkplek}/change/"),
    ("introductions", "/admin/employers/introduction/"),
    ("an introduction's page", "/admin/employers/introduction/{introduction}/change/"),
    ("worklist", "/admin/zonder-werkplek/"),
    ("export log (superuser)", "/admin/leads/exportlog/"),
    ("results, default period", "/admin/resultaten/"),
    ("results, a year", "/admin/resultaten/?van={year_ago}&tot={today}"),
]
SUPERUSER_ONLY = {"/admin/leads/exportlog/"}


def add_introductions(total=INTRODUCTIONS, seed=25):
    """Introductions of people for places, each with its mail to the employer: the demo has
    none. Made once; the database keeps them."""
    import random

    from django.utils import timezone

    from employers import mails
    from employers.models import Introduction, Werkplek
    from leads import outbox
    from leads.models import Lead

    if Introduction.objects.exists():
        return
    rng = random.Random(seed)
    places = list(Werkplek.objects.values_list("pk", flat=True))
    leads = rng.sample(list(Lead.objects.values_list("pk", "created_at")), total)
    statuses = list(Introduction.Status)
    now = timezone.now()
    made = Introduction.objects.bulk_create(
        Introduction(
            lead_id=lead,
            werkplek_id=rng.choice(places),
            status=rng.choice(statuses),
            proposed_at=min(now, created + datetime.timedelta(days=rng.randint(1, 30))),
            status_changed_at=now,
        )
        for lead, created in leads
    )
    outbox.Mail.objects.bulk_create(
        outbox.Mail(
            kind=outbox.kind_of(mails.introduction),
            object_id=i.pk,
            status=outbox.Mail.Status.SENT,
            attempts=1,
            created_at=i.proposed_at,
            sent_at=i.proposed_at,
        )
        for i in made
    )


def setup():
    """The Toelating user, the ids the pages name, and each page's queries on a second visit
    (the first fills the caches)."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from employers.models import Employer, Introduction, Werkplek
    from leads.models import Lead, Submission
    from mkbroute.roles import ADMISSIONS

    add_introductions()
    User = get_user_model()
    user = User.objects.filter(username=TOELATING[0]).first()
    if user is None:
        user = User.objects.create_user(TOELATING[0], "t@example.org", TOELATING[1])
        user.is_staff = True
        user.save()
        user.groups.add(Group.objects.get(name=ADMISSIONS))
    submission = (
        Submission.objects.exclude(persona=None)
        .exclude(channel=None)
        .exclude(target_group=None)
        .filter(programmes__isnull=False)
        .select_related("lead")
        .latest("created_at")
    )
    lead = submission.lead
    today = timezone.localdate()
    month = timezone.localtime(Lead.objects.latest("created_at").created_at)
    ids = {
        "persona": submission.persona_id,
        "target_group": submission.target_group_id,
        "channel": submission.channel_id,
        "programme": submission.programmes.first().pk,
        "year": month.year,
        "month": month.month,
        "lead": lead.pk,
        "email": urllib.parse.quote(lead.email),
        "phone": urllib.parse.quote_plus(lead.phone),
        "phone_digits": re.sub(r"\D", "", lead.phone),
        "employer": Employer.objects.order_by("pk").first().pk,
        "werkplek": Werkplek.objects.order_by("pk").first().pk,
        "introduction": getattr(Introduction.objects.order_by("pk").first(), "pk", None),
        "today": f"{today:%Y-%m-%d}",
        "year_ago": f"{today - datetime.timedelta(days=365):%Y-%m-%d}",
    }
    clients = {False: Client(HTTP_HOST="127.0.0.1"), True: Client(HTTP_HOST="127.0.0.1")}
    clients[False].force_login(user)
    clients[True].force_login(User.objects.filter(is_superuser=True).first())
    queries = {}
    for label, template in PAGES:
        if not CHOSEN.search(label):
            continue
        path = template.format(**ids)
        client = clients[path in SUPERUSER_ONLY]
        client.get(path)
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        queries[template] = len(captured) if status == 200 else f"HTTP {status}"
    return {"ids": ids, "queries": queries}


def logged_in_cookie(port, username, password):
    """The session cookie of a login through the admin's own form."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/admin/login/")
    response = connection.getresponse()
    page = response.read().decode()
    csrf = response.getheader("Set-Cookie", "").split(";", 1)[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token}
    )
    headers = {"Cookie": csrf, "Content-Type": "application/x-www-form-urlencoded"}
    connection.request("POST", "/admin/login/", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    cookies = [v.split(";", 1)[0] for k, v in response.getheaders() if k == "Set-Cookie"]
    session = [c for c in cookies if c.startswith("sessionid=")]
    if response.status != 302 or not session:
        sys.exit(f"bench/admin_pages.py: the login of {username} failed ({response.status})")
    return session[0]


def timed(port, path, cookie, requests=REQUESTS):
    """Milliseconds of each of `requests` requests of path, after WARM unmeasured ones."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": cookie, "Accept-Encoding": "gzip"}
    times, errors = [], 0
    for n in range(WARM + requests):
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        if n >= WARM:
            times.append((time.perf_counter() - started) * 1000)
            errors += response.status != 200
    times.sort()
    return {
        "p50": statistics.median(times),
        "p95": times[min(len(times) - 1, int(len(times) * 0.95))],
        "errors": errors,
    }


def measure(database_url):
    """Every page's median and p95 through gunicorn, and its queries; starts its own server."""
    from harness import ADMIN, PORT, Server, run_python

    result = run_python(database_url, "bench/admin_pages.py", "setup")
    if result.returncode:
        sys.exit(f"bench/admin_pages.py setup failed:\n{result.stderr[-3000:]}")
    made = json.loads(result.stdout.strip().splitlines()[-1])
    server = Server(database_url)
    try:
        cookies = {
            False: logged_in_cookie(PORT, *TOELATING),
            True: logged_in_cookie(PORT, *ADMIN),
        }
        pages = []
        for label, template in PAGES:
            if template not in made["queries"] or not CHOSEN.search(label):
                continue
            path = template.format(**made["ids"])
            print(f"  {label} ...", file=sys.stderr, flush=True)
            figures = timed(PORT, path, cookies[path in SUPERUSER_ONLY])
            pages.append({"label": label, "path": template, **figures})
            pages[-1]["queries"] = made["queries"][template]
    finally:
        server.stop()
    return pages


def report(runs):
    """runs: {database label: measure()}; one table with three columns per database."""
    from harness import LEADS

    labels = list(runs)
    lines = [
        f"## Admin pages at {LEADS:,} leads: goal ≤ {GOAL_MS} ms each (median), with queries "
        "that do not grow with the rows shown",
        "",
        f"{REQUESTS} requests per page after {WARM} unmeasured ones, one after another over "
        "one keep-alive connection through gunicorn, as a logged-in Toelating user (the "
        "export log as a superuser: only they read it). Queries: of a second visit with "
        "Django's test client. `{…}` in a path is an id or value of the bench database.",
        "",
        "| page | "
        + " | ".join(f"{db} p50 ms | {db} p95 ms | {db} queries" for db in labels)
        + " |",
        "| --- |" + " ---: | ---: | ---: |" * len(labels),
    ]
    rows = {}
    for db in labels:
        for page in runs[db]:
            rows.setdefault((page["label"], page["path"]), {})[db] = page
    for (label, path), per_db in rows.items():
        cells = []
        for db in labels:
            page = per_db.get(db)
            if page is None:
                cells += ["", "", ""]
                continue
            flag = " ⚠" if page["p50"] > GOAL_MS or page["errors"] else ""
            cells += [f"{page['p50']:.0f}{flag}", f"{page['p95']:.0f}", str(page["queries"])]
        lines.append(f"| {label} `{path}` | " + " | ".join(cells) + " |")
    lines += ["", "⚠: over the goal, or an answer other than 200.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if sys.argv[1:] == ["setup"]:
        print(json.dumps(setup()))
    else:
        from harness import PG_URL, SQLITE_URL

        urls = {"SQLite": SQLITE_URL, "PostgreSQL": PG_URL}
        wanted = [name.lower() for name in sys.argv[1:]] or ["sqlite", "postgresql"]
        print(json.dumps({db: measure(url) for db, url in urls.items() if db.lower() in wanted}))
