from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HrConfig(AppConfig):
    name = "hr"
    verbose_name = _("II-1 Pay and personnel")
    url_prefix = "hr/"

    def ready(self) -> None:
        from agreements import contrib

        from . import contrib as hr_contrib

        contrib.register(contrib.Chapter(
            identifier="II-1", app_label="hr", order=1, title=self.verbose_name,
            url_name="hr:indicators",
        ))
        hr_contrib.register()
