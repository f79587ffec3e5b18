"""The weekly alert digests at size, in one process as the task worker runs them.

Run by bench/run.py (make bench, or `python bench/run.py alerts` for this alone) on a database
of its own with the demo content. The places are topped up to 900 open ones spread over the
country; 10,000 confirmed alerts, each due (its last digest a week ago), ask for places near a
PC4 anywhere with filters as visitors set them, and know what fitted when they were asked for;
then 100 more places open. One run of send_digests then finds what is new to each alert,
queues a digest for each that has any, and hands their mails to the worker. Prints the figures
as one line of JSON; `report` turns them into the section of BENCHMARKS.md.
"""

import datetime
import json
import random
import statistics
import sys
import time
from pathlib import Path

import werkplekken

ALERTS = 10_000
PLACES = 1_000
NEW_PLACES = 100
WRITTEN = 200  # digest mails written to time one
GOAL_SECONDS = 60


def make_alerts(rng, now):
    """ALERTS confirmed alerts that are due, each knowing what fits it now."""
    from employers import matching
    from employers.alerts import Alert
    from employers.digests import new_places
    from leads.mailbox import mailbox_key
    from leads.models import PRIVACY_VERSION
    from mkbroute.lib import geo
    from programmes.models import Programme

    areas = list(geo.areas().values())
    programmes = list(Programme.objects.published().values_list("pk", flat=True))
    months = sorted({start for c in matching.index() for start in c.starts})
    alerts = []
    for n in range(ALERTS):
        email = f"bench-alert-{n}@example.org"
        alerts.append(
            Alert(
                email=email,
                email_key=mailbox_key(email),
                pc4=rng.choice(areas).pc4,
                radius=rng.choice(matching.DISTANCE_CHOICES_KM),
                programme_id=rng.choice([None, None, *programmes]),
                max_hours=rng.choice([None, None, 24, 32, 40]),
                start_month=rng.choice([None, None, None, *months[:3]]),
                created_at=now - datetime.timedelta(days=30),
                confirmed_at=now - datetime.timedelta(days=30),
                last_sent_at=now - datetime.timedelta(days=7),
                privacy_version=PRIVACY_VERSION,
            )
        )
    rows = [
        (n, a.pc4, a.radius, a.programme_id, a.province, a.max_hours, a.start_month, [])
        for n, a in enumerate(alerts)
    ]
    fitting = new_places(rows, matching.index())
    for n, alert in enumerate(alerts):
        alert.known = fitting.get(n, [])
    Alert.objects.bulk_create(alerts, batch_size=1000)


def measure():
    from django.db import connection
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from employers import mails
    from employers.alerts import Alert, Digest
    from employers.digests import send_digests
    from mkbroute.lib.content import new_content_version

    rng = random.Random(24)
    now = timezone.now()
    werkplekken.top_up_places(PLACES - NEW_PLACES)
    make_alerts(rng, now)
    werkplekken.top_up_places(PLACES, seed=13)
    new_content_version()  # as after an edit: the run builds the index of places itself
    tasks_before = DBTaskResult.objects.count()

    queries = []

    def count(execute, sql, params, many, context):
        queries.append("django_tasks_database_dbtaskresult" in sql)
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(count):  # counts, unlike the debug cursor, cost nothing
        queued = send_digests(now)
    seconds = time.perf_counter() - started
    tasks = DBTaskResult.objects.count() - tasks_before
    task_inserts = sum(queries)

    started = time.perf_counter()
    again = send_digests(now)
    again_seconds = time.perf_counter() - started

    digests = list(Digest.objects.values_list("pk", flat=True)[:WRITTEN])
    written = []
    for pk in digests:
        began = time.perf_counter()
        mails.alert_digest(pk).message()
        written.append((time.perf_counter() - began) * 1000)
    places_per_digest = [len(p) for p in Digest.objects.values_list("places", flat=True)]
    return {
        "alerts": Alert.objects.count(),
        "places": PLACES,
        "new_places": NEW_PLACES,
        "queued": queued,
        "tasks": tasks,
        "seconds": seconds,
        "queries": len(queries) - task_inserts,
        "again": again,
        "again_seconds": again_seconds,
        "places_per_digest": statistics.median(places_per_digest) if places_per_digest else 0,
        "write_ms": statistics.median(written) if written else 0,
        "database": connection.vendor,
    }


def report(runs):
    """runs: {database label: figures}."""
    lines = [
        "## Weekly alert digests",
        "",
        f"`send_digests` as the task worker runs it, in one process, for {ALERTS:,} confirmed "
        f"alerts that are all due, against {PLACES:,} open places of which {NEW_PLACES} opened "
        "since the alerts were asked for (places spread over the country, alerts near a random "
        "PC4 with filters as visitors set them). The time includes building the index of "
        "places, finding what is new to each alert, storing the digests and queuing one mail "
        "and one worker task for each.",
        "",
        "| database | digests queued | run s | queries (besides one insert per task) "
        "| run again the same day | median places per digest | writing one digest mail ms "
        "| goal |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | --- |",
    ]
    for label, f in runs.items():
        lines.append(
            f"| {label} | {f['queued']:,} | {f['seconds']:.1f} | {f['queries']} "
            f"| {f['again']} queued, {f['again_seconds']:.1f} s | {f['places_per_digest']:.0f} "
            f"| {f['write_ms']:.1f} | ≤ {GOAL_SECONDS} s |"
        )
    lines += [
        "",
        "The mails themselves are written and sent one by one by the worker afterwards, each "
        "as it leaves (so a place that closed meanwhile is left out).",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    print(json.dumps(measure()))
