"""Signed-in sessions for the benchmarks: a Django test client, or a cookie for wrk.

Users who need a second factor get their confirmed TOTP device recorded in the session,
as django_otp.login() does after a code was accepted (the benchmark measures pages, not
the sign-in).
"""

from django.test import Client

from kokken import mfa
from kokken.models import User


def signed_in(username: str, backend: str | None = None) -> Client:
    """A client signed in as ``username``, through ``backend`` (default: Django's choice,
    the first of AUTHENTICATION_BACKENDS that can load a user)."""
    client = Client()
    user = User.objects.get(username=username)
    client.force_login(user, backend)
    device = mfa.totp_device(user)
    if device is not None:
        from django_otp import DEVICE_ID_SESSION_KEY

        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def session_cookie(username: str, backend: str | None = None) -> str:
    """'sessionid=…' for a Cookie header."""
    from django.conf import settings

    client = signed_in(username, backend)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
