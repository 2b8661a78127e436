"""What the good-practice database contributes to the follow-up (agreements.contrib)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from agreements import contrib
from kokken.models import Role

EVERYONE = frozenset({Role.AGENCY_EDITOR, Role.AGENCY_APPROVER, Role.MINISTRY_REVIEWER,
                      Role.SECRETARIAT})


def register() -> None:
    contrib.register(contrib.NavItem(
        identifier="practices.search", order=90, label=_("Good practices"),
        url_name="practices:search", roles=EVERYONE))
