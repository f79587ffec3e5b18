import socket
import uuid
from types import SimpleNamespace
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache, caches
from django.core.servers.basehttp import WSGIServer
from django.db import transaction
from django.test import Client, override_settings
from whitenoise.middleware import WhiteNoiseMiddleware

from leads.models import ChannelRule
from mkbroute.lib import counters, tally
from mkbroute.roles import ADMISSIONS, COMMUNICATIONS
from tests.factories import (
    make_event,
    make_persona,
    make_programme,
    make_student_tone,
    make_target_group,
    make_tone,
    make_worker_tone,
)
from tests.helpers import command_output, listening

# The live server test harness listens with a backlog of 10 connections, so forty people
# arriving at once are turned away by the kernel, not by our code. Production runs gunicorn
# (backlog 2048); give the test server a queue long enough for the concurrency tests.
WSGIServer.request_queue_size = 128

# `make test` deselects the tests with these markers; say so at the end, with the way back.
LEFT_OUT_BY_MARKER = ("slow", "browser")
left_out = pytest.StashKey[int]()


def pytest_deselected(items):
    for item in items:
        if any(item.get_closest_marker(name) for name in LEFT_OUT_BY_MARKER):
            item.config.stash[left_out] = item.config.stash.get(left_out, 0) + 1


def pytest_terminal_summary(terminalreporter, config):
    if count := config.stash.get(left_out, 0):
        terminalreporter.write_line(
            f"{count} slow and browser tests left out: `make test-all` runs everything."
        )


def static_settings():
    """Everything that decides which static files WhiteNoise serves, and with which headers."""
    names = [name for name in dir(django_settings) if name.startswith(("STATIC", "WHITENOISE_"))]
    names += ["DEBUG", "STORAGES", "INSTALLED_APPS"]
    return repr([(name, getattr(django_settings, name)) for name in sorted(names)])


@pytest.fixture(scope="session", autouse=True)
def _static_files_listed_once():
    """WhiteNoise lists every static file, with its headers, when its middleware starts, and
    each test Client starts its own: some 600 times over the same files in one run, seconds of
    it. A middleware started under the same settings as an earlier one takes the files that
    one found; under other settings (tests/mkbroute/test_static.py) it lists them itself."""
    listed = {}
    start = WhiteNoiseMiddleware.__init__

    def start_once(self, *args, **kwargs):
        key = static_settings()
        if key in listed:
            # On the instance, not the class: test clients start in several threads at once.
            self.add_files = self.add_files_from_finders = lambda *args, **kwargs: None
            start(self, *args, **kwargs)
            del self.add_files, self.add_files_from_finders
            self.files = dict(listed[key])
            return
        start(self, *args, **kwargs)
        if not self.autorefresh:  # which looks each request's file up instead
            listed[key] = self.files

    with mock.patch.object(WhiteNoiseMiddleware, "__init__", start_once):
        yield


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test: its own media folder, an empty cache, and limits a test can pass."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LEADS_MIN_FILL_SECONDS = 0
    settings.LEADS_RATE_LIMIT = "10000/m"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ADMIN_2FA = False  # tests of the second factor turn it on themselves
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed
    # The cache in memory, so that query budgets count the pages' own queries. The default
    # (a table in the database) is tested with real gunicorn workers in test_one_machine.py.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # The counters (limits, the funnel's) in memory too, for the same reason and so that the
    # flusher thread does not write to the database beside the test's transaction; the tests
    # of the stores production uses ask for them (counter_store).
    settings.TALLY = {"BACKEND": "mkbroute.lib.tally.MemoryTally"}
    counters.flush()  # no count of an earlier test waits in this process: it is cleared
    cache.clear()
    tally.store().clear()
    ChannelRule.forget_table()  # each test its own channel rules
    yield
    counters.flush()
    cache.clear()
    tally.store().clear()


@pytest.fixture
def own_buffer(monkeypatch):
    """own_buffer(seconds): a buffer of counts for this test alone, whose flusher thread
    flushes every so many seconds; by default every hour, so that only reads flush it."""
    made = []

    def make(seconds=3600):
        buffer = counters.Buffer(seconds)
        monkeypatch.setattr(counters, "BUFFER", buffer)
        made.append(buffer)
        return buffer

    yield make
    for buffer in made:
        buffer.stop()


