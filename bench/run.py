"""make bench: a big database, the site under gunicorn as in production, and the figures.

Writes BENCHMARKS.md. Runs on SQLite always, and on this machine's PostgreSQL
(127.0.0.1:5432) when it answers; needs Redis (127.0.0.1:6379). Takes a few minutes.
"""

import datetime
import json
import os
import platform
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import admin_pages
import alerts
import counting
import exports
import ooapi
import personal
import psycopg
import render
import submits
import werkplekken
from harness import (
    CLIENTS,
    LEADS,
    OUT,
    PG_NAME,
    PG_URL,
    PORT,
    REDIS_DB,
    ROOT,
    SECONDS,
    SQLITE_URL,
    Server,
    load,
    prepare,
    reachable,
    run_python,
)

ROUNDS = 3
PAGES = {
    "/healthz": "healthz (floor)",
    "/": "home",
    "/voor/zij-instromer/": "persona page",
    "/opleidingen/": "programme list",
    "/opleidingen/ad-ondernemen/": "programme detail",
    "/werkplekken/?postcode=3511&afstand=25": "werkplekken near a PC4",
    "/werkplekken/junior-developer-utrecht-ict-beheer/": "werkplek page",
}


def measure_pages():
    """ROUNDS rounds over all pages, so that a slow moment on this shared machine hits every
    page alike; each page keeps its median round."""
    rounds = {path: [] for path in PAGES}
    for _ in range(ROUNDS):
        for path in PAGES:
            rounds[path].append(load(path))
    return {
        path: sorted(results, key=lambda r: r["rps"])[len(results) // 2]
        for path, results in rounds.items()
    }


def queries_per_page(database_url):
    code = (
        "import json, django; django.setup()\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "out = {}\n"
        "client = Client(HTTP_HOST='127.0.0.1')\n"
        f"for path in {list(PAGES)!r}:\n"
        "    counts = []\n"
        "    for _ in range(2):\n"
        "        with CaptureQueriesContext(connection) as q:\n"
        "            client.get(path)\n"
        "        counts.append(len(q))\n"
        "    out[path] = counts\n"
        "print(json.dumps(out))\n"
    )
    result = run_python(database_url, "-c", code)
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure_werkplekken(database_url):
    result = run_python(database_url, "bench/werkplekken.py")
    if result.returncode:
        sys.exit(f"bench/werkplekken.py failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


ALERTS_SQLITE = OUT / "alerts.sqlite3"
ALERTS_PG_URL = "postgres://postgres@127.0.0.1:5432/mkbroute_bench_alerts"


def measure_alerts():
    """The weekly alert digests, each database fresh and of its own: the run commits (its
    mails go to the worker only then), so it cannot roll back as bench/werkplekken.py does."""
    databases = {"SQLite": f"sqlite:///{ALERTS_SQLITE}"}
    ALERTS_SQLITE.unlink(missing_ok=True)
    if reachable("127.0.0.1", 5432):
        host = ["-h", "127.0.0.1", "-U", "postgres"]
        subprocess.run(["dropdb", *host, "--if-exists", "mkbroute_bench_alerts"], check=True)
        subprocess.run(["createdb", *host, "mkbroute_bench_alerts"], check=True)
        databases["PostgreSQL"] = ALERTS_PG_URL
    runs = {}
    for label, database_url in databases.items():
        prepare(database_url, 0)
        result = run_python(database_url, "bench/alerts.py")
        if result.returncode:
            sys.exit(f"bench/alerts.py failed:\n{result.stderr[-3000:]}")
        runs[label] = json.loads(result.stdout.strip().splitlines()[-1])
    return runs


def landing_weight():
    """Bytes a first visit to a persona page transfers, compressed where the server offers it."""
    base = f"http://127.0.0.1:{PORT}"
    gzip = {"Accept-Encoding": "gzip"}
    request = urllib.request.Request(base + "/voor/zij-instromer/", headers=gzip)
    html = urllib.request.urlopen(request).read()
    parts = [("HTML /voor/zij-instromer/", len(html))]
    for href in re.findall(rb'<link rel="(?:stylesheet|icon)" href="([^"]+)"', html):
        asset = urllib.request.Request(base + href.decode(), headers=gzip)
        with urllib.request.urlopen(asset) as response:
            body = response.read()
            encoding = response.headers.get("Content-Encoding", "none")
            cache = response.headers.get("Cache-Control", "")
        parts.append((f"{href.decode()} ({encoding}; {cache})", len(body)))
    return parts


def proc_value(path, name):
    """The value after `name` in a /proc file such as cpuinfo or meminfo, or None."""
    for line in Path(path).read_text().splitlines():
        if line.startswith(name):
            return line.split(":", 1)[1].strip()
    return None


def machine():
    cpu = proc_value("/proc/cpuinfo", "model name") or platform.processor()
    gib = int(proc_value("/proc/meminfo", "MemTotal").split()[0]) // 1024 // 1024
    return f"{os.cpu_count()} cores ({cpu}), {gib} GiB, Python {platform.python_version()}"


def prepare_postgresql():
    """A fresh bench database on PostgreSQL with as many leads as on SQLite, its statistics up
    to date as autovacuum would have them after a while."""
    host = ["-h", "127.0.0.1", "-U", "postgres"]
    subprocess.run(["dropdb", *host, "--if-exists", PG_NAME], capture_output=True)
    subprocess.run(["createdb", *host, PG_NAME], check=True)
    took = prepare(PG_URL, LEADS)
    with psycopg.connect(PG_URL, autocommit=True) as connection:
        connection.execute("ANALYZE")
    return took


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    if not reachable("127.0.0.1", 6379):
        sys.exit("Redis does not answer on 127.0.0.1:6379; production runs with it.")
    subprocess.run(["redis-cli", "-n", REDIS_DB, "flushdb"], capture_output=True)
    (OUT / "bench.sqlite3").unlink(missing_ok=True)
    print(f"Building the SQLite database with {LEADS} leads ...", flush=True)
    figures = {"build_seconds": prepare(SQLITE_URL, LEADS), "exports": {}, "submits": {}}

    server = Server(SQLITE_URL)
    try:
        for path in PAGES:  # warm the cache and the workers
            load(path, seconds=1, clients=2)
        print("Measuring pages ...", flush=True)
        figures["pages"] = measure_pages()
        figures["weight"] = landing_weight()
        print("Measuring the pages behind a personal link ...", flush=True)
        figures["personal"] = personal.measure(SQLITE_URL)
        print("Measuring the export on SQLite ...", flush=True)
        figures["exports"]["SQLite"] = exports.measure_export(server, SQLITE_URL)
    finally:
        server.stop()
    print("Measuring the cost of counting the funnel ...", flush=True)
    figures["counting"] = counting.measure_counting(SQLITE_URL)
    figures["queries"] = queries_per_page(SQLITE_URL)
    print("Measuring matching and the worklist ...", flush=True)
    figures["werkplekken"] = measure_werkplekken(SQLITE_URL)
    print("Measuring rendering without the page cache ...", flush=True)
    figures["render"] = render.measure(SQLITE_URL)
    print("Measuring the admin pages on SQLite ...", flush=True)
    figures["admin"] = {"SQLite": admin_pages.measure(SQLITE_URL)}

    if reachable("127.0.0.1", 5432):
        print(f"Building the PostgreSQL database with {LEADS} leads ...", flush=True)
        figures["pg_build_seconds"] = prepare_postgresql()
        server = Server(PG_URL)
        try:
            load("/interesse/", seconds=1, clients=2)
            print("Measuring the export on PostgreSQL ...", flush=True)
            figures["exports"]["PostgreSQL"] = exports.measure_export(server, PG_URL)
        finally:
            server.stop()
        print("Measuring the admin pages on PostgreSQL ...", flush=True)
        figures["admin"]["PostgreSQL"] = admin_pages.measure(PG_URL)

    print("Measuring the weekly alert digests ...", flush=True)
    figures["alerts"] = measure_alerts()
    print("Measuring the import from OOAPI ...", flush=True)
    figures["ooapi"] = ooapi.measure_all()
    figures["submits"] = submits.all_runs()
    write_report(figures)
    print((ROOT / "BENCHMARKS.md").read_text())


def write_report(figures):
    pages, queries, weight = figures["pages"], figures["queries"], figures["weight"]
    floor = pages["/healthz"]["rps"]
    built = f"{figures['build_seconds']:.0f} s"
    if "pg_build_seconds" in figures:
        built += f"; on PostgreSQL in {figures['pg_build_seconds']:.0f} s"
    lines = [
        "# Benchmarks",
        "",
        f"Measured by `make bench` on {datetime.date.today():%Y-%m-%d}, on {machine()}.",
        f"gunicorn with {submits.GUNICORN_WORKERS} gthread workers of "
        f"{submits.GUNICORN_THREADS} threads, DEBUG off, "
        "Redis as the shared cache, SQLite (WAL) with "
        f"{LEADS:,} synthetic leads (built by `load_demo --leads {LEADS}` in {built}). "
        "Pages are measured on SQLite. The load generator runs on the same machine with "
        f"{CLIENTS} keep-alive clients, {ROUNDS} rounds of {SECONDS:.0f} s per page (the median "
        "round counts), so it competes with the server for the cores: read the ratios, not "
        "the absolute numbers.",
        "",
        "## Pages",
        "",
        "| page | requests/s | p50 ms | p95 ms | vs /healthz | queries (first, cached) | errors |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for path, label in PAGES.items():
        r = pages[path]
        first, again = queries.get(path, ["?", "?"])
        timing = f"{r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['rps'] / floor:.2f}"
        lines.append(f"| {label} `{path}` | {timing} | {first}, {again} | {r['errors']} |")
    lines += [
        "",
        "Goal: every page at least 0.5 of /healthz. /healthz is the floor of a Django request "
        "here: one query, no template.",
        "",
        render.report(figures["render"]),
        personal.report(figures["personal"]),
        admin_pages.report(figures["admin"]),
        exports.report(figures["exports"]),
        counting.report(figures["counting"]),
        werkplekken.report(figures["werkplekken"]),
        alerts.report(figures["alerts"]),
        ooapi.report(figures["ooapi"]),
        submits.report(figures["submits"]),
        "Every seventh submit carries hostile text. Lost = sent without an error but not "
        "stored. Each run starts from a fresh database with the demo content.",
        "",
    ]
    total = sum(size for _name, size in weight)
    lines += [
        f"## What a first visit to a persona page transfers: {total / 1024:.1f} KB",
        "",
        "| part | bytes |",
        "| --- | ---: |",
        *[f"| {name} | {size:,} |" for name, size in weight],
        "",
        "Without images (they are lazy WebP renditions of a few tens of KB). Static files are "
        "served by WhiteNoise with hashed names, gzip and a ten-year immutable cache; the HTML "
        "itself is left to the reverse proxy to compress (docs/deploy.md). Goal: under 150 KB.",
        "",
        "## How to read this",
        "",
        "- *requests/s* and the ratio to /healthz say how much work a page costs beyond the "
        "bare minimum of a Django request. Pages come from the per-tone page cache after the "
        "first visit; *queries* shows the first (uncached) and a later visit.",
        "- The export streams one query through a database cursor a chunk at a time, so the "
        "worker's memory stays flat however many leads there are. The header leaves at once; "
        "the rows follow once the database has sorted the leads (on PostgreSQL, once it has "
        "filled Django's cursor).",
        "- Run it again with `make bench`; `BENCH_LEADS` and `BENCH_SECONDS` change the size.",
        "",
    ]
    (ROOT / "BENCHMARKS.md").write_text("\n".join(lines))


def exports_only():
    """`python bench/run.py exports`: only the CSV and .xlsx exports on SQLite, printed."""
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench.sqlite3").unlink(missing_ok=True)
    print(f"Building the SQLite database with {LEADS} leads ...", flush=True)
    prepare(SQLITE_URL, LEADS)
    server = Server(SQLITE_URL)
    try:
        print(json.dumps(exports.measure_export(server, SQLITE_URL), indent=2))
    finally:
        server.stop()


def counting_only():
    """`python bench/run.py counting`: only the cost of counting the funnel, printed."""
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench.sqlite3").unlink(missing_ok=True)
    subprocess.run(["redis-cli", "-n", REDIS_DB, "flushdb"], capture_output=True)
    prepare(SQLITE_URL, 0)
    print(counting.report(counting.measure_counting(SQLITE_URL)))


def personal_only():
    """`python bench/run.py personal`: only the pages behind a personal link, printed."""
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench.sqlite3").unlink(missing_ok=True)
    prepare(SQLITE_URL, 0)
    server = Server(SQLITE_URL)
    try:
        print(personal.report(personal.measure(SQLITE_URL)))
    finally:
        server.stop()


def render_only():
    """`python bench/run.py render`: only rendering without the page cache, printed. On as
    many leads as make bench (BENCH_LEADS sets another number): the event cards count their
    sign-ups, and on an empty database that cost hides."""
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench.sqlite3").unlink(missing_ok=True)
    print(f"Building the SQLite database with {LEADS} leads ...", flush=True)
    prepare(SQLITE_URL, LEADS)
    print(render.report(render.measure(SQLITE_URL)))


def alerts_only():
    """`python bench/run.py alerts`: only the weekly alert digests, printed."""
    OUT.mkdir(parents=True, exist_ok=True)
    print(alerts.report(measure_alerts()))


if __name__ == "__main__":
    if sys.argv[1:] == ["exports"]:
        exports_only()
    elif sys.argv[1:] == ["personal"]:
        personal_only()
    elif sys.argv[1:] == ["render"]:
        render_only()
    elif sys.argv[1:] == ["alerts"]:
        alerts_only()
    elif sys.argv[1:] == ["counting"]:
        counting_only()
    else:
        main()
