"""A production-like try on a laptop (DJANGO_DEBUG=0) works before anyone ran collectstatic."""

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.helpers import listening
from tests.mkbroute.processes import ROOT, environment

pytestmark = pytest.mark.slow


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_pages_and_their_stylesheet_are_served_before_collectstatic(tmp_path):
    port = free_port()
    env = environment(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="local-try-" + "k9" * 30,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_HTTPS="0",
        DJANGO_STATIC_ROOT=str(tmp_path / "never-collected"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'try.sqlite3'}",
    )
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput"], cwd=ROOT, env=env, capture_output=True)
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(150):
            if listening(port):
                break
            time.sleep(0.1)
        base = f"http://127.0.0.1:{port}"
        page = urllib.request.urlopen(base + "/").read().decode()
        assert 'href="/static/css/site.css"' in page
        css = urllib.request.urlopen(base + "/static/css/site.css")
        assert css.status == 200 and b"@media print" in css.read()
    finally:
        server.terminate()
        server.wait(timeout=10)
