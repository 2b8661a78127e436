"""Mass-download monitoring: downloads and exports counted per user in a sliding window.

Over ``MASS_DOWNLOAD_LIMIT`` within ``MASS_DOWNLOAD_WINDOW_SECONDS`` the secretariat and
the administrators are alerted (in-app and e-mail, links only) and the event enters the
audit trail. With ``MASS_DOWNLOAD_HOLD`` on, the user's further exports are refused until
an administrator releases them (Django admin → export holds).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import override

from . import access, audit
from .errors import ExportsHeld
from .models import AuditEvent, DataTransfer, ExportHold, User
from .notifications import notify

OUTGOING = (DataTransfer.Direction.EXPORT, DataTransfer.Direction.DOWNLOAD)


def is_held(user: User) -> bool:
    return ExportHold.objects.filter(user=user, released_at__isnull=True).exists()


def refuse_if_held(*, user: User, what: str) -> None:
    """Raise ``ExportsHeld`` (and record the refusal) while the user's exports are held."""
    if is_held(user):
        audit.record(AuditEvent.Action.EXPORT_REFUSED, user=user, what=what, succeeded=False)
        raise ExportsHeld()


def watch(*, user: User) -> None:
    """Called after each export or download of ``user``: alert once per window when over."""
    limit = settings.MASS_DOWNLOAD_LIMIT
    if limit <= 0:
        return
    since = timezone.now() - timedelta(seconds=settings.MASS_DOWNLOAD_WINDOW_SECONDS)
    count = DataTransfer.objects.filter(user=user, direction__in=OUTGOING, at__gte=since).count()
    if count <= limit:
        return
    if AuditEvent.objects.filter(user=user, action=AuditEvent.Action.MASS_DOWNLOAD,
                                 at__gte=since).exists():
        return  # already alerted within this window
    minutes = max(1, settings.MASS_DOWNLOAD_WINDOW_SECONDS // 60)
    audit.record(AuditEvent.Action.MASS_DOWNLOAD, user=user,
                 what=f"{count} downloads/exports within {minutes} min (limit {limit})")
    held = False
    if settings.MASS_DOWNLOAD_HOLD:
        try:
            with transaction.atomic():
                ExportHold.objects.create(user=user, reason=f"{count} in {minutes} min")
            held = True
            audit.record(AuditEvent.Action.EXPORTS_HELD, user=user, what=f"{count} in {minutes} min")
        except IntegrityError:
            pass  # already held
    _alert(user=user, count=count, minutes=minutes, held=held)


def _alert(*, user: User, count: int, minutes: int, held: bool) -> None:
    url = reverse("audit") + "?" + urlencode({"username": user.get_username()})
    with override("ja"):
        subject = _("Unusually many downloads by %(user)s") % {"user": user.get_username()}
        body = _("%(user)s downloaded or exported %(count)d files within %(minutes)d minutes. "
                 "Check the audit trail.") % {"user": user.get_username(), "count": count,
                                               "minutes": minutes}
        if held:
            body += "\n" + _("Their further exports are held until an administrator releases "
                             "them.")
    notify(users=access.security_officers(), subject=subject, body=body, url=url)


def release(*, hold: ExportHold, by: User) -> None:
    if hold.released_at is not None:
        return
    hold.released_at = timezone.now()
    hold.released_by = by
    hold.save(update_fields=["released_at", "released_by"])
    audit.record(AuditEvent.Action.EXPORTS_RELEASED, user=by,
                 what=f"exports of {hold.user.get_username()} released")
