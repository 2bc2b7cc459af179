"""Celery worker entry point: `celery -A dashboard.worker worker` (needs REDIS_URL).

Importing the app defines its background callbacks, which is what registers them as Celery tasks.
"""

from .background import celery_app
from .wsgi import app  # noqa: F401 (defines the tasks)

celery = celery_app()
