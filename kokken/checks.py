"""Production refuses unsafe settings: our own system checks (kokken.E001 …)."""

from django.conf import settings
from django.core.checks import Error, register


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
    return errors
