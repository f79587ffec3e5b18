"""Settings for Mkb-route werving, read from the environment (see .env.example)."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import environ
from django.core.exceptions import ImproperlyConfigured

from mkbroute.lib.limits import parse_rate

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0, not {value!r}")


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_rate(name, default):
    """A rate such as 10/h (per s, m, h or d); anything else refuses to start."""
    value = env(name, default)
    try:
        parse_rate(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} {error}") from None
    return value


def env_contact(name, default):
    """A contact for security.txt (RFC 9116): an e-mail address becomes a mailto: URI, a web
    page must use https://."""
    value = env(name) or default
    if value.startswith("http://"):
        raise ImproperlyConfigured(f"{name} must be an e-mail address or an https:// address")
    return value if ":" in value else f"mailto:{value}"


def env_site_url(name, default):
    """The site's public address, such as https://werving.example.nl, without a trailing /."""
    value = env(name, default).rstrip("/")
    parts = urlsplit(value)
    plain = parts.scheme in ("http", "https") and parts.hostname and not (parts.path or parts.query)
    if value and not plain:
        example = "https://werving.example.nl"
        raise ImproperlyConfigured(f"{name} must look like {example}, not {value!r}")
    return value


# EMAIL_URL schemes: what each means to django-environ, which reads the URL, and its usual port.
EMAIL_SCHEMES = {
    "smtp": ("smtp", 25),
    "smtp+tls": ("smtp+tls", 587),
    "submission": ("smtp+tls", 587),  # the name the mail RFCs give port 587 with STARTTLS
    "smtp+ssl": ("smtp+ssl", 465),
    "consolemail": ("consolemail", None),
    "console": ("consolemail", None),  # console: as older .env files have it
}


def email_settings(url):
    """Django's EMAIL_* settings from EMAIL_URL; empty means mail is printed on the console."""
    scheme, _colon, rest = (url or "consolemail:").partition(":")
    # The messages name the part that is wrong, never the whole URL: it holds a password.
    if scheme not in EMAIL_SCHEMES:
        accepted = "smtp://, smtp+tls:// (or submission://), smtp+ssl:// or consolemail://"
        raise ImproperlyConfigured(f"EMAIL_URL must start with {accepted}, not {scheme!r}")
    known_scheme, port = EMAIL_SCHEMES[scheme]
    config = environ.Env.email_url_config(f"{known_scheme}:{rest}")
    if known_scheme == "consolemail":
        return {"EMAIL_BACKEND": config["EMAIL_BACKEND"]}
    options = config.get("OPTIONS", {})
    timeout = options.pop("TIMEOUT", 5)
    if options or not isinstance(timeout, int) or timeout < 1:
        query = urlsplit(url).query
        raise ImproperlyConfigured(f"EMAIL_URL takes one option, ?timeout=<seconds>, not {query!r}")
    return {
        "EMAIL_BACKEND": config["EMAIL_BACKEND"],
        "EMAIL_HOST": config["EMAIL_HOST"] or "localhost",
        "EMAIL_PORT": config["EMAIL_PORT"] or port,
        "EMAIL_HOST_USER": config["EMAIL_HOST_USER"] or "",
        "EMAIL_HOST_PASSWORD": config["EMAIL_HOST_PASSWORD"] or "",
        "EMAIL_USE_TLS": config.get("EMAIL_USE_TLS", False),
        "EMAIL_USE_SSL": config.get("EMAIL_USE_SSL", False),
        "EMAIL_TIMEOUT": timeout,
    }


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG=0.")
    SECRET_KEY = "development-only-key-not-for-production-use-0123456789"
elif not DEBUG and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is too weak: use 50 or more random characters.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
# For links where no request is at hand, such as the links in mails. In production it defaults
# to https:// and the first of DJANGO_ALLOWED_HOSTS.
_public_host = next((h for h in ALLOWED_HOSTS if not h.startswith((".", "*"))), "")
_production_url = f"https://{_public_host}" if _public_host else ""
SITE_URL = env_site_url("DJANGO_SITE_URL", "http://127.0.0.1:8000" if DEBUG else _production_url)

