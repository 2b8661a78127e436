"""One JSON shape for every API error, in the language of ``Accept-Language``.

    {"error": {"code": "not_found", "message": "…", "fields": {…}, "details": {…}}}

``code`` is stable; ``message`` is translated (LocaleMiddleware has activated the
request's language); ``fields`` maps a field (a question code, ``comment``…) to
its messages; ``details`` helps the client recover (e.g. what changed meanwhile).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from kokken.errors import DomainError, ValidationFailed, error_body


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, DomainError):
        fields = _flatten(exc.details) if isinstance(exc, ValidationFailed) else {}
        details = {} if isinstance(exc, ValidationFailed) else exc.details
        return Response(error_body(exc.code, exc.message, fields, details), status=exc.status)
    # Django's own exceptions carry messages (model names, lookups) a client must not see.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a server error: Django's 500 handling (and logging) takes over
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        body = error_body("invalid", _("Some values are not valid."), _flatten(detail))
    else:
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        body = error_body(code if isinstance(code, str) else "error", exc.detail)
    response.data = body
    return response

def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """Nested serializer errors → {"answers.Q1": ["…"]}."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for k, v in _flatten(value, name).items():
                out.setdefault(k, []).extend(v)
    elif isinstance(detail, (list, tuple)):
        if all(not isinstance(item, (dict, list, tuple)) for item in detail):
            out.setdefault(prefix or "non_field_errors", []).extend(str(m) for m in detail)
        else:
            for index, item in enumerate(detail):
                name = f"{prefix}.{index}" if prefix else str(index)
                for k, v in _flatten(item, name).items():
                    out.setdefault(k, []).extend(v)
    elif detail is not None:
        out.setdefault(prefix or "non_field_errors", []).append(str(detail))
    return out
