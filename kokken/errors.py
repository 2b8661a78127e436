"""Domain errors: raised by services, translated once by pages and the API.

Each carries a stable ``code`` and a message that is already translatable.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _


def error_body(code: str, message: Any, fields: dict | None = None,
               details: dict | None = None) -> dict:
    """The API's one JSON error shape; the core uses it too (refused input under /api/)."""
    return {"error": {"code": code, "message": str(message), "fields": fields or {},
                      "details": details or {}}}


class DomainError(Exception):
    code = "domain_error"
    status = 400
    default_message = _("The request could not be carried out.")

    def __init__(self, message=None, *, details=None):
        self.message = message or self.default_message
        self.details = details or {}
        super().__init__(str(self.message))


class ValidationFailed(DomainError):
    """``details`` maps a field (question code) to its messages."""

    code = "validation_failed"
    status = 400
    default_message = _("Some entries are not valid.")


class StaleEdit(DomainError):
    """Someone else changed the thing since it was loaded. ``details['changes']`` lists what."""

    code = "stale_edit"
    status = 409
    default_message = _("Someone else changed this sheet after you opened it. Your change was not saved.")


class TransitionNotAllowed(DomainError):
    code = "transition_not_allowed"
    status = 403
    default_message = _("This action is not allowed in the sheet's current state or for your role.")


class ExportsHeld(DomainError):
    """The user's exports and downloads are held after a mass-download alert."""

    code = "exports_held"
    status = 403
    default_message = _("Your downloads and exports are on hold after an unusually large number "
                        "of them in a short time. An administrator must release them; the "
                        "secretariat has been told.")


def database_gone(exc: BaseException | None) -> bool:
    """The exception (or one it was raised while handling) is a lost or refused database
    connection."""
    from django import db

    while exc is not None:
        if isinstance(exc, db.OperationalError | db.InterfaceError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def try_again(request):
    """503 with Retry-After: the database is briefly away (kokken.errors.server_error)."""
    from django.http import HttpResponse, JsonResponse
    from django.template import loader

    if request.path.startswith("/api/"):
        response = JsonResponse({"code": "database_unavailable",
                                 "detail": "The database is briefly unavailable. Try again "
                                           "in a moment. / データベースに一時的に接続できません。"
                                           "しばらくしてから、もう一度お試しください。"},
                                status=503, json_dumps_params={"ensure_ascii": False})
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = "30"
    return response


def server_error(request):
    """``handler500``: a database that went away (restarted, failed over, a dropped
    connection) is a moment's outage, not a bug: answer 503 "try again" with Retry-After
    instead of the error page. Django closes the broken connection after the request and
    the next one reconnects (``CONN_HEALTH_CHECKS``), so the app recovers by itself; the
    request's transaction was rolled back by the database, so nothing is half written.

    Rendered without the request's context (no session, no user, no query), like
    Django's own 500 page, because the database is what failed.
    """
    import sys

    from django.views.defaults import server_error as django_server_error

    if database_gone(sys.exc_info()[1]):
        return try_again(request)
    return django_server_error(request)


def bad_request(request, exception):
    """``handler400``: the session could not be saved because the database went away at
    the end of the request (Django's SessionInterrupted) is the same outage: try again."""
    from django.views.defaults import bad_request as django_bad_request

    if database_gone(exception):
        return try_again(request)
    return django_bad_request(request, exception)
