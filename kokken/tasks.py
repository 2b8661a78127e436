"""Thin Celery tasks of the core."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings

from . import notifications


@shared_task
def mail_sweep() -> int:
    """Every SWEEP_SECONDS (celery beat): send the e-mails that could not be sent after
    their commit (the mail server or the process was down). Idempotent."""
    pending = notifications.mail_pending(older_than=timedelta(seconds=settings.SWEEP_SECONDS))
    return notifications.mail_send(pending)
