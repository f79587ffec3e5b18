"""What the benches of bench/run.py share: the site under gunicorn on a database of their own,
loaded by keep-alive clients on this machine."""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import submits

ROOT = Path(__file__).resolve().parent.parent
# Two benches at once (two checkouts) each name their own output, port, databases.
OUT = Path(os.environ.get("BENCH_OUT", ROOT / "bench" / "output"))
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8765"))
SQLITE_URL = f"sqlite:///{OUT / 'bench.sqlite3'}"
PG_NAME = os.environ.get("BENCH_PG_DB", "mkbroute_bench")
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"
REDIS_DB = os.environ.get("BENCH_REDIS_DB", "13")
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"
LEADS = int(os.environ.get("BENCH_LEADS", "100000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "3"))
CLIENTS = 8
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
