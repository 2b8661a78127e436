from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KokkenConfig(AppConfig):
    name = "kokken"
    verbose_name = _("Organisations and users")

    def ready(self) -> None:
        from . import audit, checks, lockout  # noqa: F401  (signal receivers; production checks)
        from . import logs

        lockout.connect()
        logs.connect()  # role, path, duration in the request line; task name in task lines
