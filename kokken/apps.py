from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KokkenConfig(AppConfig):
    name = "kokken"
    verbose_name = _("Organisations and users")

    def ready(self) -> None:
        from django.core.signals import request_finished
        from simple_history.signals import post_create_historical_record

        from . import audit, checks, figures, lockout, logs  # noqa: F401  (signal receivers; production checks)

        lockout.connect()
        # A register's write makes the figures read from it out of date (kokken/figures.py).
        post_create_historical_record.connect(figures.on_history_record,
                                              dispatch_uid="kokken.figures")
        request_finished.connect(figures.settle, dispatch_uid="kokken.figures.settle")
        logs.connect()  # role, path, duration in the request line; task name in task lines
