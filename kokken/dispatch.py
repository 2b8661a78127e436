"""Sending a task to the workers without ever losing the work when the broker is down.

``send(task, *args)`` queues a Celery task and returns True, or returns False at once
(after one quick retry) when the broker cannot be reached. Callers keep what is still
to do in the database (an open round without its sheets, a queued report job), so that
the periodic sweeper (``agreements.tasks.sweep``) sends it again once the broker is back,
and tell the user that the work is queued. With no broker configured (``make run``)
tasks run in-process exactly as before.
"""

from __future__ import annotations

import logging

from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)

# One quick retry: a user is waiting for the page.
RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5,
                "interval_max": 0.5}


def send(task, *args) -> bool:
    """Queue ``task(*args)``; False when the broker is unreachable (nothing raised)."""
    from .celery import app

    if app.conf.task_always_eager:
        task.apply_async(args)  # in-process: its errors are the caller's, as before
        return True
    try:
        task.apply_async(args, retry=True, retry_policy=RETRY_POLICY)
    except (BrokerError, ConnectionError, TimeoutError, OSError):
        logger.warning("broker unavailable: %s%r kept for the sweeper", task.name, args,
                       exc_info=True)
        return False
    return True
