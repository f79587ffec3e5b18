"""The import from OOAPI at a school's size: 200 programmes with 5 offerings each, served by the
tests' OOAPI server (tests/programmes/ooapi_server.py) on this machine, imported into a fresh
database of its own: once into an empty catalogue, then again with nothing changed.

`python bench/ooapi.py` prints the table (SQLite, and PostgreSQL when it answers); bench/run.py
can call measure() and report().
"""

import datetime
import json
import subprocess
import sys
import time
import urllib.request

from harness import OUT, PG_URL, ROOT, env, manage, reachable

sys.path.insert(0, str(ROOT))
from tests.programmes.ooapi_server import OoapiServer, offering, program  # noqa: E402

PROGRAMMES, OFFERINGS = 200, 5
SQLITE_URL = f"sqlite:///{OUT / 'ooapi.sqlite3'}"
PG_BENCH_URL = PG_URL.rsplit("/", 1)[0] + "/mkbroute_bench_ooapi"

IMPORT = """
import json, time, django; django.setup()
from django.db import connection
from programmes.ooapi.client import Source
from programmes.ooapi.importer import run_import

def counted(execute, sql, params, many, context):
    count[0] += 1
    return execute(sql, params, many, context)

out = []
for _ in range(2):
    count = [0]
    with Source() as source, connection.execute_wrapper(counted):
        started = time.perf_counter()
        run = run_import(source)
        seconds = time.perf_counter() - started
    assert run.status == "ok", run.reason
    out.append({"seconds": seconds, "queries": count[0], "requests": source.requests,
                "added": run.added, "changed": run.changed})
print(json.dumps(out))
"""


def catalogue():
    """A school's dual and part-time programmes, each with five starts half a year apart."""
    year = datetime.date.today().year + 1
    programs, offerings = [], {}
    for n in range(PROGRAMMES):
        bachelor = n % 3 == 0
        found = program(
            f"Opleiding {n:03}",
            croho=f"{30000 + n}",
            mode="part-time" if n % 2 else "dual training",
            level="bachelor" if bachelor else "associate degree",
            ects=240 if bachelor else 120,
            duration="P4Y" if bachelor else "P2Y",
            description="Werken en leren tegelijk. " * 20,
        )
        programs.append(found)
        starts = [
            datetime.date(year + half // 2, 2 if half % 2 else 9, 1) for half in range(OFFERINGS)
        ]
        offerings[found["programId"]] = [offering(start) for start in starts]
    return programs, offerings


def warm(server):
    """Let the server validate and keep every page once, so that the figure is the import's."""
    paths = ["/programs"] + [f"/programs/{pid}/offerings" for pid in server.offerings]
    for path in paths:
        url = f"{server.url}{path}?pageSize=100&pageNumber=1&consumer=rio"
        urllib.request.urlopen(url).read()
    query = "?pageSize=100&pageNumber=2&consumer=rio"
    urllib.request.urlopen(f"{server.url}/programs{query}").read()
    assert not server.unexpected, server.unexpected


def measure(database_url):
    """Seconds, queries and requests of a first and a second import into a fresh database."""
    programs, offerings = catalogue()
    server = OoapiServer(programs, offerings)
    try:
        warm(server)
        manage(database_url, "migrate", "--noinput", redis=False)
        result = subprocess.run(
            [sys.executable, "-c", IMPORT],
            cwd=ROOT,
            env=env(database_url, redis=False, extra={"OOAPI_URL": server.url}),
            capture_output=True,
            text=True,
        )
    finally:
        server.stop()
    if result.returncode:
        sys.exit(f"the OOAPI import failed:\n{result.stderr[-3000:]}")
    first, second = json.loads(result.stdout.strip().splitlines()[-1])
    return {"first": first, "second": second}


def fresh_postgresql():
    host = ["-h", "127.0.0.1", "-U", "postgres"]
    name = PG_BENCH_URL.rsplit("/", 1)[1]
    subprocess.run(["dropdb", *host, "--if-exists", name], capture_output=True)
    subprocess.run(["createdb", *host, name], check=True)


def report(figures):
    lines = [
        f"## Importing the catalogue from OOAPI: {PROGRAMMES} programmes, "
        f"{PROGRAMMES * OFFERINGS} offerings",
        "",
        "From the tests' OOAPI v5 server on this machine (pages of 100, every document "
        "validated against ooapi.json before the run), into a fresh database: first into an "
        "empty catalogue (every programme, intake and cost line new), then again with nothing "
        "changed, which writes only its log. Goal: a school's whole catalogue well within a "
        "minute, and the second run cheaper than the first.",
        "",
        "| database | run | seconds | programmes/s | queries | requests | added | changed |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for database, runs in figures.items():
        for label, run in (("first", runs["first"]), ("again", runs["second"])):
            lines.append(
                f"| {database} | {label} | {run['seconds']:.1f} | "
                f"{PROGRAMMES / run['seconds']:.0f} | {run['queries']:,} | {run['requests']} | "
                f"{run['added']} | {run['changed']} |"
            )
    return "\n".join([*lines, ""])


def measure_all():
    """The figures on SQLite, and on PostgreSQL when it answers: for bench/run.py."""
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "ooapi.sqlite3").unlink(missing_ok=True)
    figures = {"SQLite": measure(SQLITE_URL)}
    if reachable("127.0.0.1", 5432):
        fresh_postgresql()
        figures["PostgreSQL"] = measure(PG_BENCH_URL)
    return figures


def main():
    started = time.perf_counter()
    print(report(measure_all()))
    print(f"(took {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
