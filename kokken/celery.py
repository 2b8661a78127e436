"""The Celery app. With REDIS_URL unset, settings make every task run eagerly in-process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kokken.settings")

app = Celery("kokken")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