INSTALLED_APPS = [
    "mkbroute.admin_apps.MkbAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Before django_otp's authenticator apps: the admin finds mkbroute/admin.py first, so the
    # Dutch admin of those apps is the one registered (django_otp then keeps its own out).
    "mkbroute",
    "django_otp",
    "mkbroute.admin_apps.SecondFactorConfig",  # django_otp.plugins.otp_totp, in Dutch
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks",
    "django_tasks_db",
    "programmes",
    "personas",
    "leads",
    "results",
    "employers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "mkbroute.lib.middleware.ContentSecurityPolicyMiddleware",
    "mkbroute.lib.middleware.PermissionsPolicyMiddleware",
    "mkbroute.lib.middleware.DutchErrorPagesMiddleware",
    "mkbroute.lib.middleware.StripNullBytesMiddleware",
    "mkbroute.lib.content.ContentVersionMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "personas.tone.ToneMiddleware",
    "leads.attribution.AttributionMiddleware",
    "results.funnel.FunnelMiddleware",
]

# Slow work (mail) leaves the request: queued in the database in the same transaction as
# what it belongs to, and run by `manage.py run_worker` (make run starts one; see deploy.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

ROOT_URLCONF = "mkbroute.urls"
WSGI_APPLICATION = "mkbroute.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mkbroute.lib.context_processors.site",
                "personas.context_processors.tone",
            ],
        },
    },
]
# Django's renderer, with the commonest widgets written out in Python (same HTML, faster).
FORM_RENDERER = "mkbroute.lib.form_renderer.Renderer"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers write leads at once: WAL lets readers go on while one
    # writes, IMMEDIATE takes the write lock up front (no deadlock on upgrade), and the
    # timeout makes a writer wait instead of failing with "database is locked".
    # Connections are kept (CONN_MAX_AGE as for PostgreSQL), one per gunicorn thread and one
    # in the worker: opening one costs more CPU than a submit's own queries (Django registers
    # its SQL functions, the PRAGMAs run, the WAL index is mapped), and a visitor's form, its
    # POST and the thank-you page each opened one.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use a file too, so that concurrent submits really run against WAL and locks.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # An outage degrades to no cache instead of error pages; see cache_backends.py.
            "BACKEND": "mkbroute.lib.cache_backends.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that hangs costs a request half a second, not a worker.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    # Sessions read from Redis, written through to the database: shared by every app server.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # The embedded default: a table in the database, so that every gunicorn worker on this
    # machine shares the page cache and its content version. Sessions stay in the database too.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "mkbroute_cache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# Login throttles, submit rate limits and the funnel's counts not yet folded into rows: not in
# the cache, which drops entries when it is full (mkbroute/lib/tally.py). In Redis when there
# is one, by default the cache's (TALLY_REDIS_URL may name another: it must not evict, see
# docs/deploy.md); else in a table in the database, shared by every worker on this machine.
TALLY_REDIS_URL = env("TALLY_REDIS_URL", REDIS_URL)
if TALLY_REDIS_URL:
    TALLY = {"BACKEND": "mkbroute.lib.tally.RedisTally", "LOCATION": TALLY_REDIS_URL}
else:
    TALLY = {"BACKEND": "mkbroute.lib.tally.DatabaseTally", "LOCATION": "mkbroute_counter"}

# Seconds an anonymous visitor's page is kept per tone; 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(env("DJANGO_PAGE_CACHE_SECONDS", "0" if DEBUG else "600"))
# Hidden form fields that a cached page leaves as a hole, filled per visitor by the function
# named (the CSRF token always is): each lead form's one-time token.
PAGE_CACHE_PER_VISITOR_FIELDS = {"token": "leads.spam.token_for"}
# What else besides the address and the tone sets a cached page apart: an experiment's variant.
PAGE_CACHE_KEY_PARTS = ["personas.assignment.page_variant"]
# Which placeholders ({lerende}, {studie}) the tones fill: asked of text fields in every app.
TONE_PLACEHOLDERS = "personas.models.known_placeholders"

