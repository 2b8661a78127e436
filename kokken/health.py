"""Readiness checks for ``/readyz`` (django-health-check's checks plus two of ours).

``/healthz`` says only that the process answers. ``/readyz`` says whether it can do its
work: the database answers, files can be written, the broker answers and a worker listens
on every queue (when ``REDIS_URL`` is set; without it tasks run in-process), and the
Japanese fonts the PDF reports need are installed.

The answer names each check and says ``ok``, ``unavailable`` or ``not used``; never an
error text, a host name, a path or a version (the details go to the log).
"""

from __future__ import annotations

import dataclasses
import datetime
import logging

from django.conf import settings
from health_check.base import HealthCheck
from health_check.checks import Database, Storage
from health_check.contrib.celery import Ping
from health_check.exceptions import HealthCheckException, ServiceUnavailable

from . import pdf

logger = logging.getLogger(__name__)

OK, UNAVAILABLE, NOT_USED = "ok", "unavailable", "not used"


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker accepts a connection."""

    timeout: datetime.timedelta = dataclasses.field(
        default=datetime.timedelta(seconds=2), repr=False)

    def run(self) -> None:
        from .celery import app

        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, interval_start=0,
                                             timeout=self.timeout.total_seconds())
        except Exception as exc:
            raise ServiceUnavailable("broker unreachable") from exc


@dataclasses.dataclass
class JapaneseFonts(HealthCheck):
    """A Japanese font is installed (without one, reports are refused)."""

    def run(self) -> None:
        if not pdf.japanese_fonts():
            raise ServiceUnavailable("no Japanese font")


def _uses_broker() -> bool:
    from .celery import app

    return bool(settings.REDIS_URL) and not app.conf.task_always_eager


def _run(check: HealthCheck) -> str:
    try:
        check.run()
    except HealthCheckException:
        logger.warning("Readiness check %s failed", type(check).__name__, exc_info=True)
        return UNAVAILABLE
    except Exception:
        logger.exception("Readiness check %s failed unexpectedly", type(check).__name__)
        return UNAVAILABLE
    return OK


def readiness() -> dict[str, str]:
    """{check name: ok / unavailable / not used}, in a fixed order."""
    from .celery import app

    results = {"database": _run(Database()), "storage": _run(Storage())}
    if _uses_broker():
        results["broker"] = _run(Broker())
        # Ping also asks every worker which queues it consumes: each queue needs one.
        results["workers"] = (
            _run(Ping(app=app, timeout=datetime.timedelta(seconds=2)))
            if results["broker"] == OK else UNAVAILABLE)
    else:
        results["broker"] = results["workers"] = NOT_USED
    results["fonts"] = _run(JapaneseFonts())
    return results
