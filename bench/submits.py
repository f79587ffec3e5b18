"""Submits per second with the task worker running, with a working and a hung mail server.

Run by bench/run.py (make bench), or alone. Each run: a fresh database, gunicorn and the mail
worker started as docs/deploy.md runs them, 1000 people submitting from 20 clients at once
(after a warm-up of 40 more), and meanwhile other pages measured against their p95 without
the submits. Everything shares this machine's cores, so the bench is built to spend as little
of them as it can on itself, and says where the CPU went:

- Each person is one browser: one keep-alive connection for the form, the POST and the
  thank-you page, and the cookies the site sets, sent back by hand (http.client). A new TCP
  connection per request and a cookie jar (urllib) cost the shared cores work that a visitor's
  browser does on their own computer, and make gunicorn accept three connections per submit
  that a browser would not open.
- The other pages are probes, not load: each is loaded every PROBE_EVERY seconds by its own
  client, like a visitor clicking around, and its latency noted. Loaded in tight loops they
  were hundreds of requests a second competing with the submits, so the run measured the
  probes as much as the submits.
- 1000 submits, not 200: at about 100 a second, 200 are over in two seconds, in which a paced
  probe loads each page some fifteen times, and its p95 is then its slowest load but one:
  chance, not a measure. In ten seconds each page is loaded some seventy times.
- The mail worker runs with the lower CPU priority that docs/deploy.md gives it (Nice=10): a
  burst of submits is served first, and the confirmations follow seconds later. Hidden work is
  no result, so with the working mail server the run waits until every mail owed is sent and
  reports how long that took; the worker's CPU until then counts in the CPU per submit.
- CPU per submit per part (gunicorn, mail worker, PostgreSQL, Redis, this bench process) is
  read from /proc, and so is what the whole machine spent: the rest is the kernel and any
  other process, such as another program running here at the same time. Submits per second
  depend on that rest; CPU per submit does not.
"""

import contextlib
import http.client
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
from cpu import CpuUse
from mailserver import mail_server

ROOT = Path(__file__).resolve().parent.parent
# Named as bench/harness.py names them, so that two checkouts can measure at once: the port
# after the pages' (BENCH_PORT), and Redis and PostgreSQL databases of their own.
OUT = Path(os.environ.get("BENCH_OUT", ROOT / "bench" / "output"))
PYTHON = sys.executable
HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8765")) + 1
BASE = f"http://{HOST}:{PORT}"
REDIS_DB = os.environ.get("BENCH_REDIS_DB", "14")
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"
PG_NAME = os.environ.get("BENCH_PG_DB", "mkbroute_bench") + "_submits"
OTHER_PAGES = ["/", "/opleidingen/", "/voor/zij-instromer/"]
COUNT, CLIENTS = 1000, 20
# Submits before the measured ones, so that every gunicorn worker has loaded its templates,
# translations and connections: the figure is for a site that has been up, not one starting.
WARM_UP = 2 * CLIENTS
PROBE_EVERY = 0.05  # seconds between two loads of the same probed page
QUIET_SECONDS = 3  # the probes alone, before the submits: their normal p95
DRAIN_SECONDS = 120  # the longest the run waits for the worker to send every mail owed
# The mail worker as docs/deploy.md runs it: below gunicorn in CPU priority.
WORKER_NICE = 10
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


# gunicorn as docs/deploy.md runs it on this machine's cores.
GUNICORN_WORKERS, GUNICORN_THREADS = 2 * (os.cpu_count() or 1), 4


def gunicorn_command():
    server = [PYTHON, "-m", "gunicorn", "mkbroute.wsgi", "--bind", f"{HOST}:{PORT}"]
    workers = ["--worker-class", "gthread", "--workers", str(GUNICORN_WORKERS)]
    threads = ["--threads", str(GUNICORN_THREADS), "--log-level", "warning"]
    return server + workers + threads


def worker_command():
    """The mail worker as docs/deploy.md runs it."""
    return ["nice", "-n", str(WORKER_NICE), PYTHON, "manage.py", "run_worker"]


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


