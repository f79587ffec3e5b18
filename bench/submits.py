"""Submits per second with the task worker running, with a working and a hung mail server.

Run by bench/run.py (make bench). Each run: a fresh database, gunicorn as docs/deploy.md runs
it, the mail worker next to it, 200 people submitting from 20 clients at once (after a warm-up
of 40 more), and meanwhile other pages measured against their p95 without the submits.
"""

import contextlib
import http.client
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "output"
PYTHON = sys.executable
PORT = 8766
REDIS_URL = "redis://127.0.0.1:6379/14"
OTHER_PAGES = ["/", "/opleidingen/", "/voor/zij-instromer/"]
COUNT, CLIENTS = 200, 20
# Submits before the measured ones, so that every gunicorn worker has loaded its templates,
# translations and connections: the figure is for a site that has been up, not one starting.
WARM_UP = 2 * CLIENTS


def environment(database_url, mail_port):
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
        REDIS_URL=REDIS_URL,
        LEADS_RATE_LIMIT="100000/m",
        LEADS_NETWORK_RATE_LIMIT="100000/m",
        LEADS_MIN_FILL_SECONDS="0",
        EMAIL_URL=f"smtp://127.0.0.1:{mail_port}?timeout=5",
    )
    return values


def manage(env, *args):
    command = [PYTHON, "manage.py", *args]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


