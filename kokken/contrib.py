"""What the core shows from the apps above it, without importing them.

Home panels and navigation are contributed by apps above the core (``agreements/`` owns the
chapter registry). The app that owns them hands the core its readers from
``AppConfig.ready()``; the core reads through here. With no provider, nothing is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_panels: list[Callable[[str], list]] = []
_nav_items: list[Callable[[], list]] = []


def provide(*, panels: Callable[[str], list] | None = None,
            nav_items: Callable[[], list] | None = None) -> None:
    """Called once by the owner of a registry: ``panels(audience)`` and ``nav_items()``."""
    if panels is not None and panels not in _panels:
        _panels.append(panels)
    if nav_items is not None and nav_items not in _nav_items:
        _nav_items.append(nav_items)


def panels(audience: str) -> list[Any]:
    """Dashboard panels for ``audience`` ("agency", "ministry", "secretariat")."""
    return [panel for source in _panels for panel in source(audience)]


def nav_items() -> list[Any]:
    return [item for source in _nav_items for item in source()]
