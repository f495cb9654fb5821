"""WSGI entry point for gunicorn: ``gunicorn gongkai.web.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")

application = get_wsgi_application()