@contextlib.contextmanager
def mail_server(hung):
    """A mail server on this machine: one that takes every mail, or one that never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.settimeout(0.2)
    stop, held = threading.Event(), []

    def talk(connection):
        with contextlib.suppress(OSError), connection, connection.makefile("rb") as lines:
            connection.sendall(b"220 bench ESMTP\r\n")
            for line in lines:
                command = line[:4].upper()
                if command == b"DATA":
                    connection.sendall(b"354 go on\r\n")
                    for _body in iter(lines.readline, b".\r\n"):
                        pass
                if command == b"QUIT":
                    connection.sendall(b"221 bye\r\n")
                    return
                connection.sendall(b"250 ok\r\n")

    def accept():
        while not stop.is_set():
            with contextlib.suppress(OSError):
                connection = server.accept()[0]
                if hung:
                    held.append(connection)
                else:
                    threading.Thread(target=talk, args=(connection,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=5)
        for connection in held:
            connection.close()
        server.close()


def wait_for(port, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited: {process.stderr.read().decode()[-2000:]}")
        with contextlib.suppress(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        time.sleep(0.2)
    sys.exit(f"gunicorn did not listen on port {port} within {seconds} s")


def p95(path, stop, latencies):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    while not stop.is_set():
        started = time.perf_counter()
        connection.request("GET", path)
        connection.getresponse().read()
        latencies.append(time.perf_counter() - started)


def page_p95s(seconds=None, until=None):
    """p95 in ms of each page, fetched by one client per page, for seconds or until set."""
    stop = until or threading.Event()
    measured = {path: [] for path in OTHER_PAGES}
    threads = [threading.Thread(target=p95, args=(p, stop, measured[p])) for p in OTHER_PAGES]
    for thread in threads:
        thread.start()
    if seconds:
        time.sleep(seconds)
        stop.set()
    return threads, measured


def percentile_95(latencies):
    ordered = sorted(latencies)
    return ordered[int(len(ordered) * 0.95)] * 1000 if ordered else float("nan")


def person(n, errors):
    base = f"http://127.0.0.1:{PORT}"
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    try:
        page = opener.open(base + "/interesse/").read().decode()
        hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
        data = {
            **hidden,
            "first_name": "Bench",
            "last_name": f"Persoon {n}",
            "email": f"bench-{time.time_ns()}-{n}@example.org",
            "intent": "information",
            "consent_contact": "on",
            "message": "=1+1 <b>" if n % 7 == 0 else "",
        }
        response = opener.open(base + "/interesse/", urllib.parse.urlencode(data).encode())
        if not response.geturl().endswith("/interesse/bedankt/?verzonden=1"):
            errors.append(n)
    except Exception as error:  # noqa: BLE001 (every failure counts as an error)
        errors.append(f"{n}: {error}")


def run(database_url, hung_mail):
    """One run on a fresh database; the figures as a dict."""
    with mail_server(hung=hung_mail) as mail_port:
        env = environment(database_url, mail_port)
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo", "--leads", "0")
        manage(env, "collectstatic", "--noinput")
        subprocess.run(["redis-cli", "-n", "14", "flushdb"], capture_output=True)
        count = "from leads.models import Submission as S; print(S.objects.count())"
        before = int(manage(env, "shell", "--no-imports", "-c", count))
        server = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "mkbroute.wsgi", "-b", f"127.0.0.1:{PORT}"]
            + ["--workers", str(2 * (os.cpu_count() or 1)), "--threads", "4"]
            + ["--worker-class", "gthread", "--log-level", "warning"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        worker = subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--interval", "0.5"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(PORT, server)
            for path in [*OTHER_PAGES, "/interesse/"]:  # fill the page cache
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}").read()
            errors = []
            with ThreadPoolExecutor(CLIENTS) as pool:
                list(pool.map(lambda n: person(n, errors), range(COUNT, COUNT + WARM_UP)))
            threads, quiet = page_p95s(seconds=2)
            for thread in threads:
                thread.join()
            done = threading.Event()
            threads, busy = page_p95s(until=done)
            started = time.perf_counter()
            with ThreadPoolExecutor(CLIENTS) as pool:
                list(pool.map(lambda n: person(n, errors), range(COUNT)))
            took = time.perf_counter() - started
            done.set()
            for thread in threads:
                thread.join()
        finally:
            for process in (server, worker):
                process.terminate()
                process.wait(timeout=20)
        stored = int(manage(env, "shell", "--no-imports", "-c", count)) - before
    return {
        "per_s": COUNT / took,
        "errors": len(errors),
        "lost": COUNT + WARM_UP - len(errors) - stored,
        "quiet_p95": max(percentile_95(quiet[path]) for path in OTHER_PAGES),
        "busy_p95": {path: percentile_95(busy[path]) for path in OTHER_PAGES},
    }


def fresh_postgres(name):
    subprocess.run(
        ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], capture_output=True
    )
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def all_runs():
    """{(database, mail): figures} for SQLite and PostgreSQL, mail working and hung."""
    results = {}
    for hung in (False, True):
        mail = "hung" if hung else "working"
        sqlite = OUT / "submits.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite}{suffix}").unlink(missing_ok=True)
        print(f"Measuring 200 submits on SQLite, mail server {mail} ...", flush=True)
        results["SQLite", mail] = run(f"sqlite:///{sqlite}", hung)
        print(f"Measuring 200 submits on PostgreSQL, mail server {mail} ...", flush=True)
        results["PostgreSQL", mail] = run(fresh_postgres("mkbroute_bench_submits"), hung)
    return results


def report(results):
    lines = [
        "## Submits with the mail worker running",
        "",
        f"{COUNT} people submit the form from {CLIENTS} clients at once (each opens the form, "
        f"sends it and lands on the thank-you page; after {WARM_UP} unmeasured ones that warm "
        "up every gunicorn worker, whose errors and losses count too), while the task worker "
        "sends the mails to a mail server on this machine that works, or that accepts "
        "connections and never answers. Meanwhile one client per page keeps loading "
        f"{', '.join(OTHER_PAGES)}: the worst p95 of those pages is shown without submits, "
        "during the submits, and for the hung mail server as a ratio to the same run with a "
        "working one (goal: at most 2).",
        "",
        "| database | mail server | submits/s | errors | lost | pages p95 alone | "
        "pages p95 during submits | hung ÷ working |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for (database, mail), r in results.items():
        busy = max(r["busy_p95"].values())
        working = results[database, "working"]["busy_p95"]
        ratio = max(r["busy_p95"][path] / working[path] for path in OTHER_PAGES)
        lines.append(
            f"| {database} | {mail} | {r['per_s']:.1f} | {r['errors']} | {r['lost']} | "
            f"{r['quiet_p95']:.0f} ms | {busy:.0f} ms | {ratio:.2f} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    print(report(all_runs()))