class Database:
    """The run's database, asked directly: no Django process to start, one connection."""

    def __init__(self, url):
        if url.startswith("sqlite"):
            self.connection = sqlite3.connect(url.removeprefix("sqlite:///"))
        else:
            self.connection = psycopg.connect(url, autocommit=True)

    def number(self, sql):
        return self.connection.execute(sql).fetchone()[0]

    def submissions(self):
        return self.number("SELECT COUNT(*) FROM leads_submission")

    def mails(self, status):
        return self.number(
            "SELECT COUNT(*) FROM leads_mail"
            f" WHERE kind = 'leads.mails.confirmation' AND status = '{status}'"
        )

    def wait_until_sent(self, seconds):
        """Wait until no mail is pending or being sent, at most seconds; whether none is."""
        deadline = time.perf_counter() + seconds
        while self.mails("pending") or self.mails("sending"):
            if time.perf_counter() > deadline:
                return False
            time.sleep(0.25)
        return True

    def close(self):
        self.connection.close()


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


class Visitor:
    """One person's browser: a keep-alive connection of its own, and the cookies it is given.
    Without keep_alive, a new connection for each request, as a site without a proxy in front
    that keeps connections open is visited: gunicorn accepts and closes one per request."""

    def __init__(self, keep_alive=True):
        self.keep_alive = keep_alive
        self.connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
        self.cookies = {}

    def fetch(self, path, form=None):
        """(status, Location, body) of a GET, or of a POST of form (a dict)."""
        if not self.keep_alive:
            self.connection.close()
            self.connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
        headers, body = {} if self.keep_alive else {"Connection": "close"}, None
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"], headers["Referer"] = BASE, BASE + path
        self.connection.request("GET" if form is None else "POST", path, body, headers)
        response = self.connection.getresponse()
        content = response.read()
        for cookie in response.headers.get_all("Set-Cookie") or ():
            pair, _semicolon, attributes = cookie.partition(";")
            name, _equals, value = pair.strip().partition("=")
            if "max-age=0" in attributes.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return response.status, response.getheader("Location", ""), content

    def close(self):
        self.connection.close()


def person(n, errors, keep_alive=True):
    """Open the form, fill it in and send it, and land on the thank-you page."""
    visitor = Visitor(keep_alive)
    try:
        status, _location, page = visitor.fetch("/interesse/")
        if status != 200:
            raise RuntimeError(f"form page {status}")
        data = {
            **dict(HIDDEN.findall(page.decode())),
            "first_name": "Bench",
            "last_name": f"Persoon {n}",
            "email": f"bench-{time.time_ns()}-{n}@example.org",
            "intent": "information",
            "consent_contact": "on",
            "message": "=1+1 <b>" if n % 7 == 0 else "",
        }
        status, location, _body = visitor.fetch("/interesse/", data)
        if status != 302 or not location.endswith("/interesse/bedankt/?verzonden=1"):
            raise RuntimeError(f"submit {status} to {location!r}")
        status, _location, _body = visitor.fetch(location.removeprefix(BASE))
        if status != 200:
            raise RuntimeError(f"thank-you page {status}")
    except Exception as error:  # noqa: BLE001 (every failure counts as an error)
        errors.append(f"{n}: {error}")
    finally:
        visitor.close()


def probe(path, stop, latencies):
    """Load path every PROBE_EVERY seconds, as a visitor clicking around, until stop is set."""
    connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
    while not stop.is_set():
        started = time.perf_counter()
        connection.request("GET", path)
        connection.getresponse().read()
        latencies.append(time.perf_counter() - started)
        stop.wait(max(0.0, started + PROBE_EVERY - time.perf_counter()))
    connection.close()


def start_probes(stop):
    """One probe per page until stop is set: the threads and {path: latencies}."""
    measured = {path: [] for path in OTHER_PAGES}
    threads = [threading.Thread(target=probe, args=(p, stop, measured[p])) for p in OTHER_PAGES]
    for thread in threads:
        thread.start()
    return threads, measured