# The cookieless funnel (results/funnel.py): 0 stops counting visits, e.g. to measure its cost.
FUNNEL_COUNTING = env_bool("DJANGO_FUNNEL_COUNTING", True)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
# Dutch formats, with ISO dates first in date inputs (mkbroute/formats/nl/formats.py).
FORMAT_MODULE_PATH = ["mkbroute.formats"]
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
# Dutch for the admin texts that Django and django_otp ship without it; the compiled .mo files
# are committed, so installing needs no gettext tools.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names need collectstatic first; development serves the sources.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "mkbroute.lib.static_storage.ManifestOrSourcesStorage"
    },
}
# Before the first collectstatic (a local try with DEBUG off) WhiteNoise serves the sources.
WHITENOISE_USE_FINDERS = DEBUG or not (STATIC_ROOT / "staticfiles.json").exists()
# Request bodies are limited here, not only by the proxy in front (docs/deploy.md).
# Form fields at most 1 MB: the public form sends a few kilobytes, an admin page with long
# Markdown texts far less than this.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1_048_576
# Fields per request: the public form has about twenty, but the admin's confirmation of a
# bulk delete sends one per selected row. Django's default, written down.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
# Files per request: only the admin takes files, at most one picture per page.
DATA_UPLOAD_MAX_NUMBER_FILES = 5
# Django would store a file of any size before a validator sees it: a multipart body over
# this is refused unread. Room for an image of 10 MB (mkbroute/lib/images.py) with its form; the
# proxy's client_max_body_size is the same.
UPLOAD_MAX_BYTES = 12 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "mkbroute.lib.uploads.UploadSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# A file over this goes to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script of ours reads it
CSRF_FAILURE_VIEW = "mkbroute.views.csrf_failure"
SESSION_COOKIE_AGE = 8 * 3600  # a working day; staff log in again the next morning
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"  # no extra cookie
if env_bool("DJANGO_BEHIND_PROXY", False):
    # Only our own proxy may say the request came in over https.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Strict by default: nothing inline, nothing from another host. The admin lives with it too.
# The form of Django 6.0's setting of this name, whose middleware can take over unchanged.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    # Bootstrap draws checkboxes and select arrows with data: SVG images.
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Admissions staff log in with a second factor; 0 turns that off for local use and tests.
ADMIN_2FA = env_bool("DJANGO_ADMIN_2FA", True)

globals().update(email_settings(env("EMAIL_URL")))
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "Mkb-route <mkb-route@localhost>")

# Leads: spam defences and mail. See leads/spam.py for the rules.
LEADS_MIN_FILL_SECONDS = float(env("LEADS_MIN_FILL_SECONDS", "3"))
# Accepted or spam-refused submits per client address, and per network (/24 or /64): high
# enough for an open day or a class on one Wi-Fi, low enough to stop a flood.
LEADS_RATE_LIMIT = env_rate("LEADS_RATE_LIMIT", "150/h")
LEADS_NETWORK_RATE_LIMIT = env_rate("LEADS_NETWORK_RATE_LIMIT", "400/h")
LEADS_NOTIFY_EMAIL = env("LEADS_NOTIFY_EMAIL")
if LEADS_NOTIFY_EMAIL and not SITE_URL:
    raise ImproperlyConfigured("LEADS_NOTIFY_EMAIL needs DJANGO_SITE_URL for its admin link.")
