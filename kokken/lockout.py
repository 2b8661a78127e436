"""Lockout that cannot be turned against a user.

django-axes locks a user name *from one address* (``AXES_LOCKOUT_PARAMETERS``): someone
failing five times from elsewhere cannot keep the owner out. While locked from an
address, the user's API tokens are refused from that address too. The owner is told
when their account was attacked; an administrator unlocks in the Django admin.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from . import audit
from .models import AuditEvent, User
from .notifications import notify


def is_locked(request, user: User) -> bool:
    """Is ``user`` locked out from the address of ``request``?"""
    if not settings.AXES_ENABLED:
        return False
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.is_locked(request, {"username": user.get_username()})


def unlock(*, user: User, by: User) -> None:
    """Clear the user's failed sign-ins from every address."""
    from axes.utils import reset

    reset(username=user.get_username())
    audit.record(AuditEvent.Action.UNLOCKED, user=by, what=f"{user.get_username()} unlocked")


def _locked_out(sender, request, username, ip_address, **kwargs):
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    if AuditEvent.objects.filter(action=AuditEvent.Action.LOCKED_OUT, username=username[:150],
                                 ip=ip_address, at__gte=since).exists():
        return  # told once per lockout, not at every refused attempt
    user = User.objects.filter(username=username).first()
    audit.record(AuditEvent.Action.LOCKED_OUT, user=user, username=username, request=request,
                 succeeded=False, what=f"{settings.AXES_FAILURE_LIMIT} failed sign-ins")
    if user is None:
        return
    with override("ja"):
        subject = _("Your account was the target of failed sign-ins")
        body = _("After %(n)d failed sign-ins from the address %(ip)s, sign-ins to your account "
                 "from that address are locked for %(minutes)d minutes. Sign-ins from other "
                 "addresses still work. If this was not you, tell the secretariat and change "
                 "your password.") % {
            "n": settings.AXES_FAILURE_LIMIT, "ip": ip_address or "?",
            "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)}
    notify(users=[user], subject=subject, body=body, url=reverse("password_change"))


def connect() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="kokken-locked-out")

