from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def seed_demo(stdout) -> None:
    """II-4 demo data (imported only when ``manage.py seed_demo`` runs)."""
    from . import demo

    demo.seed(stdout=stdout)


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = _("II-4 Research security and integrity")
    url_prefix = "security/"

    def ready(self) -> None:
        from agreements import contrib

        contrib.register(contrib.Chapter(
            identifier="II-4", app_label="security", order=4, title=self.verbose_name,
            url_name="security:integrity",
        ))
        from . import contrib as security_contrib

        security_contrib.register()
        from kokken import contrib as core

        core.provide(demo=core.DemoSeeder(identifier="security", order=40, seed=seed_demo))
