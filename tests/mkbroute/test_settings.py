import pytest
from django.core.exceptions import ImproperlyConfigured

from mkbroute.settings import email_settings, env_bool, env_contact, env_site_url
from tests.mkbroute.processes import STRONG_KEY, run_django


def test_it_refuses_to_start_in_production_without_a_secret_key():
    result = run_django("print('started')", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr
    assert "started" not in result.stdout


def test_it_refuses_a_weak_secret_key_in_production():
    result = run_django("print('started')", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="secret")
    assert result.returncode != 0
    assert "too weak" in result.stderr


def test_production_turns_https_on_by_default():
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    )
    result = run_django(code, DJANGO_DEBUG="0", DJANGO_SECRET_KEY=STRONG_KEY)
    assert result.stdout.split() == ["False", "True", "True", "31536000"]


def test_https_can_be_turned_off_for_a_local_production_like_run():
    code = (
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"
    )
    result = run_django(code, DJANGO_DEBUG="0", DJANGO_SECRET_KEY=STRONG_KEY, DJANGO_HTTPS="0")
    assert result.stdout.split() == ["False", "0"]


def test_it_runs_for_development_without_any_environment():
    code = "from django.conf import settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])"
    result = run_django(code)
    assert result.stdout.split() == ["True", "django.db.backends.sqlite3"]


def test_allowed_hosts_are_read_comma_separated():
    code = "from django.conf import settings as s; print('|'.join(s.ALLOWED_HOSTS))"
    result = run_django(
        code, DJANGO_DEBUG="0", DJANGO_SECRET_KEY=STRONG_KEY, DJANGO_ALLOWED_HOSTS="a.nl, b.nl"
    )
    assert result.stdout.strip() == "a.nl|b.nl"


