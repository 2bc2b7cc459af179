"""WSGI entry point for gunicorn: `gunicorn dashboard.wsgi:server`."""

from .settings import setting

from . import DEFAULT_DATA_DIR
from .app import create_app

app = create_app(setting("DASHBOARD_DATA_DIR") or DEFAULT_DATA_DIR)
server = app.server
