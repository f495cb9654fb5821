"""Settings of the gongkai web platform.

Configuration comes from the environment: ``DATABASE_URL`` (default: the SQLite file
``var/gongkai.sqlite3`` under the repository), ``GONGKAI_SECRET_KEY`` (default: a key generated once
into ``var/secret_key``), ``GONGKAI_DEBUG=1`` and ``GONGKAI_ALLOWED_HOSTS`` (comma-separated).
"""

import os
import secrets
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parents[2]
VAR_DIR = REPO_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)


def _secret_key() -> str:
    if os.environ.get("GONGKAI_SECRET_KEY"):
        return os.environ["GONGKAI_SECRET_KEY"]
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
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
    "ninja",  # serves the API docs' Swagger UI from its own static files, not from a CDN
    "gongkai.web.agencies",
    "gongkai.web.accounts",
    "gongkai.web.reports",
    "gongkai.web.applications",
    "gongkai.web.proactive",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(default=f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}", conn_max_age=60),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The public pages' rate limits are counted in the cache; in the database, so that they hold across
# every process serving the platform (the table is made by the applications app's migrations).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "gongkai_cache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "reports:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
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
