"""Where a submit's and a confirmation mail's CPU goes: cProfile in this process, no HTTP.

`python bench/profile_submits.py [--redis]`: a fresh SQLite database with the demo content,
then SUBMITS people who each open the lead form, send it and land on the thank-you page
(through Django's test client with its CSRF checks on, a new visitor each time), first
unprofiled for their CPU time per request, then under cProfile; then the task worker sends
their confirmations to a mail server in this process, under cProfile too. Prints the CPU
milliseconds per request and per mail, and where they went (cumulative CPU time, the
functions that took most). gunicorn's own part (HTTP, connections) is not in it: make bench
measures the whole (bench/submits.py).
"""

import cProfile
import io
import logging
import os
import pstats
import re
import sys
import time
import urllib.parse

from harness import OUT, env, manage
from mailserver import mail_server

SUBMITS = 200
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
KINDS = ("form", "POST", "thank-you page")


def visit(client, n, cpu, profiles=None):
    """One person: the form, the POST, the thank-you page; CPU seconds added to cpu."""

    def timed(kind, request):
        profile = profiles[kind] if profiles else None
        started = time.thread_time()
        if profile:
            profile.enable()
        response = request()
        if profile:
            profile.disable()
        cpu[kind] += time.thread_time() - started
        return response

    client.cookies.clear()
    page = timed("form", lambda: client.get("/interesse/"))
    form = {
        **dict(HIDDEN.findall(page.content.decode())),
        "first_name": "Bench",
        "last_name": f"Persoon {n}",
        "email": f"bench-{time.time_ns()}-{n}@example.org",
        "intent": "information",
        "consent_contact": "on",
    }
    body = urllib.parse.urlencode(form)
    sent = timed(
        "POST",
        lambda: client.post(
            "/interesse/",
            body,
            content_type="application/x-www-form-urlencoded",
            HTTP_REFERER="http://127.0.0.1/interesse/",
        ),
    )
    assert sent.status_code == 302, sent.status_code
    assert timed("thank-you page", lambda: client.get(sent["Location"])).status_code == 200


def top(profile, lines=30):
    """The functions that took most CPU time, with what they called; not the test client's."""
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).sort_stats("cumulative")
    stats.print_stats(r"^(?!.*(django/test/client|bench/profile_submits))", lines)
    return out.getvalue()


def main(redis):
    OUT.mkdir(parents=True, exist_ok=True)
    database = OUT / "profile.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    url = f"sqlite:///{database}"
    manage(url, "migrate", "--noinput", redis=redis)  # without Redis: the cache's table too
    manage(url, "load_demo", "--leads", "0", redis=redis)
    with mail_server(hung=False) as port:
        mail = {"EMAIL_URL": f"smtp://127.0.0.1:{port}", "LEADS_NETWORK_RATE_LIMIT": "100000/m"}
        os.environ.update(env(url, redis, mail))
        import django

        django.setup()
        for name in ("django_tasks", "django_tasks_db"):  # a line per task run, not wanted here
            logging.getLogger(name).setLevel(logging.WARNING)
        from django.test import Client
        from django_tasks_db.management.commands.db_worker import Worker

        from leads.outbox import Mail

        client = Client(HTTP_HOST="127.0.0.1", enforce_csrf_checks=True)
        worker = Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="profile",
            excluded_queue_names=[],
        )
        cpu = dict.fromkeys(KINDS, 0.0)
        for n in range(SUBMITS):  # warm: templates, translations, caches; then measured
            visit(client, n, dict(cpu))
        worker.run()
        for n in range(SUBMITS):
            visit(client, SUBMITS + n, cpu)
        started = time.thread_time()
        worker.run()
        per_mail = (time.thread_time() - started) / SUBMITS
        profiles = {kind: cProfile.Profile(time.thread_time) for kind in KINDS}
        for n in range(SUBMITS):
            visit(client, 2 * SUBMITS + n, dict(cpu), profiles)
        profile = cProfile.Profile(time.thread_time)
        profile.runcall(worker.run)
        unsent = Mail.objects.exclude(status="sent").count()
    cache = "Redis" if redis else "the database (default)"
    print(f"SQLite, cache in {cache}; {SUBMITS} submits measured, then as many profiled:")
    for kind in KINDS:
        print(f"  {kind}: {1000 * cpu[kind] / SUBMITS:.2f} ms CPU")
    print(f"  worker: {1000 * per_mail:.2f} ms CPU a confirmation mail ({unsent} not sent)\n")
    print("The POST, cumulative CPU time:\n" + top(profiles["POST"]))
    print("The worker sending the confirmations, cumulative CPU time:\n" + top(profile))


if __name__ == "__main__":
    main("--redis" in sys.argv[1:])
