"""Thin Celery tasks: load by id, call one service."""

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def notify_seat_request(request_id: int, event: str) -> int:
    """Tell the other side of a seat request what happened (in-app entry and e-mail)."""
    return services.seat_request_notify(request_id=request_id, event=event)
