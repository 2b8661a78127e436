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
        self._connect_signed_in()
        logs.connect()  # role, path, duration in the request line; task name in task lines

    @staticmethod
    def _connect_signed_in() -> None:
        """The signed-in user and device, and the organisations, kept in the cache go when
        they change (kokken/signed_in.py, kokken/reference.py)."""
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from . import signed_in
        from .models import Agency, Bureau, Ministry, User

        for signal in (post_save, post_delete):
            signal.connect(signed_in.user_changed, sender=User, dispatch_uid="signed_in.user")
            for model in (TOTPDevice, StaticDevice):
                signal.connect(signed_in.device_changed, sender=model,
                               dispatch_uid=f"signed_in.{model.__name__}")
            for model in (Agency, Ministry, Bureau):
                signal.connect(signed_in.organisation_changed, sender=model,
                               dispatch_uid=f"signed_in.{model.__name__}")
        m2m_changed.connect(signed_in.organisation_changed, sender=Agency.ministries.through,
                            dispatch_uid="signed_in.supervision")
