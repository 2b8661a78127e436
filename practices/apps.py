"""The good-practice database (好事例データベース) and cross-agency sharing (横展開), issue 16.

Placement: an app of its own above ``agreements/`` and ``kokken/`` (like a chapter app),
not inside ``agreements/``: practices belong to every chapter, are one register built on the
chapter kit (list, form, Excel, API, history), and reach the follow-up only through the
registries (``agreements.contrib``: navigation, a panel, and the related practices shown
beside each question of a response sheet), so ``agreements/`` needs no knowledge of them.

The council of agencies (国研協) is a flag on users (``User.council_member``), not a role:
its members are staff of the agencies (or the secretariat) and keep their own role's
rights; the flag adds curation across agencies (``kokken.access.curates_practices``).
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def seed_demo(stdout) -> None:
    """Good-practice demo data (imported only when ``manage.py seed_demo`` runs)."""
    from . import demo

    demo.seed(stdout=stdout)


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Good practices")
    url_prefix = "practices/"

    def ready(self) -> None:
        from kokken import contrib as core

        from . import contrib

        contrib.register()
        core.provide(demo=core.DemoSeeder(identifier="practices", order=50, seed=seed_demo))