LEADS_RETENTION_DAYS = int(env("LEADS_RETENTION_DAYS", "730"))
# How many days before the deadline of their intake a person gets a reminder (send_reminders).
LEADS_REMINDER_DAYS = int(env("LEADS_REMINDER_DAYS", "14"))
# /healthz answers 503 once a confirmation mail has waited this long: the worker is down, or
# the mail server has refused to take mail for a while.
HEALTH_MAIL_MAX_MINUTES = int(env("HEALTH_MAIL_MAX_MINUTES", "30"))
# The school's Open Education API (OOAPI v5) endpoint that fills the catalogue (manage.py
# import_ooapi, nightly in the task worker when set): the base URL (the part before /programs),
# an optional bearer token, and an optional organization id to read only its programs.
OOAPI_URL = env("OOAPI_URL").rstrip("/")
if OOAPI_URL and urlsplit(OOAPI_URL).scheme not in ("http", "https"):
    raise ImproperlyConfigured(f"OOAPI_URL must start with https://, not {OOAPI_URL!r}")
OOAPI_TOKEN = env("OOAPI_TOKEN")
OOAPI_ORGANIZATION = env("OOAPI_ORGANIZATION")
# Seconds to wait for each step of an answer; tries after the first (1, 2, 4 ... s apart).
OOAPI_TIMEOUT = float(env("OOAPI_TIMEOUT", "20"))
OOAPI_RETRIES = int(env("OOAPI_RETRIES", "2"))
OOAPI_RETRY_DELAY = 1.0
OOAPI_PAGE_SIZE = 100  # one of the page sizes the contract allows: 10, 20, 50, 100, 250
# No page of programmes is this large or this long: a source that sends more is broken.
OOAPI_MAX_BYTES = 5_000_000
OOAPI_MAX_PAGES = 500
# /healthz answers 503 when OOAPI_URL is set and no import succeeded for this many hours.
HEALTH_OOAPI_MAX_HOURS = int(env("HEALTH_OOAPI_MAX_HOURS", "48"))
# Set when a reverse proxy of our own sits in front: then its X-Forwarded-For is trusted.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# What the site says about the school that runs it; used in pages and JSON-LD.
SCHOOL_NAME = env("MKBROUTE_SCHOOL_NAME", "Hogeschool Voorbeeld")
SCHOOL_URL = env("MKBROUTE_SCHOOL_URL", "https://www.hogeschool-voorbeeld.nl/")
SCHOOL_EMAIL = env("MKBROUTE_SCHOOL_EMAIL", "mkb-route@hogeschool-voorbeeld.nl")
# Where new employer registrations are announced; the tone (by slug) of the employer pages.
EMPLOYERS_NOTIFY_EMAIL = env("EMPLOYERS_NOTIFY_EMAIL", "") or LEADS_NOTIFY_EMAIL or SCHOOL_EMAIL
EMPLOYERS_TONE = env("EMPLOYERS_TONE", "") or "werkgever"
SCHOOL_PHONE = env("MKBROUTE_SCHOOL_PHONE", "030 123 45 67")
# Where applicants apply for a programme that names no page of its own in Studielink.
STUDIELINK_URL = "https://www.studielink.nl/"
# Where to report a vulnerability, in /.well-known/security.txt; the school's address by default.
SECURITY_CONTACT = env_contact("MKBROUTE_SECURITY_CONTACT", SCHOOL_EMAIL)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "without_traceback": {"()": "mkbroute.lib.log_filters.WithoutTraceback"},
        "without_tokens": {"()": "mkbroute.lib.log_filters.WithoutTokens"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        # The two loggers that name a refused request's path, which may hold a link's token.
        "django.request": {"filters": ["without_tokens"]},
        "django.security.csrf": {"filters": ["without_tokens"]},
        "django.security.DisallowedHost": {
            "filters": ["without_traceback"],
            "handlers": ["console"],
            "level": "WARNING",
            "propagate": False,
        },
    },
    "root": {"handlers": ["console"], "level": "INFO" if not DEBUG else "WARNING"},
}
