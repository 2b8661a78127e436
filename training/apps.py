from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("II-2 Training")

    def ready(self) -> None:
        from agreements import contrib

        contrib.register(contrib.Chapter(
            identifier="II-2", app_label="training", order=2, title=self.verbose_name,
        ))
