"""Settings of the gongkai web platform.

Configuration comes from the environment: ``DATABASE_URL`` (default: the SQLite file
``var/gongkai.sqlite3`` under the repository), ``GONGKAI_SECRET_KEY`` (default: a key generated once
into ``var/secret_key``), ``GONGKAI_DEBUG=1``, ``GONGKAI_ALLOWED_HOSTS`` (comma-separated) and
``GONGKAI_HTTPS=1`` for production behind HTTPS (HSTS, redirect to HTTPS, secure cookies).
"""

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parents[2]
VAR_DIR = REPO_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)


def _secret_key() -> str:
    if os.environ.get("GONGKAI_SECRET_KEY"):
        return os.environ["GONGKAI_SECRET_KEY"]
    path = VAR_DIR / "secret_key"
    if not path.exists():
        # Written aside, then linked into place: of processes starting together on a fresh var/ (gunicorn's
        # workers, the test workers) one key wins, and none reads a file half written.
        draft = VAR_DIR / f"secret_key.{os.getpid()}"
        draft.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        draft.chmod(0o600)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("GONGKAI_DEBUG") == "1"
ALLOWED_HOSTS = os.environ.get("GONGKAI_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "ninja",  # serves the API docs' Swagger UI from its own static files, not from a CDN
    "gongkai.web.agencies",
    "gongkai.web.accounts",
    "gongkai.web.reports",
    "gongkai.web.applications",
    "gongkai.web.proactive",
    "gongkai.web.engagement",
    "gongkai.web.complaints",
    "gongkai.web.supervision",
    "gongkai.web.throttle",
    "axes",
    "gongkai.web.operations",
]

MIDDLEWARE = [
    "gongkai.web.request_id.RequestIdMiddleware",  # first: every log line of the request carries its id
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "gongkai.web.reports.kept_pages.KeptPagesMiddleware",  # a kept public page skips the rest
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gongkai.web.personal_data.NoStoreMiddleware",  # after WhiteNoise: static files stay cacheable
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "gongkai.web.urls"
WSGI_APPLICATION = "gongkai.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.web.navigation.menu",
            ],
        },
    },
]

# Production behind HTTPS (the reverse proxy terminates TLS and sets X-Forwarded-Proto, replacing any
# value a client sent). `gongkai web check --deploy` is clean with it and a secret key of one's own.
HTTPS = os.environ.get("GONGKAI_HTTPS") == "1"
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Scripts and styles from the platform's own files; the <style> blocks of the templates carry the
# request's nonce. No inline script, no style or event attribute, nothing from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

DATABASES = {
    "default": dj_database_url.config(default=f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}", conn_max_age=60),
}


def _private_file(name: str) -> None:
    """Create the SQLite file readable by its owner alone (it holds applicants' personal data);
    SQLite gives its -wal and -shm files the database file's permissions."""
    if name and name != ":memory:" and not name.startswith("file:"):
        os.close(os.open(name, os.O_CREAT | os.O_RDWR, 0o600))  # an existing file keeps its mode


if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers write to one file: WAL lets readers go on while one writes; every
    # transaction takes the write lock when it begins (a deferred one that read first cannot wait
    # for it and fails with "database is locked"); a writer waits up to 20 s for the lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=20, init_command="PRAGMA journal_mode=WAL")
    _private_file(DATABASES["default"]["NAME"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A cache shared by every process serving the platform (the table is made by the applications app's
# migrations); the public pages' rate limits count in their own table (gongkai.web.throttle).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "gongkai_cache"}}
# What is built once from a published version (reports/published_cache.py): shared by the processes of
# one machine through files, or by every machine through Redis (GONGKAI_REDIS_URL, with redis-py
# installed); a bounded copy of the public pages in each process's memory in front of it.
if os.environ.get("GONGKAI_REDIS_URL"):
    CACHES["published"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                           "LOCATION": os.environ["GONGKAI_REDIS_URL"], "KEY_PREFIX": "gongkai-published"}
else:
    CACHES["published"] = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                           "LOCATION": VAR_DIR / "cache" / "published", "OPTIONS": {"MAX_ENTRIES": 5000}}
CACHES["published-local"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                             "LOCATION": "published-local", "OPTIONS": {"MAX_ENTRIES": 200}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "gongkai.web.accounts.validators.MinimumLengthValidator"},  # Django's, its message in Chinese
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords in a row an account, and
# separately the address they came from, are locked out for AXES_COOLOFF_TIME, or until the coordination
# office (or the admin) unlocks them on the 登录锁定 page (gongkai.web.accounts.lockouts).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "gongkai.web.accounts.lockouts.lockout_response"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "reports:home"
LOGOUT_REDIRECT_URL = "front_door"

# The platform speaks Chinese to everyone: no LocaleMiddleware, so Accept-Language never switches
# Django's own texts (sign-in, admin, validation messages) to another language.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise expects it even when serving from the finders
# The shared front-end files (htmx, echarts) live in the package, beside the core.
STATICFILES_DIRS = [PACKAGE_DIR.parent / "static"]
# Served from the finders too, so the platform works without a collectstatic step.
WHITENOISE_USE_FINDERS = True

# Uploaded files (attachments of proactive disclosure items); served by the app's views, never directly.
MEDIA_ROOT = VAR_DIR / "media"

# Errors with their tracebacks go to stderr (gunicorn's log), each line with the id of its request,
# which the 500 page shows the user. Client errors (404, 409) are the pages' answers, not logged.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "gongkai.web.request_id.RequestIdFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [request %(request_id)s] %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr",
                            "filters": ["request_id"], "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["stderr"], "level": "INFO", "propagate": False},  # runserver's requests
    },
}

# An uploaded workbook above this size is kept in a temporary file, not in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Reminder mail (gongkai deadlines --mail). Without a host the messages are printed to the console.
if os.environ.get("GONGKAI_EMAIL_HOST"):
    EMAIL_HOST = os.environ["GONGKAI_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("GONGKAI_EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("GONGKAI_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("GONGKAI_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("GONGKAI_EMAIL_TLS") == "1"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_EMAIL_FROM", "gongkai@localhost")
