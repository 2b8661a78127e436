from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IpConfig(AppConfig):
    name = "ip"
    verbose_name = _("II-3 IP and social implementation")

    def ready(self) -> None:
        from agreements import contrib

        contrib.register(contrib.Chapter(
            identifier="II-3", app_label="ip", order=3, title=self.verbose_name,
        ))
