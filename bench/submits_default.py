"""The embedded default's submits: CPU per submit and per mail, with the database as the cache
and with Redis (bench/submits.py's report shows them; `python bench/submits.py` runs all).

SQLite, gunicorn and the task worker as docs/deploy.md runs them, without a proxy in front: each
visitor opens the form, sends it and lands on the thank-you page over a new connection per
request, as a site that nobody keeps connections open for is visited. CPU time is read from
/proc/<pid>/stat (bench/cpu.py). `python bench/submits_default.py` runs only this bench.
"""

import os
import statistics
import subprocess
import time
from pathlib import Path

from cpu import CpuUse, wait_until_quiet
from mailserver import mail_server
from submits import (
    CLIENTS,
    DRAIN_SECONDS,
    OUT,
    PORT,
    REDIS_DB,
    ROOT,
    WARM_UP,
    Database,
    environment,
    gunicorn_command,
    manage,
    submit_all,
    wait_for,
    worker_command,
)

DEFAULT_COUNT, DEFAULT_ROUNDS = 400, 3


def start_site(env):
    """gunicorn and the mail worker, as docs/deploy.md runs them, once gunicorn listens."""
    server = subprocess.Popen(
        gunicorn_command(), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    worker = subprocess.Popen(
        worker_command(), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wait_for(PORT, server)
    return server, worker


def default_round(database, cpu, first):
    """DEFAULT_COUNT submits on new connections, then every mail they owe: the figures.
    Measured once the machine is quiet, so that the CPU per submit is the site's own."""
    waited = wait_until_quiet()
    if waited > 2:
        print(f"  (waited {waited:.0f} s for the cores to be idle)", flush=True)
    errors, sent_before = [], database.mails("sent")
    before = cpu.read()
    started = time.perf_counter()
    submit_all(range(first, first + DEFAULT_COUNT), errors, keep_alive=False)
    took = time.perf_counter() - started
    submitted = cpu.read()
    drained = database.wait_until_sent(DRAIN_SECONDS)
    mail_seconds = time.perf_counter() - started
    mailed = cpu.read()
    mails = database.mails("sent") - sent_before
    per_submit = CpuUse.spent(before, submitted)
    return {
        "per_s": DEFAULT_COUNT / took,
        "errors": len(errors),
        "error_examples": errors[:3],
        "mails": mails,
        "mail_seconds": mail_seconds if drained else None,
        "gunicorn_ms": 1000 * per_submit["gunicorn"] / DEFAULT_COUNT,
        "redis_ms": 1000 * per_submit["Redis"] / DEFAULT_COUNT,
        "machine_ms": 1000 * per_submit["machine"] / DEFAULT_COUNT,
        "worker_ms": 1000 * CpuUse.spent(before, mailed)["mail worker"] / max(mails, 1),
    }


def run_default(redis):
    """DEFAULT_ROUNDS rounds on the embedded default (a fresh SQLite database, whose table is
    the cache too), or with Redis as the cache: each figure the median round's."""
    sqlite = OUT / "submits-default.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite}{suffix}").unlink(missing_ok=True)
    database_url = f"sqlite:///{sqlite}"
    with mail_server(hung=False) as mail_port:
        env = environment(database_url, mail_port)
        if not redis:
            del env["REDIS_URL"]
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo", "--leads", "0")
        manage(env, "collectstatic", "--noinput")
        subprocess.run(["redis-cli", "-n", REDIS_DB, "flushdb"], capture_output=True)
        database = Database(database_url)
        server, worker = start_site(env)
        try:
            errors = []
            submit_all(range(WARM_UP), errors, keep_alive=False)
            database.wait_until_sent(DRAIN_SECONDS)
            cpu = CpuUse(server, worker, database_url)
            rounds = [
                default_round(database, cpu, (n + 1) * DEFAULT_COUNT) for n in range(DEFAULT_ROUNDS)
            ]
        finally:
            for process in (server, worker):
                process.terminate()
                process.wait(timeout=20)
        database.close()
    figures = {name: statistics.median(r[name] for r in rounds) for name in MEDIAN_OF}
    figures["errors"] = len(errors) + sum(r["errors"] for r in rounds)
    figures["error_examples"] = errors[:3] + [e for r in rounds for e in r["error_examples"]]
    figures["drained"] = all(r["mail_seconds"] is not None for r in rounds)
    return figures


MEDIAN_OF = ["per_s", "gunicorn_ms", "redis_ms", "machine_ms", "worker_ms", "mails"]


def default_runs():
    """{cache: figures} for the embedded default and for Redis as the cache."""
    results = {}
    for label, redis in (("database (default)", False), ("Redis", True)):
        print(
            f"Measuring {DEFAULT_ROUNDS} x {DEFAULT_COUNT} submits on new connections, "
            f"cache: {label} ...",
            flush=True,
        )
        results[label] = run_default(redis)
    return results


def report(results):
    cores = os.cpu_count() or 1
    lines = [
        "## Submits on the embedded default: CPU per submit and per mail",
        "",
        "SQLite, with gunicorn and the task worker as docs/deploy.md runs them (the worker at "
        "Nice=10), and no proxy in front: each visitor opens the form, sends it and lands on "
        "the thank-you page, each request over a new connection. "
        f"{DEFAULT_COUNT} submits from {CLIENTS} clients at once, {DEFAULT_ROUNDS} rounds after "
        f"{WARM_UP} to warm up (each figure its median round); each round waits until every "
        "confirmation has left (to a mail server on this machine), and starts once the "
        "cores have been idle for a second (at most 90 s of waiting), so that what an earlier "
        "bench left running does not share them. CPU time is read from "
        "/proc/<pid>/stat of gunicorn (master and workers) and of the worker process: "
        "gunicorn's from a round's first submit to its last, divided by the submits; the "
        "worker's until the round's last mail left, divided by the mails. The cache is a table "
        "in the database (the default, without Redis), or Redis. The load runs on the same "
        f"{cores} cores as the site, shared with anything else running: CPU per submit varies "
        "less than submits per second, but read it as a ratio to the goal, not to a "
        "hundredth. `python bench/profile_submits.py` shows where it goes.",
        "",
        "Goal on the embedded default: at most 12 ms of gunicorn CPU per submit and at most "
        "4 ms of worker CPU per mail.",
        "",
        "| cache | submits/s | gunicorn CPU ms per submit | worker CPU ms per mail "
        "| Redis CPU ms per submit | machine CPU ms per submit | mails sent | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, r in results.items():
        mails = f"{r['mails']:.0f}" + ("" if r["drained"] else " (not all)")
        lines.append(
            f"| {label} | {r['per_s']:.1f} | {r['gunicorn_ms']:.1f} | {r['worker_ms']:.1f} | "
            f"{r['redis_ms']:.1f} | {r['machine_ms']:.1f} | {mails} | {r['errors']} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    figures = default_runs()
    print(report(figures))
    for label, r in figures.items():
        if r["error_examples"]:
            print(label, "errors:", r["error_examples"])
