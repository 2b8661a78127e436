from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def seed_demo(stdout) -> None:
    """The demo follow-up rounds (imported only when ``manage.py seed_demo`` runs)."""
    from . import demo

    demo.seed(stdout=stdout)


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreement follow-up")
    url_prefix = ""  # rounds/, sheets/, evidence/, reviews/

    def ready(self) -> None:
        from kokken import contrib as core

        from . import government_report, panels
        from .contrib import registry

        self._connect_rounds_token()
        panels.register()
        government_report.register()
        # The core's home pages and navigation read the chapter registry through kokken.contrib.
        core.provide(panels=registry.panels, nav_items=registry.nav_items)
        # After every chapter's registers (orders below 100): the rounds restate their values.
        core.provide(demo=core.DemoSeeder(identifier="agreements", order=100, seed=seed_demo))

    @staticmethod
    def _connect_rounds_token() -> None:
        """What is kept of the rounds goes when a round, its targets or a question change
        (agreements.selectors.ROUNDS_TOKEN)."""
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from . import selectors
        from .models import Question, Round

        for signal in (post_save, post_delete):
            for model in (Round, Question):
                signal.connect(selectors.rounds_changed, sender=model,
                               dispatch_uid=f"rounds_token.{model.__name__}")
        m2m_changed.connect(selectors.rounds_changed, sender=Round.targets.through,
                            dispatch_uid="rounds_token.targets")
