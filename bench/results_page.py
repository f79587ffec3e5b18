"""The results page (/admin/resultaten/) at size, as a logged-in Toelating user through
gunicorn: over the default period (the recruitment year so far) and over a year, warm (the
figures from the cache, as every request after the first of an hour gets them) and cold (a
period not asked for since the fold: its figures summed from the daily rows), with the
queries of a request. The leads are folded into their rows first, as the worker does hourly.
"""

import datetime
import http.cookiejar
import json
import re
import statistics
import time
import urllib.parse
import urllib.request

from harness import PORT, Server, manage, run_python

ROUNDS = 20
USER = ("bench-toelating", "Bench-wachtwoord-2026")
URL = "/admin/resultaten/"


def add_user(database_url):
    code = (
        "from django.contrib.auth import get_user_model as g; "
        "from django.contrib.auth.models import Group; U = g(); "
        f"u = U.objects.filter(username='{USER[0]}').first() or "
        f"U.objects.create_user('{USER[0]}', password='{USER[1]}', is_staff=True); "
        "u.groups.add(Group.objects.get(name='Toelating'))"
    )
    manage(database_url, "shell", "-c", code)


def periods(today):
    """{name: [query]}: the period as it is asked, then ROUNDS periods not asked before (each
    a day longer), for the cold figures."""
    default = datetime.date(today.year if today.month >= 10 else today.year - 1, 10, 1)
    year = today - datetime.timedelta(days=364)

    def query(start):
        return f"?van={start:%Y-%m-%d}&tot={today:%Y-%m-%d}"

    longer = range(1, ROUNDS + 1)
    return {
        "default": ["", [query(default - datetime.timedelta(days=n)) for n in longer]],
        "year": [query(year), [query(year - datetime.timedelta(days=n)) for n in longer]],
    }


def logged_in():
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{PORT}"
    page = opener.open(base + "/admin/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {
        "username": USER[0],
        "password": USER[1],
        "csrfmiddlewaretoken": token,
        "next": "/admin/",
    }
    opener.open(base + "/admin/login/", urllib.parse.urlencode(form).encode())
    return lambda query: timed(opener, base + URL + query)


def timed(opener, url):
    started = time.perf_counter()
    with opener.open(url) as response:
        body = response.read()
    assert response.status == 200 and b"results__matrix" in body, url
    return (time.perf_counter() - started) * 1000


def after_fold(database_url, get):
    """The first request after a fold: nothing of the page in the cache (nor the places)."""
    manage(database_url, "fold_funnel")
    return get("")


def summary(times):
    ordered = sorted(times)
    return {"p50": statistics.median(ordered), "p95": ordered[int(len(ordered) * 0.95) - 1]}


def queries(database_url, today):
    code = (
        "import json, django; django.setup()\n"
        "from django.core.cache import cache\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "from django.contrib.auth import get_user_model\n"
        "client = Client(HTTP_HOST='127.0.0.1')\n"
        f"client.force_login(get_user_model().objects.get(username='{USER[0]}'))\n"
        "out = {}\n"
        f"for name, query in {[(n, q[0]) for n, q in periods(today).items()]!r}:\n"
        "    cache.clear()\n"
        "    counts = []\n"
        "    for _ in range(2):\n"
        "        with CaptureQueriesContext(connection) as q:\n"
        f"            client.get('{URL}' + query)\n"
        "        counts.append(len(q))\n"
        "    out[name] = counts\n"
        "print(json.dumps(out))\n"
    )
    result = run_python(database_url, "-c", code)
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(database_url, today=None):
    """{period: {warm: {p50, p95}, cold: {p50, p95}, queries: [cold, warm]}}, and for the
    default period after_fold: {p50, p95}"""
    today = today or datetime.date.today()
    manage(database_url, "fold_funnel")
    add_user(database_url)
    figures = {name: {"queries": counts} for name, counts in queries(database_url, today).items()}
    server = Server(database_url)
    try:
        get = logged_in()
        get("")  # a first request: the workers start, the tones and personas are cached
        for name, (query, cold) in periods(today).items():
            figures[name]["warm"] = summary([get(query) for _ in range(ROUNDS)])
            figures[name]["cold"] = summary([get(other) for other in cold])
        figures["default"]["after_fold"] = summary(
            [after_fold(database_url, get) for _ in range(ROUNDS)]
        )
    finally:
        server.stop()
    return figures


def report(figures):
    """{database: measure(...)} as a Markdown table."""
    lines = [
        "| database | period | warm p50 / p95 | cold p50 / p95 | first after a fold p50 / p95 "
        "| queries cold / warm |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for database, periods_measured in figures.items():
        for name, f in periods_measured.items():
            first = f.get("after_fold")
            lines.append(
                f"| {database} | {name} | {ms(f['warm'])} | {ms(f['cold'])} "
                f"| {ms(first) if first else '–'} | {f['queries'][0]} / {f['queries'][1]} |"
            )
    return "\n".join(lines)


def ms(times):
    return f"{times['p50']:.0f} / {times['p95']:.0f} ms"


if __name__ == "__main__":
    # `python bench/results_page.py`: on the bench databases make bench built (or BENCH_OUT's).
    from harness import PG_URL, SQLITE_URL, reachable

    measured = {"SQLite": measure(SQLITE_URL)}
    if reachable("127.0.0.1", 5432):
        measured["PostgreSQL"] = measure(PG_URL)
    print(report(measured))
