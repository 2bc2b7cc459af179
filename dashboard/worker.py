"""Celery worker entry point: `celery -A dashboard.worker:celery worker` (needs REDIS_URL).

Importing the app defines its background callbacks, which is what registers them as Celery tasks.
"""

from . import wsgi  # noqa: F401 (defines the tasks)
from .background import celery_app

celery = celery_app()
