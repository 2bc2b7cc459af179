"""WSGI entry point for gunicorn: `gunicorn dashboard.wsgi:server`."""

import os

from . import DEFAULT_DATA_DIR
from .app import create_app

app = create_app(os.environ.get("DASHBOARD_DATA_DIR", DEFAULT_DATA_DIR))
server = app.server
