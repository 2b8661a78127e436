"""The Celery app. With REDIS_URL unset, settings make every task run eagerly in-process."""

import logging
import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kokken.settings")

app = Celery("kokken")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def use_django_logging(loglevel=None, **kwargs):
    """Workers log through Django's LOGGING (JSON lines in production, kokken/logs.py)
    instead of Celery's own handlers; ``--loglevel`` still applies."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
    if loglevel:
        logging.getLogger().setLevel(loglevel)


def _add_structlog_step() -> None:
    from django_structlog.celery.steps import DjangoStructLogInitStep

    app.steps["worker"].add(DjangoStructLogInitStep)  # task lines with the request id


_add_structlog_step()
