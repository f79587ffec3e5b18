"""The admin's CSV and .xlsx exports of every lead over HTTP, and the raw dump of their query."""

import contextlib
import csv
import http.cookiejar
import json
import os
import re
import sqlite3
import sys
import threading
import time
import urllib.parse
import urllib.request
import zipfile

import psycopg
from harness import ADMIN, LEADS, OUT, PORT, rss_kb, run_python

EXPORT_ROUNDS = 3


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


def report(exports):
    """The sections of BENCHMARKS.md on the exports, a row per database."""
    lines = [
        f"## CSV export of all {LEADS:,} leads",
        "",
        "| database | rows | first byte s | total s | rows/s | raw dump rows/s | export / dump "
        "| worker memory growth MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for database, e in exports.items():
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
    for database, e in exports.items():
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
    ]
    return "\n".join(lines)