REDIS_FIXTURES = {"counter_store", "redis_tally"}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The tests that read the demo content run last, so that one load of it serves them all
    and no other test ever sees it. Otherwise the order stays as pytest-django made it.

    With `make test`'s two workers (pytest-xdist, --dist loadgroup), every test that talks to
    the real Redis runs on one worker: they share its numbered databases."""
    items.sort(key=lambda item: "demo_content" in getattr(item, "fixturenames", ()))
    talks_to_redis = {}  # per test file, read once
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if item.path not in talks_to_redis:
            source = item.path.read_text() if item.path.suffix == ".py" else ""
            talks_to_redis[item.path] = "redis://" in source
        if fixtures & REDIS_FIXTURES or talks_to_redis[item.path]:
            item.add_marker(pytest.mark.xdist_group("redis"))


@pytest.fixture(scope="session")
def demo_content(django_db_setup, django_db_blocker, tmp_path_factory):
    """load_demo once for the session, as in production (no demo admin), without demo leads.

    Drawing the images makes a load take seconds, so every test that reads the demo shares
    one; they run last (see above). Each test's own writes roll back as usual, so a test may
    change the demo without the next one seeing it; the demo rolls back at the end.
    """
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=False, MEDIA_ROOT=media):
            output = command_output("load_demo", "--leads", "0")
        yield SimpleNamespace(output=output, media=media)
        transaction.set_rollback(True)


@pytest.fixture
def tones(db):
    return {
        "neutraal": make_tone("neutraal", is_default=True),
        "student": make_student_tone(),
        "werkende": make_worker_tone(),
    }


@pytest.fixture
def personas(tones):
    """The demo's shape in small: three personas, groups with and without their own tone."""
    student = make_persona(tones["student"], "student", entry_label="Ik heb havo of vwo")
    doorstromer = make_persona(tones["student"], "doorstromer", entry_label="Ik heb mbo-4")
    zij = make_persona(tones["werkende"], "zij-instromer", entry_label="Ik werk al")
    make_target_group(student, "havo", label="Ik heb havo")
    make_target_group(student, "vwo", label="Ik heb vwo")
    make_target_group(student, "hbo_dropout", label="Ik doe nu een voltijd hbo-opleiding")
    make_target_group(doorstromer, "mbo4", tone=tones["student"], label="Ik heb mbo-4")
    make_target_group(doorstromer, "employee_step_up", tone=tones["werkende"], label="Ik werk")
    make_target_group(zij, "employee_verzilveren", label="Ik werk al op hbo-niveau")
    make_target_group(zij, "career_switcher", label="Ik wil een nieuw vak leren")
    programme = make_programme(name="Ondernemen")
    for persona in (student, doorstromer, zij):
        persona.programmes.add(programme)
    make_event(programmes=[programme], title="Open dag Utrecht")
    return {"student": student, "doorstromer": doorstromer, "zij-instromer": zij}


def staff(username, group=None, superuser=False):
    """A logged-in test client for a staff member in one of the roles (or none)."""
    user = get_user_model().objects.create_user(
        username, password="x", is_staff=True, is_superuser=superuser
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admissions(db):
    return staff("toelating", ADMISSIONS)


@pytest.fixture
def communications(db):
    return staff("communicatie", COMMUNICATIONS)


@pytest.fixture
def groupless(db):
    return staff("zonder-rol")


@pytest.fixture
def superuser(db):
    return staff("beheerder", superuser=True)


# The Redis database of the tests of counters that must outlive the cache (other tests use 12-15).
COUNTER_REDIS = "redis://127.0.0.1:6379/3"
DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "mkbroute_cache",
}


@pytest.fixture(params=["database", "redis"])
def counter_store(request, settings):
    """Where production keeps limits and counts, with the cache it has beside them: without
    Redis a table in the database (and the database cache), else Redis (and Redis)."""
    if request.param == "database":
        settings.CACHES = {"default": DATABASE_CACHE}
        settings.TALLY = {"BACKEND": "mkbroute.lib.tally.DatabaseTally"}
        yield request.param
        return
    if not listening(6379):
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    prefix = f"counters-test-{uuid.uuid4().hex}"  # shares the server with others
    settings.CACHES = {
        "default": {
            "BACKEND": "mkbroute.lib.cache_backends.ForgivingRedisCache",
            "LOCATION": COUNTER_REDIS,
            "KEY_PREFIX": prefix,
        }
    }
    settings.TALLY = {
        "BACKEND": "mkbroute.lib.tally.RedisTally",
        "LOCATION": COUNTER_REDIS,
        "KEY_PREFIX": f"{prefix}-tally",
    }
    yield request.param
    client = caches["default"]._cache.get_client()
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


@pytest.fixture
def redis_tally(settings):
    """The counters in Redis, as production keeps them beside a Redis cache, on a prefix of
    this test's own; the cache stays in memory, so that all Redis traffic is the counters'."""
    if not listening(6379):
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    prefix = f"tally-test-{uuid.uuid4().hex}"  # shares the server with others
    settings.TALLY = {
        "BACKEND": "mkbroute.lib.tally.RedisTally",
        "LOCATION": COUNTER_REDIS,
        "KEY_PREFIX": prefix,
    }
    store = tally.store()
    store.client.ping()  # connected: what tests count as round trips is the counters' own
    yield store
    store.clear()


@pytest.fixture
def mail_server_down(settings):
    """A real SMTP backend aimed at a port on this machine where nothing listens."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    return port
