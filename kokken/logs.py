"""Structured logs (django-structlog): one line per request, one line per task.

Production (``LOG_FORMAT=json``, the default with ``DJANGO_ENV=production``) writes one
JSON object per line on stderr, for the container's log driver:

* per request, ``request_finished``: ``request_id``, ``user_id`` (the primary key, never a
  name), ``role``, ``method``, ``path``, ``status``, ``duration_ms``;
* per task, ``task_succeeded`` / ``task_failed`` / ``task_retrying``: ``task``, ``task_id``,
  ``duration_ms``, ``outcome``, and the ``request_id`` of the request that queued it
  (django-structlog carries it in the message headers).

Development keeps the console readable: ``LOG_FORMAT=console`` renders the same events
as ``key=value`` text, and request lines are left to ``runserver``.
"""

from __future__ import annotations

import contextvars
import re
import time

import structlog

# The request id of the request being served, kept apart from structlog's context:
# a task run in-process (no broker) clears that context when it starts.
_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "kokken_request_id", default=None)

OUTCOMES = {"task_succeeded": "succeeded", "task_failed": "failed",
            "task_retrying": "retry", "task_revoked": "revoked", "task_rejected": "rejected",
            "task_not_found": "unknown"}

# Secrets that travel in URLs: the password-reset link carries a token.
_SECRET_PATHS = [(re.compile(r"(/password/reset/)[^/]+/[^/]+/"), r"\1…/…/")]


def redact_path(path: str) -> str:
    for pattern, replacement in _SECRET_PATHS:
        path = pattern.sub(replacement, path)
    return path


def redact(logger, method_name, event_dict):
    """No password-reset token in the log, whichever line carries the URL."""
    for key in ("request", "path", "event"):
        value = event_dict.get(key)
        if isinstance(value, str) and "/password/reset/" in value:
            event_dict[key] = redact_path(value)
    return event_dict


def add_outcome(logger, method_name, event_dict):
    """Task lines say how the task ended in one word."""
    outcome = OUTCOMES.get(event_dict.get("event"))
    if outcome:
        event_dict.setdefault("outcome", outcome)
    return event_dict


def shared_processors() -> list:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        add_outcome,
        redact,
    ]


def configure_structlog() -> None:
    structlog.configure(
        processors=[
            *shared_processors(),
            structlog.stdlib.filter_by_level,
            structlog.processors.StackInfoRenderer(),
            structlog.processors.format_exc_info,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def logging_config(*, json: bool, level: str, request_level: str) -> dict:
    """The LOGGING setting: every logger (Django's, Celery's, ours) through one formatter."""
    renderer = (structlog.processors.JSONRenderer(ensure_ascii=False) if json
                else structlog.dev.ConsoleRenderer(colors=False))
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structured": {
                "()": "structlog.stdlib.ProcessorFormatter",
                "processors": [
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info,
                    renderer,
                ],
                "foreign_pre_chain": shared_processors(),
            },
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # request_finished at INFO, 4xx at WARNING, 5xx at ERROR.
            "django_structlog.middlewares.request": {"level": request_level},
            # Celery's own "Task … succeeded" line would repeat task_succeeded.
            "celery.app.trace": {"level": "WARNING"},
            # django-structlog logs every 4xx/5xx itself (request_finished / request_failed,
            # with the request id and the traceback): Django's own lines would repeat them.
            "django.request": {"level": "CRITICAL"},
        },
    }


# --- Signal receivers (connected in KokkenConfig.ready) ------------------------------------

def on_request_started(sender, request, logger, log_kwargs, **kwargs):
    request._kokken_started = time.monotonic()
    context = structlog.contextvars.get_contextvars()
    _request_id.set(context.get("request_id"))
    log_kwargs.pop("user_agent", None)


def on_request_finished(sender, request, logger, response, log_kwargs, **kwargs):
    user = getattr(request, "user", None)
    authenticated = bool(user is not None and user.is_authenticated)
    log_kwargs.pop("code", None)
    log_kwargs.pop("request", None)  # "GET /path?query": the query may hold anything
    log_kwargs.update(
        method=request.method,
        path=redact_path(request.path),
        status=response.status_code,
        role=(user.role or None) if authenticated else None,
        duration_ms=round((time.monotonic() - getattr(request, "_kokken_started",
                                                       time.monotonic())) * 1000, 1),
    )
    request_id = _request_id.get()
    if request_id and "request_id" not in structlog.contextvars.get_contextvars():
        # An in-process task cleared the context: the line still names its request.
        log_kwargs["request_id"] = request_id
    if authenticated and "user_id" not in structlog.contextvars.get_contextvars():
        log_kwargs["user_id"] = user.pk


def on_task_started(sender, task, logger, **kwargs):
    bound = {"task": task.name}
    request_id = _request_id.get()
    if task.request.is_eager and request_id and \
            "request_id" not in structlog.contextvars.get_contextvars():
        bound["request_id"] = request_id  # in-process: no message headers to carry it
    structlog.contextvars.bind_contextvars(**bound)


def connect() -> None:
    from django_structlog import signals
    from django_structlog.celery import signals as celery_signals

    signals.bind_extra_request_metadata.connect(on_request_started, weak=False)
    signals.bind_extra_request_finished_metadata.connect(on_request_finished, weak=False)
    celery_signals.bind_extra_task_metadata.connect(on_task_started, weak=False)
