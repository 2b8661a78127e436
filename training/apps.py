from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def seed_demo(stdout) -> None:
    """II-2 demo data (imported only when ``manage.py seed_demo`` runs)."""
    from . import demo

    demo.seed(stdout=stdout)


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("II-2 Training")
    url_prefix = "training/"

    def ready(self) -> None:
        from agreements import contrib
        from kokken import contrib as core

        from . import contrib as training_contrib

        contrib.register(contrib.Chapter(
            identifier="II-2", app_label="training", order=2, title=self.verbose_name,
            url_name="training:catalogue",
        ))
        training_contrib.register()
        core.provide(demo=core.DemoSeeder(identifier="training", order=20, seed=seed_demo))
