"""WSGI entry point (gunicorn xinbao.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinbao.settings")
application = get_wsgi_application()