def test_the_sqlite_database_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    code = (
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]); "
        "c.execute('PRAGMA busy_timeout'); print(c.fetchone()[0]); "
        "print(connection.settings_dict['OPTIONS']['transaction_mode'])"
    )
    result = run_django(code, DATABASE_URL=f"sqlite:///{tmp_path / 'wal.sqlite3'}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "20000", "IMMEDIATE"]


def test_a_sqlite_connection_outlives_the_request_that_opened_it(tmp_path):
    """Opening one cost more CPU than a submit's own queries, and a visitor's form, its POST
    and the thank-you page each opened one: each gunicorn thread keeps its connection."""
    code = (
        "from django.core.signals import request_finished, request_started; "
        "from django.db import connection; connection.ensure_connection(); "
        "first = connection.connection; "
        "request_finished.send(None); request_started.send(None); "
        "connection.ensure_connection(); print(connection.connection is first)"
    )
    result = run_django(code, DATABASE_URL=f"sqlite:///{tmp_path / 'kept.sqlite3'}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True"]


def test_a_boolean_setting_with_a_typo_is_refused(monkeypatch):
    monkeypatch.setenv("DJANGO_SOMETHING", "ja")
    with pytest.raises(ImproperlyConfigured, match="must be 1 or 0"):
        env_bool("DJANGO_SOMETHING", True)


def test_the_email_url_becomes_smtp_settings():
    settings = email_settings("smtp+tls://user%40school.nl:p%40ss@mail.school.nl:587")
    assert settings["EMAIL_HOST"] == "mail.school.nl"
    assert settings["EMAIL_PORT"] == 587
    assert settings["EMAIL_HOST_USER"] == "user@school.nl"
    assert settings["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert settings["EMAIL_USE_TLS"] is True


def test_an_email_url_with_an_unknown_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured):
        email_settings("http://mail.school.nl")


def test_the_security_contact_is_the_school_address_unless_set(monkeypatch):
    school = "mkb-route@hogeschool-voorbeeld.nl"
    monkeypatch.delenv("MKBROUTE_SECURITY_CONTACT", raising=False)
    assert env_contact("MKBROUTE_SECURITY_CONTACT", school) == f"mailto:{school}"
    monkeypatch.setenv("MKBROUTE_SECURITY_CONTACT", "")  # as copied from .env.example
    assert env_contact("MKBROUTE_SECURITY_CONTACT", school) == f"mailto:{school}"
    monkeypatch.setenv("MKBROUTE_SECURITY_CONTACT", "cert@hogeschool-voorbeeld.nl")
    assert env_contact("MKBROUTE_SECURITY_CONTACT", school) == "mailto:cert@hogeschool-voorbeeld.nl"
    page = "https://www.hogeschool-voorbeeld.nl/kwetsbaarheid-melden"
    monkeypatch.setenv("MKBROUTE_SECURITY_CONTACT", page)
    assert env_contact("MKBROUTE_SECURITY_CONTACT", school) == page


def test_a_security_contact_over_plain_http_is_refused(monkeypatch):
    monkeypatch.setenv("MKBROUTE_SECURITY_CONTACT", "http://www.hogeschool-voorbeeld.nl/melden")
    with pytest.raises(ImproperlyConfigured, match="https://"):
        env_contact("MKBROUTE_SECURITY_CONTACT", "mkb-route@hogeschool-voorbeeld.nl")


SMTP = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE = "django.core.mail.backends.console.EmailBackend"


@pytest.mark.parametrize(
    ("url", "port", "tls", "ssl"),
    [
        ("smtp://mail.school.nl", 25, False, False),
        ("smtp+tls://mail.school.nl", 587, True, False),
        ("submission://mail.school.nl", 587, True, False),
        ("smtp+ssl://mail.school.nl", 465, False, True),
        ("smtp+ssl://mail.school.nl:2465", 2465, False, True),
    ],
)
def test_each_smtp_scheme_sets_its_port_and_encryption(url, port, tls, ssl):
    settings = email_settings(url)
    assert settings["EMAIL_BACKEND"] == SMTP
    assert (settings["EMAIL_HOST"], settings["EMAIL_PORT"]) == ("mail.school.nl", port)
    assert (settings["EMAIL_USE_TLS"], settings["EMAIL_USE_SSL"]) == (tls, ssl)


@pytest.mark.parametrize("url", ["", "consolemail://", "console:"])
def test_no_email_url_or_a_console_one_prints_mail(url):
    assert email_settings(url) == {"EMAIL_BACKEND": CONSOLE}


def test_the_mail_server_gets_five_seconds_unless_the_url_says_otherwise():
    assert email_settings("smtp://mail.school.nl")["EMAIL_TIMEOUT"] == 5
    assert email_settings("smtp://mail.school.nl?timeout=12")["EMAIL_TIMEOUT"] == 12


@pytest.mark.parametrize("query", ["timeout=soms", "timeout=0", "timout=5"])
def test_a_bad_email_option_is_refused_without_showing_the_password(query):
    with pytest.raises(ImproperlyConfigured, match="takes one option") as error:
        email_settings(f"smtp://user:geheim@mail.school.nl?{query}")
    assert "geheim" not in str(error.value)


def test_an_unknown_email_scheme_stops_the_start_with_the_schemes_it_takes():
    result = run_django("print('started')", EMAIL_URL="smtps://user:geheim@mail.school.nl")
    assert result.returncode != 0
    assert "EMAIL_URL must start with smtp://, smtp+tls://" in result.stderr
    assert "not 'smtps'" in result.stderr and "geheim" not in result.stderr


def test_the_site_url_defaults_to_the_development_server_and_loses_its_slash(monkeypatch):
    monkeypatch.delenv("DJANGO_SITE_URL", raising=False)
    assert env_site_url("DJANGO_SITE_URL", "http://127.0.0.1:8000") == "http://127.0.0.1:8000"
    monkeypatch.setenv("DJANGO_SITE_URL", "https://werving.example.nl/")
    assert env_site_url("DJANGO_SITE_URL", "") == "https://werving.example.nl"


@pytest.mark.parametrize(
    "value", ["werving.example.nl", "ftp://werving.example.nl", "https://werving.example.nl/x"]
)
def test_a_site_url_that_is_not_a_plain_address_is_refused(monkeypatch, value):
    monkeypatch.setenv("DJANGO_SITE_URL", value)
    with pytest.raises(ImproperlyConfigured, match="must look like https://"):
        env_site_url("DJANGO_SITE_URL", "")


def test_production_mail_to_admissions_needs_the_site_url():
    production = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": STRONG_KEY}
    result = run_django("print('started')", **production, LEADS_NOTIFY_EMAIL="t@example.nl")
    assert result.returncode != 0
    assert "LEADS_NOTIFY_EMAIL needs DJANGO_SITE_URL" in result.stderr