def stop_probes(stop, threads):
    stop.set()
    for thread in threads:
        thread.join()


def percentile_95(latencies):
    ordered = sorted(latencies)
    return ordered[int(len(ordered) * 0.95)] * 1000 if ordered else float("nan")


def submit_all(numbers, errors, keep_alive=True):
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(lambda n: person(n, errors, keep_alive), numbers))


def run(database_url, hung_mail):
    """One run on a fresh database; the figures as a dict."""
    with mail_server(hung=hung_mail) as mail_port:
        env = environment(database_url, mail_port)
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo", "--leads", "0")
        manage(env, "collectstatic", "--noinput")
        subprocess.run(["redis-cli", "-n", REDIS_DB, "flushdb"], capture_output=True)
        database = Database(database_url)
        before = database.submissions()
        server = subprocess.Popen(
            gunicorn_command(), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        worker = subprocess.Popen(
            worker_command(),
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(PORT, server)
            filler = Visitor()
            for path in [*OTHER_PAGES, "/interesse/"]:  # fill the page cache
                filler.fetch(path)
            filler.close()
            errors = []
            submit_all(range(COUNT, COUNT + WARM_UP), errors)
            if not hung_mail:  # the warm-up's mails are not the measured submits' work
                database.wait_until_sent(DRAIN_SECONDS)
            quiet_stop = threading.Event()
            threads, quiet = start_probes(quiet_stop)
            time.sleep(QUIET_SECONDS)
            stop_probes(quiet_stop, threads)

            busy_stop = threading.Event()
            threads, busy = start_probes(busy_stop)
            cpu = CpuUse(server, worker, database_url)
            cpu_before = cpu.read()
            started = time.perf_counter()
            submit_all(range(COUNT), errors)
            took = time.perf_counter() - started
            stop_probes(busy_stop, threads)
            mail_seconds = None
            # With a working mail server, the worker's part is only done once every mail owed
            # is sent: the CPU per submit counts until then.
            if not hung_mail and database.wait_until_sent(DRAIN_SECONDS):
                mail_seconds = time.perf_counter() - started
            cpu_spent = CpuUse.spent(cpu_before, cpu.read())
        finally:
            for process in (server, worker):
                process.terminate()
                process.wait(timeout=20)
        sent, new = database.mails("sent"), database.submissions() - before
        database.close()
    return {
        "per_s": COUNT / took,
        "errors": len(errors),
        "error_examples": errors[:3],
        "lost": COUNT + WARM_UP - len(errors) - new,
        "owed": new,
        "sent": sent,
        "mail_seconds": mail_seconds,
        "quiet_p95": max(percentile_95(quiet[path]) for path in OTHER_PAGES),
        "busy_p95": {path: percentile_95(busy[path]) for path in OTHER_PAGES},
        "probes": sum(len(busy[path]) for path in OTHER_PAGES),
        "cpu_ms": {part: 1000 * seconds / COUNT for part, seconds in cpu_spent.items()},
    }


def fresh_postgres(name):
    subprocess.run(
        ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], capture_output=True
    )
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def all_runs():
    """The figures of both benches: the embedded default's and the keep-alive runs'."""
    import submits_default  # which uses this module's visitors and site

    return {"default": submits_default.default_runs(), "keep_alive": keep_alive_runs()}


def keep_alive_runs():
    """{(database, mail): figures} for SQLite and PostgreSQL, mail working and hung."""
    results = {}
    for hung in (False, True):
        mail = "hung" if hung else "working"
        sqlite = OUT / "submits.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite}{suffix}").unlink(missing_ok=True)
        print(f"Measuring {COUNT} submits on SQLite, mail server {mail} ...", flush=True)
        results["SQLite", mail] = run(f"sqlite:///{sqlite}", hung)
        print(f"Measuring {COUNT} submits on PostgreSQL, mail server {mail} ...", flush=True)
        results["PostgreSQL", mail] = run(fresh_postgres(PG_NAME), hung)
    return results


