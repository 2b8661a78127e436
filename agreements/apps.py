from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreement follow-up")

    def ready(self) -> None:
        from . import government_report, panels

        panels.register()
        government_report.register()
