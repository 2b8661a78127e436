from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KokkenConfig(AppConfig):
    name = "kokken"
    verbose_name = _("Organisations and users")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the production checks)
        from . import logs

        logs.connect()  # role, path, duration in the request line; task name in task lines