PARTS = ["gunicorn", "mail worker", "PostgreSQL", "Redis", "bench process"]


def mail_cell(r):
    if r["mail_seconds"] is not None:
        return f"{r['sent']} of {r['owed']}, all within {r['mail_seconds']:.0f} s"
    return f"{r['sent']} of {r['owed']}"


def report(results):
    import submits_default  # which uses this module's visitors and site

    default = submits_default.report(results["default"])
    return default + "\n" + keep_alive_report(results["keep_alive"])


def keep_alive_report(results):
    cores = os.cpu_count() or 1
    lines = [
        "## Submits with the mail worker running",
        "",
        f"{COUNT} people submit the form from {CLIENTS} clients at once (each opens the form, "
        "sends it and lands on the thank-you page, over one keep-alive connection as a "
        f"browser does; after {WARM_UP} unmeasured ones that warm up every gunicorn worker, "
        "whose errors and losses count too), while the task worker (at the lower CPU priority "
        "docs/deploy.md gives it) sends the mails to a mail server on this machine that "
        "works, or that accepts connections and never answers. Meanwhile each of "
        f"{', '.join(OTHER_PAGES)} is loaded every {PROBE_EVERY * 1000:.0f} ms: the worst p95 "
        "of those pages is shown without submits, during the submits, and for the hung mail "
        "server as a ratio to the same run with a working one (goal: at most 2). With the "
        "working mail server the run then waits for every confirmation to be sent: *mails "
        "sent* counts them, with the time from the first measured submit to the last mail; "
        "with the hung one they wait for their retry (1, 5, 15 minutes, ...).",
        "",
        "| database | mail server | submits/s | errors | lost | mails sent | pages p95 alone "
        "| pages p95 during submits | hung ÷ working |",
        "| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for (database, mail), r in results.items():
        busy = max(r["busy_p95"].values())
        working = results[database, "working"]["busy_p95"]
        ratio = max(r["busy_p95"][path] / working[path] for path in OTHER_PAGES)
        lines.append(
            f"| {database} | {mail} | {r['per_s']:.1f} | {r['errors']} | {r['lost']} | "
            f"{mail_cell(r)} | {r['quiet_p95']:.0f} ms | {busy:.0f} ms | {ratio:.2f} |"
        )
    lines += [
        "",
        "### Where the CPU went, ms per submit",
        "",
        f"Read from /proc from the first measured submit to the last (with the working mail "
        "server: to the last mail sent), divided by the submits "
        f"({cores} cores: {1000 * cores / 100:.0f} ms of CPU per submit is all the machine "
        "has at 100 submits/s). The bench process holds the clients, the "
        "probes and the mail server; *rest* is what the machine spent besides: the kernel "
        "(the network between the processes) and any other program running meanwhile. "
        "*Cores allow* is the rate at which the site's own parts (all but the bench process "
        "and the rest) would keep every core busy: with the working mail server, the rate "
        "the site could keep up, mails included.",
        "",
        "| database | mail server | "
        + " | ".join(PARTS)
        + " | rest | machine | cores allow, submits/s |",
        "| --- | --- |" + " ---: |" * (len(PARTS) + 3),
    ]
    for (database, mail), r in results.items():
        cpu = r["cpu_ms"]
        rest = cpu["machine"] - sum(cpu[part] for part in PARTS)
        site = sum(cpu[part] for part in PARTS if part != "bench process")
        cells = [f"{cpu[part]:.1f}" for part in PARTS] + [f"{rest:.1f}", f"{cpu['machine']:.1f}"]
        cells.append(f"{1000 * cores / site:.0f}")
        lines.append(f"| {database} | {mail} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    figures = all_runs()
    print(report(figures))
    for key, r in figures["keep_alive"].items():
        p95s = ", ".join(f"{path} {ms:.0f} ms" for path, ms in r["busy_p95"].items())
        print(*key, f"p95 during submits: {p95s}; {r['probes']} probe loads")
        if r["error_examples"]:
            print(*key, "errors:", r["error_examples"])
