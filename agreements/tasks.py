"""Thin Celery tasks: load by id, call one service."""

from celery import shared_task
from django.db import OperationalError

from . import reports
from .models import ReportJob


@shared_task(bind=True, autoretry_for=(OperationalError,), max_retries=3, default_retry_delay=10)
def generate_report(self, job_id: int) -> str | None:
    """Render a report job's PDF (acks_late in settings: a dead worker's job is redelivered)."""
    job = (ReportJob.objects.select_related("round__questionnaire", "agency", "ministry")
           .filter(pk=job_id).first())
    if job is None:  # deleted meanwhile
        return None
    return reports.report_generate(job=job).status
