"""make bench: a big database, the site under gunicorn as in production, and the figures.

Writes BENCHMARKS.md. Runs on SQLite always, and on this machine's PostgreSQL
(127.0.0.1:5432) when it answers; needs Redis (127.0.0.1:6379). Takes a few minutes.
"""

import contextlib
import csv
import datetime
import http.client
import http.cookiejar
import json
import os
import platform
import re
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import psycopg
import submits
import werkplekken

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "output"
PYTHON = sys.executable
PORT = 8765
SQLITE_URL = f"sqlite:///{OUT / 'bench.sqlite3'}"
PG_URL = "postgres://postgres@127.0.0.1:5432/mkbroute_bench"
REDIS_URL = "redis://127.0.0.1:6379/13"
LEADS = int(os.environ.get("BENCH_LEADS", "100000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "3"))
ROUNDS = 3
EXPORT_ROUNDS = 3
CLIENTS = 8
PAGES = {
    "/healthz": "healthz (floor)",
    "/": "home",
    "/voor/zij-instromer/": "persona page",
    "/opleidingen/": "programme list",
    "/opleidingen/ad-ondernemen/": "programme detail",
    "/werkplekken/?postcode=3511&afstand=25": "werkplekken near a PC4",
    "/werkplekken/junior-developer-utrecht-ict-beheer/": "werkplek page",
}
ADMIN = ("bench-admin", "Bench-wachtwoord-2026")


def env(database_url, redis=True, extra=None):
    values = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LEADS_"))}
    values.update(
        DJANGO_SETTINGS_MODULE="mkbroute.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-" + "x1y2z3" * 10,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_HTTPS="0",
        DJANGO_ADMIN_2FA="0",
        DJANGO_STATIC_ROOT=str(OUT / "static"),
        DJANGO_MEDIA_ROOT=str(OUT / "media"),
        DATABASE_URL=database_url,
        LEADS_RATE_LIMIT="100000/m",
        LEADS_MIN_FILL_SECONDS="0",
        EMAIL_URL="console:",
    )
    values.update(extra or {})
    if redis:
        values["REDIS_URL"] = REDIS_URL
    else:
        values.pop("REDIS_URL", None)
    return values


def run_python(database_url, *args, redis=True):
    return subprocess.run(
        [PYTHON, *args], cwd=ROOT, env=env(database_url, redis), capture_output=True, text=True
    )


def manage(database_url, *args, redis=True):
    result = run_python(database_url, "manage.py", *args, redis=redis)
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def reachable(host, port):
    import socket

    try:
        socket.create_connection((host, port), timeout=1).close()
        return True
    except OSError:
        return False


def prepare(database_url, leads):
    started = time.perf_counter()
    manage(database_url, "migrate", "--noinput")
    manage(database_url, "load_demo", "--leads", str(leads))
    took = time.perf_counter() - started
    manage(database_url, "collectstatic", "--noinput")
    admin = (
        "from django.contrib.auth import get_user_model as g; U = g(); "
        f"U.objects.filter(username='{ADMIN[0]}').exists() or "
        f"U.objects.create_superuser('{ADMIN[0]}', 'b@example.org', '{ADMIN[1]}')"
    )
    manage(database_url, "shell", "-c", admin)
    return took


class Server:
    """gunicorn as docs/deploy.md runs it: gthread workers, two per core."""

    def __init__(self, database_url, workers=None, extra_env=None, port=PORT):
        workers = workers or submits.GUNICORN_WORKERS
        command = [PYTHON, "-m", "gunicorn", "mkbroute.wsgi", "-b", f"127.0.0.1:{port}"]
        command += ["--workers", str(workers), "--threads", str(submits.GUNICORN_THREADS)]
        command += ["--worker-class", "gthread"]
        command += ["--log-level", "warning"]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env(database_url, extra=extra_env),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(100):
            if reachable("127.0.0.1", port):
                break
            time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start")

    def workers(self):
        children = ["pgrep", "-P", str(self.process.pid)]
        found = subprocess.run(children, capture_output=True, text=True)
        return [int(pid) for pid in found.stdout.split()]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


def rss_kb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def load(path, seconds=SECONDS, clients=CLIENTS, cookie="", headers=None, port=PORT):
    """Requests per second and latency percentiles of one URL with keep-alive clients."""
    latencies, errors = [], []
    stop_at = time.perf_counter() + seconds
    headers = {
        "Accept-Encoding": "gzip",
        **({"Cookie": cookie} if cookie else {}),
        **(headers or {}),
    }

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            if response.status != 200:
                errors.append(response.status)
        latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95)] * 1000,
        "errors": len(errors),
        "seconds": elapsed,
        "latencies": latencies,
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


