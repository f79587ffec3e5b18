"""A fresh Python with only the given settings in its environment, as a deploy starts one."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3Y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMN"
OUR_VARIABLES = ("DJANGO_", "DATABASE_URL", "EMAIL_URL", "REDIS_URL", "LEADS_", "MKBROUTE_")


def environment(**settings):
    """This process's environment without any setting of ours, plus the given ones."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(OUR_VARIABLES)}
    env.update(settings, DJANGO_SETTINGS_MODULE="mkbroute.settings")
    return env


def run_python(*args, **settings):
    command = [sys.executable, *args]
    env = environment(**settings)
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def run_django(code, **settings):
    """Run code after django.setup(); the result has returncode, stdout and stderr."""
    return run_python("-c", f"import django; django.setup(); {code}", **settings)


def database_url(connection):
    """The URL of the database a connection (the test database) uses, for another process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
