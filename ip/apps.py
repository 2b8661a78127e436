from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def seed_demo(stdout) -> None:
    """II-3 demo data (imported only when ``manage.py seed_demo`` runs)."""
    from . import demo

    demo.seed(stdout=stdout)


class IpConfig(AppConfig):
    name = "ip"
    verbose_name = _("II-3 IP and social implementation")
    url_prefix = "ip/"

    def ready(self) -> None:
        from agreements import contrib
        from kokken import contrib as core

        from . import contrib as ip_contrib

        contrib.register(contrib.Chapter(
            identifier="II-3", app_label="ip", order=3, title=self.verbose_name,
            url_name="ip:indicators",
        ))
        ip_contrib.register()
        core.provide(demo=core.DemoSeeder(identifier="ip", order=30, seed=seed_demo))