# A browser arriving directly (a campaign link would also start a session, on both sides):
# every request is a landing on a page with a lead form, two increments for the funnel.
COUNTED_PAGE = "/voor/zij-instromer/"
BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"}


COUNTING_PORT = PORT + 2  # the server without counting; PORT + 1 is the submits bench's
SLICES = 10  # turns per server, of SLICE seconds each
SLICE = 1.0


def cpu_seconds(pids):
    """User and system CPU time the processes used so far, all their threads."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        total += int(fields[11]) + int(fields[12])  # utime and stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def measure_counting(database_url):
    """The cached persona page with the funnel counting each request, and with counting off
    (DJANGO_FUNNEL_COUNTING=0), on the same database and Redis.

    Both servers run side by side and take turns of a second (on, off, off, on, ...), so that
    the load of other programs on a shared machine falls on both alike. Measured one after
    the other for seconds at a time, with a restart in between, a busy moment showed up as
    the cost of counting or hid it (three runs of the same code: 0.85 to 0.97). The server time
    per request is the CPU time of the workers themselves (/proc), no longer inferred from
    the throughput, which assumed that every core served the site and nothing else (the load
    generator and Redis run on the same cores). Redis's own time is not in it; counting asks
    Redis one round trip a second per worker."""
    settings = {"on": ("1", PORT), "off": ("0", COUNTING_PORT)}
    servers = {}
    try:
        for setting, (value, port) in settings.items():
            extra = {"DJANGO_FUNNEL_COUNTING": value}
            servers[setting] = Server(database_url, extra_env=extra, port=port)
            load(COUNTED_PAGE, seconds=1, clients=2, headers=BROWSER, port=port)  # warm
        taken = {setting: {"seconds": 0.0, "cpu": 0.0, "latencies": []} for setting in settings}
        for turn in range(SLICES):
            for setting in ("on", "off") if turn % 2 == 0 else ("off", "on"):
                workers = servers[setting].workers()
                before = cpu_seconds(workers)
                result = load(COUNTED_PAGE, SLICE, headers=BROWSER, port=settings[setting][1])
                taken[setting]["cpu"] += cpu_seconds(workers) - before
                taken[setting]["seconds"] += result["seconds"]
                taken[setting]["latencies"] += result["latencies"]
    finally:
        for server in servers.values():
            server.stop()
    figures = {}
    for setting, t in taken.items():
        latencies = sorted(t["latencies"])
        figures[setting] = {
            "rps": len(latencies) / t["seconds"],
            "p50": statistics.median(latencies) * 1000,
            "p95": latencies[int(len(latencies) * 0.95)] * 1000,
            "cpu_ms": t["cpu"] * 1000 / len(latencies),
        }
    on, off = figures["on"], figures["off"]
    return {
        "on": on,
        "off": off,
        "ratio": on["rps"] / off["rps"],
        "extra_ms": on["cpu_ms"] - off["cpu_ms"],
    }


def counting_report(counting):
    on, off = counting["on"], counting["off"]
    return "\n".join(
        [
            "## Counting the funnel on a cached page",
            "",
            "| counting | requests/s | p50 ms | p95 ms | worker CPU ms per request |",
            "| --- | ---: | ---: | ---: | ---: |",
            *(
                f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['cpu_ms']:.2f} |"
                for name, r in (("on", on), ("off", off))
            ),
            "",
            f"With counting: {counting['ratio']:.2f} of the throughput without it; "
            f"{counting['extra_ms']:.2f} ms more worker CPU per request. Both servers run side "
            f"by side and take {SLICES} turns of {SLICE:.0f} s each. `{COUNTED_PAGE}` from "
            "the page cache, each request a landing on a page with a lead form (a visit and a form "
            "view, added in the worker's memory; each worker writes its sums to Redis in one round "
            "trip about once a second). "
            "Goal: at least 0.9, at most 0.5 ms.",
            "",
        ]
    )


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


def logged_in_opener():
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{PORT}"
    page = opener.open(base + "/admin/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {
            "username": ADMIN[0],
            "password": ADMIN[1],
            "csrfmiddlewaretoken": token,
            "next": "/admin/",
        }
    ).encode()
    opener.open(base + "/admin/login/", data)
    return opener


def csv_rows(path):
    return path.read_bytes().count(b"\r\n") - 1  # the header


def xlsx_rows(path):
    """Data rows in the .xlsx file at `path`, counted in its sheet as it is unzipped."""
    rows, previous = 0, b""
    with zipfile.ZipFile(path) as archive, archive.open("xl/worksheets/sheet1.xml") as sheet:
        while chunk := sheet.read(1 << 20):
            # With the chunk before's last 4 bytes: a "<row " split between the two chunks is
            # counted, and one that ends the chunk before is not counted twice.
            rows += (previous[-4:] + chunk).count(b"<row ")
            previous = chunk
    return rows - 1  # the header


def export(server, format="csv"):
    """The admin's export of every lead over HTTP as CSV or .xlsx, and how much the worker's
    memory grew."""
    opener = logged_in_opener()
    baseline = {pid: rss_kb(pid) for pid in server.workers()}
    peak = dict(baseline)
    done = threading.Event()

    def watch():
        while not done.is_set():
            for pid in baseline:
                with contextlib.suppress(FileNotFoundError):
                    peak[pid] = max(peak[pid], rss_kb(pid))
            time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    started = time.perf_counter()
    response = opener.open(f"http://127.0.0.1:{PORT}/admin/leads/lead/export/?format={format}")
    saved = OUT / f"export.{format}"
    with saved.open("wb") as out:
        first = response.read(1)
        first_byte = time.perf_counter() - started
        out.write(first)
        size = 1
        while chunk := response.read(1 << 16):
            size += len(chunk)
            out.write(chunk)
    total = time.perf_counter() - started
    done.set()
    watcher.join()
    growth = max(peak[pid] - baseline[pid] for pid in baseline) / 1024
    rows = {"csv": csv_rows, "xlsx": xlsx_rows}[format](saved)
    saved.unlink()
    return {
        "rows": rows,
        "first_byte": first_byte,
        "total": total,
        "rows_per_s": rows / total,
        "mb": size / 1e6,
        "growth_mb": growth,
    }


def export_query(database_url):
    """The SQL and parameters of the export of the unfiltered lead changelist, as Django
    builds them from the column table in leads/export.py."""
    code = (
        "import json, django; django.setup()\n"
        "from django.contrib import admin\n"
        "from django.contrib.auth import get_user_model\n"
        "from django.test import RequestFactory\n"
        "from leads.export import values\n"
        "from leads.models import Lead\n"
        "request = RequestFactory().get('/admin/leads/lead/')\n"
        f"request.user = get_user_model().objects.get(username='{ADMIN[0]}')\n"
        "changelist = admin.site.get_model_admin(Lead).get_changelist_instance(request)\n"
        "query = values(changelist.get_queryset(request)).query\n"
        "print(json.dumps(query.sql_with_params()))\n"
    )
    result = run_python(database_url, "-c", code)
    if result.returncode:
        sys.exit(f"The export's query could not be built:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def raw_dump(database_url, sql, params):
    """The practical limit: the export's own query read straight through the driver (sqlite3 or
    psycopg, a server-side cursor as Django's iterator uses) into a csv file, without Django
    and without formatting a single cell."""
    if database_url.startswith("sqlite:///"):
        connection = sqlite3.connect(database_url.removeprefix("sqlite:///"))
        cursor = connection.cursor()
        sql = re.sub(r"(?<!%)%s", "?", sql).replace("%%", "%")  # as Django's sqlite3 backend
    else:
        connection = psycopg.connect(database_url)
        cursor = connection.cursor(name="dump")
    rows = 0
    with open(os.devnull, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        started = time.perf_counter()
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(2000):
            writer.writerows(batch)
            rows += len(batch)
        total = time.perf_counter() - started
    connection.close()
    return {"rows": rows, "total": total, "rows_per_s": rows / total}


def measure_export(server, database_url):
    """EXPORT_ROUNDS rounds of the export and the raw dump in turn; each keeps its fastest
    round (a busy moment on this shared machine slows one round, not the figure), the memory
    its largest growth."""
    sql, params = export_query(database_url)
    exports, workbooks, dumps = [], [], []
    for _ in range(EXPORT_ROUNDS):
        exports.append(export(server))
        workbooks.append(export(server, "xlsx"))
        dumps.append(raw_dump(database_url, sql, params))
    exported = max(exports, key=lambda r: r["rows_per_s"])
    workbook = max(workbooks, key=lambda r: r["rows_per_s"])
    dump = max(dumps, key=lambda r: r["rows_per_s"])
    if not exported["rows"] == workbook["rows"] == dump["rows"]:
        sys.exit(
            f"The CSV export wrote {exported['rows']} rows, the .xlsx export "
            f"{workbook['rows']}, the raw dump {dump['rows']}."
        )
    return {
        **exported,
        "growth_mb": max(r["growth_mb"] for r in exports),
        "dump": dump,
        "ratio": exported["rows_per_s"] / dump["rows_per_s"],
        "xlsx": {
            **workbook,
            "growth_mb": max(r["growth_mb"] for r in workbooks),
            "ratio": workbook["rows_per_s"] / exported["rows_per_s"],
        },
    }


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
    subprocess.run(["dropdb", *host, "--if-exists", "mkbroute_bench"], capture_output=True)
    subprocess.run(["createdb", *host, "mkbroute_bench"], check=True)
    took = prepare(PG_URL, LEADS)
    with psycopg.connect(PG_URL, autocommit=True) as connection:
        connection.execute("ANALYZE")
    return took


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    if not reachable("127.0.0.1", 6379):
        sys.exit("Redis does not answer on 127.0.0.1:6379; production runs with it.")
    subprocess.run(["redis-cli", "-n", "13", "flushdb"], capture_output=True)
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
        print("Measuring the export on SQLite ...", flush=True)
        figures["exports"]["SQLite"] = measure_export(server, SQLITE_URL)
    finally:
        server.stop()
    print("Measuring the cost of counting the funnel ...", flush=True)
    figures["counting"] = measure_counting(SQLITE_URL)
    figures["queries"] = queries_per_page(SQLITE_URL)
    print("Measuring matching and the worklist ...", flush=True)
    figures["werkplekken"] = measure_werkplekken(SQLITE_URL)

    if reachable("127.0.0.1", 5432):
        print(f"Building the PostgreSQL database with {LEADS} leads ...", flush=True)
        figures["pg_build_seconds"] = prepare_postgresql()
        server = Server(PG_URL)
        try:
            load("/interesse/", seconds=1, clients=2)
            print("Measuring the export on PostgreSQL ...", flush=True)
            figures["exports"]["PostgreSQL"] = measure_export(server, PG_URL)
        finally:
            server.stop()

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
        f"## CSV export of all {LEADS:,} leads",
        "",
        "| database | rows | first byte s | total s | rows/s | raw dump rows/s | export / dump "
        "| worker memory growth MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for database, e in figures["exports"].items():
        timing = f"{e['first_byte']:.2f} | {e['total']:.1f} | {e['rows_per_s']:,.0f}"
        versus = f"{e['dump']['rows_per_s']:,.0f} | {e['ratio']:.2f} | {e['growth_mb']:.1f}"
        lines.append(f"| {database} | {e['rows']:,} | {timing} | {versus} |")
    lines += [
        "",
        f"## .xlsx export of all {LEADS:,} leads",
        "",
        "| database | rows | first byte s | total s | rows/s | MB | .xlsx / CSV "
        "| worker memory growth MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for database, e in figures["exports"].items():
        x = e["xlsx"]
        timing = f"{x['first_byte']:.2f} | {x['total']:.1f} | {x['rows_per_s']:,.0f}"
        versus = f"{x['mb']:.1f} | {x['ratio']:.2f} | {x['growth_mb']:.1f}"
        lines.append(f"| {database} | {x['rows']:,} | {timing} | {versus} |")
    lines += [
        "",
        "The same rows, filters and log as the CSV, as typed cells in a workbook that streams "
        "as it is written (XlsxWriter lays it out; `mkbroute/lib/spreadsheets` writes the rows). "
        "Goal: at least 0.3 of the CSV export's rows per second, the worker growing at most "
        "50 MB.",
    ]
    lines += [
        "",
        "The raw dump is the limit: the export's own query (one SQL statement, built by Django "
        "from the column table in `leads/export.py` for the unfiltered changelist) read "
        "straight through the driver (`sqlite3`, or `psycopg` with a server-side cursor) into "
        "a `csv` file, without Django and without formatting a cell. The export adds the "
        "request, the ExportLog and its count, Django's rows, formatting every cell (local "
        "times, labels, ja/nee, neutralised text) and HTTP. Goal: the export at least 0.5 of "
        "the dump and the worker growing at most 30 MB, on each database. Each figure is the "
        f"best of {EXPORT_ROUNDS} rounds (export and dump in turn), the memory the largest "
        "growth; PostgreSQL's statistics are brought up to date (ANALYZE) after loading.",
        "",
        counting_report(figures["counting"]),
        werkplekken.report(figures["werkplekken"]),
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
        print(json.dumps(measure_export(server, SQLITE_URL), indent=2))
    finally:
        server.stop()


def counting_only():
    """`python bench/run.py counting`: only the cost of counting the funnel, printed."""
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench.sqlite3").unlink(missing_ok=True)
    subprocess.run(["redis-cli", "-n", "13", "flushdb"], capture_output=True)
    prepare(SQLITE_URL, 0)
    print(counting_report(measure_counting(SQLITE_URL)))


if __name__ == "__main__":
    if sys.argv[1:] == ["exports"]:
        exports_only()
    elif sys.argv[1:] == ["counting"]:
        counting_only()
    else:
        main()
