import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kokken.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402

if settings.PRODUCTION:
    # Refuse to serve with unsafe settings: the same checks as `manage.py check --deploy`.
    from django.core.management import call_command  # noqa: E402

    call_command("check", deploy=True, fail_level="ERROR")
