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
