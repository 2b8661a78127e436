from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def seed_demo(stdout) -> None:
    """II-1 demo registers (imported only when ``manage.py seed_demo`` runs)."""
    from . import demo

    demo.seed(stdout=stdout)


class HrConfig(AppConfig):
    name = "hr"
    verbose_name = _("II-1 Pay and personnel")
    url_prefix = "hr/"

    def ready(self) -> None:
        from agreements import contrib
        from kokken import contrib as core

        from . import contrib as hr_contrib

        contrib.register(contrib.Chapter(
            identifier="II-1", app_label="hr", order=1, title=self.verbose_name,
            url_name="hr:indicators",
        ))
        hr_contrib.register()
        # Before the follow-up rounds (order 100): their questionnaire restates these values.
        core.provide(demo=core.DemoSeeder(identifier="hr", order=10, seed=seed_demo))
