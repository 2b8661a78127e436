"""Production refuses unsafe settings: our own system checks (kokken.E001 …)."""

import os

from django.conf import settings
from django.core.checks import Error, Tags, register


@register()
def production_settings(app_configs, **kwargs):
    if not settings.PRODUCTION:
        return []
    errors = []
    if settings.DEBUG:
        errors.append(Error("DEBUG is on in production.", hint="Unset DEBUG (or set DEBUG=0).",
                            id="kokken.E001"))
    if settings.SECRET_KEY == settings.DEFAULT_SECRET_KEY or len(settings.SECRET_KEY) < 50:
        errors.append(Error("SECRET_KEY is the development default or too short.",
                            hint="Set SECRET_KEY to a random string of at least 50 characters.",
                            id="kokken.E002"))
    if not settings.ALLOWED_HOSTS:
        errors.append(Error("ALLOWED_HOSTS is empty.",
                            hint="Set ALLOWED_HOSTS to the comma-separated host names served.",
                            id="kokken.E003"))
    if settings.DEMO_MODE:
        errors.append(Error("Demo mode is on in production.", hint="Unset KOKKEN_DEMO.",
                            id="kokken.E004"))
    if os.environ.get("DEMO_TOTP_SECRET"):
        errors.append(Error("DEMO_TOTP_SECRET is set in production.",
                            hint="Unset DEMO_TOTP_SECRET: it is the published demo secret.",
                            id="kokken.E005"))
    return errors


@register(Tags.database)
def no_demo_second_factor_in_production(app_configs, databases=None, **kwargs):
    """No authenticator in a production database carries the published demo secret."""
    if not settings.PRODUCTION or not databases:
        return []
    from django.db import DatabaseError
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .mfa import demo_key

    try:
        found = TOTPDevice.objects.filter(key=demo_key()).exists()
    except DatabaseError:
        return []
    if not found:
        return []
    return [Error("An authenticator device uses the demo TOTP secret.",
                  hint="Delete those devices in the admin (OTP → TOTP devices) and set them "
                       "up again.", id="kokken.E006")]
