"""Second factor: TOTP (an authenticator app) with one-time recovery codes (django-otp).

Who must use one is decided in ``kokken.access.mfa_required``; an agency user who set
one up voluntarily is asked for it too. ``AccessMiddleware`` sends a signed-in user who
must but has not confirmed it in this session to the verify (or set-up) page.
"""

from __future__ import annotations

import base64
import binascii

import django_otp
import segno
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import access, audit
from .models import AuditEvent, User

RECOVERY_CODES = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"
# The session remembers that a user has no device and needs none (re-checked at sign-in).
SESSION_NO_DEVICE = "kokken_mfa_none"


def totp_device(user: User, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def has_device(user: User) -> bool:
    return django_otp.user_has_device(user, confirmed=True)


def must_verify(request) -> bool:
    """Must this signed-in request's user still confirm a second factor in this session?"""
    user = request.user
    if user.is_verified():
        return False
    if access.mfa_required(user):
        return True
    if request.session.get(SESSION_NO_DEVICE):
        return False
    if has_device(user):
        return True
    request.session[SESSION_NO_DEVICE] = True
    return False


def start_enrolment(user: User) -> TOTPDevice:
    """A new, unconfirmed TOTP device (a fresh secret each time the set-up page is opened
    without one pending)."""
    pending = totp_device(user, confirmed=False)
    if pending is not None:
        return pending
    return TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


@transaction.atomic
def confirm_enrolment(request, *, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the device with a first code; returns the new recovery codes, or None."""
    if not device.verify_token(_digits(code)):
        audit.record(AuditEvent.Action.MFA_FAILED, what="set-up code refused", succeeded=False)
        return None
    TOTPDevice.objects.filter(user=device.user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = new_recovery_codes(device.user)
    django_otp.login(request, device)
    request.session.pop(SESSION_NO_DEVICE, None)
    audit.record(AuditEvent.Action.MFA_ENROLLED, what="authenticator app")
    return codes


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes; each works once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def verify(request, code: str) -> bool:
    """Check a code from the app or a recovery code; on success the session is verified."""
    code = code.strip().replace(" ", "")
    device = django_otp.match_token(request.user, _digits(code) if code.isdigit() else code)
    if device is None:
        audit.record(AuditEvent.Action.MFA_FAILED, succeeded=False)
        return False
    django_otp.login(request, device)
    how = "recovery code" if isinstance(device, StaticDevice) else "authenticator app"
    audit.record(AuditEvent.Action.MFA_VERIFIED, what=how)
    return True


def _digits(code: str) -> str:
    return "".join(ch for ch in code if ch.isdigit())


def secret_of(device: TOTPDevice) -> str:
    """The base32 secret, as authenticator apps take it when typed in."""
    return base64.b32encode(device.bin_key).decode()


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as a QR code (SVG data URI: no external request, CSP-safe)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def demo_key(secret: str | None = None) -> str:
    """The demo TOTP key (hex, as django-otp stores it) from ``DEMO_TOTP_SECRET``."""
    secret = (secret or settings.DEMO_TOTP_SECRET).strip().upper().replace(" ", "")
    try:
        raw = base64.b32decode(secret + "=" * (-len(secret) % 8))
    except binascii.Error as exc:
        raise ValueError("DEMO_TOTP_SECRET is not valid base32") from exc
    return raw.hex()


def give_demo_device(user: User, secret: str | None = None) -> TOTPDevice:
    """Demo users who must use a second factor get a device with the known demo secret."""
    key = demo_key(secret)
    device = totp_device(user)
    if device is None:
        return TOTPDevice.objects.create(user=user, name=TOTP_NAME, key=key, confirmed=True)
    if device.key != key:
        device.key = key
        device.last_t = -1
        device.save(update_fields=["key", "last_t"])
    return device
