"""The audit trail: one ``record()`` for every event, with who, when, from where and what.

``AuditMiddleware`` remembers the current request (a context variable), so services
and models can record the address and the user without being handed the request.
Sign-ins, sign-outs and failed sign-ins are recorded from Django's signals, lockouts
from django-axes' signal.
"""

from __future__ import annotations

import functools
from contextvars import ContextVar

from django.contrib.auth import signals as auth_signals
from django.db import connection
from django.dispatch import receiver
from django.http import HttpRequest

from .models import AuditEvent

_request: ContextVar[HttpRequest | None] = ContextVar("kokken_audit_request", default=None)


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as django-axes sees it (so lockouts and the trail agree)."""
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or None


def current_request() -> HttpRequest | None:
    return _request.get()


def current_ip() -> str | None:
    return client_ip(_request.get())


class AuditMiddleware:
    """Makes the request known to ``record()`` for the time of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            response = self.get_response(request)
            if request.path.startswith("/api/"):
                _record_api(request, response)
            return response
        finally:
            _request.reset(token)


def _record_api(request: HttpRequest, response) -> None:
    """Every API request, reads included, with the token it used (its prefix, never the secret)."""
    from .models import ApiToken

    auth = getattr(request, "auth", None)
    via = f" token {auth.prefix}… (#{auth.pk})" if isinstance(auth, ApiToken) else ""
    record(AuditEvent.Action.API, what=f"{request.method} {response.status_code}{via}",
           succeeded=response.status_code < 400, request=request)


def record(action: str, *, user=None, username: str = "", what: str = "", agency=None,
           agency_id: int | None = None, succeeded: bool = True,
           request: HttpRequest | None = None) -> AuditEvent:
    """Append one event. ``user`` defaults to the request's signed-in user."""
    request = request or _request.get()
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if candidate is not None and candidate.is_authenticated:
            user = candidate
    if user is not None and not user.is_authenticated:
        user = None
    event = AuditEvent(
        action=action, user=user,
        username=(user.get_username() if user is not None else username)[:150],
        ip=client_ip(request), what=str(what)[:500],
        path=(request.get_full_path()[:300] if request is not None else ""),
        agency_id=agency.pk if agency is not None else agency_id, succeeded=succeeded)
    _insert(event)
    return event


_FIELDS = ("at", "user", "username", "ip", "action", "what", "path", "agency", "succeeded")


@functools.cache
def _insert_sql() -> tuple[tuple, str]:
    """The event's fields and its INSERT, built once per process: the ORM's save compiled it
    on every event, half an event's CPU (issue 18: the restricted lists record two per view,
    every agency page one)."""
    meta, quote = AuditEvent._meta, connection.ops.quote_name
    fields = tuple(meta.get_field(name) for name in _FIELDS)
    return fields, (f"INSERT INTO {quote(meta.db_table)} "
                    f"({', '.join(quote(field.column) for field in fields)}) "
                    f"VALUES ({', '.join(['%s'] * len(fields))}) "
                    f"RETURNING {quote(meta.pk.column)}")


def _insert(event: AuditEvent) -> None:
    """``event.save()`` (an append-only row: inserted once), with the statement built once."""
    fields, sql = _insert_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [field.get_db_prep_save(getattr(event, field.attname), connection)
                             for field in fields])
        event.pk = cursor.fetchone()[0]
    event._state.adding, event._state.db = False, connection.alias


def record_view(obj, *, agency_id: int | None = None) -> None:
    """A restricted record was shown (GET only: other methods are recorded as changes)."""
    request = _request.get()
    if request is None or request.method != "GET":
        return
    label = f"{obj._meta.verbose_name} #{obj.pk}" if hasattr(obj, "_meta") else str(obj)
    record(AuditEvent.Action.VIEW, what=label, agency_id=agency_id, request=request)


# --- Sign-ins ---------------------------------------------------------------------------------

@receiver(auth_signals.user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    record(AuditEvent.Action.SIGN_IN, user=user, request=request)


@receiver(auth_signals.user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(AuditEvent.Action.SIGN_OUT, user=user, request=request)


@receiver(auth_signals.user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    # Never the password: Django has already cleansed ``credentials``, and we keep the name only.
    username = str(credentials.get("username", ""))
    record(AuditEvent.Action.SIGN_IN_FAILED, username=username, request=request,
           succeeded=False, user=None)
