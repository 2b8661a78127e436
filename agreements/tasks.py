"""Thin Celery tasks: load by id, call one service."""

from celery import shared_task
from django.db import OperationalError

from . import reports, services
from .models import Round


@shared_task(bind=True, max_retries=5, default_retry_delay=30)
def open_round_sheets(self, round_id: int) -> int:
    """Create the round's sheets and notify the agencies (idempotent, so retries are safe)."""
    round = Round.objects.get(pk=round_id)
    try:
        return services.round_create_sheets(round=round)
    except Exception as exc:  # a database hiccup: try again; the constraint prevents duplicates
        raise self.retry(exc=exc) from exc


@shared_task
def send_reminders() -> int:
    """Daily (celery beat): remind agencies before the due date and when overdue."""
    return services.reminders_send()


@shared_task(bind=True, autoretry_for=(OperationalError,), max_retries=3, default_retry_delay=10)
def generate_report(self, job_id: int) -> str | None:
    """Render a report job's PDF (acks_late in settings: a dead worker's job is redelivered)."""
    return reports.report_generate_by_id(job_id)


@shared_task
def sweep() -> dict:
    """Every minute (celery beat): report jobs whose worker died are marked failed with
    the reason; work that waited for the task queue (a report, an opened round's sheets)
    is sent again; today's reminders are sent if their daily run was missed."""
    from datetime import timedelta

    from django.conf import settings

    resent = services.rounds_resume(older_than=timedelta(seconds=settings.SWEEP_SECONDS))
    return {**reports.report_jobs_sweep(), "rounds_resent": resent,
            "reminders": services.reminders_catch_up()}
