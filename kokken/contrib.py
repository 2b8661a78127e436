"""What the core shows from the apps above it, without importing them.

Home panels and navigation are contributed by apps above the core (``agreements/`` owns the
chapter registry). The app that owns them hands the core its readers from
``AppConfig.ready()``; the core reads through here. With no provider, nothing is shown.
Demo data arrives the same way: each app provides a ``DemoSeeder`` and ``manage.py seed_demo``
runs them in their declared order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

_panels: list[Callable[[str], list]] = []
_nav_items: list[Callable[[], list]] = []
_demo: dict[str, DemoSeeder] = {}


@dataclass(frozen=True)
class DemoSeeder:
    """One app's demo data: ``seed(stdout)`` runs inside ``seed_demo``'s transaction, after the
    demo users exist, in ``order`` (lower first: chapter registers before the follow-up rounds
    that restate their values). It must be idempotent and mark its text as demo."""

    identifier: str
    order: int
    seed: Callable[[Any], Any]


def provide(*, panels: Callable[[str], list] | None = None,
            nav_items: Callable[[], list] | None = None,
            demo: DemoSeeder | None = None) -> None:
    """Called from an app's ``ready()``: a registry owner's ``panels(audience)`` and
    ``nav_items()``; any app's ``demo`` seeder (one identifier once, or start-up fails)."""
    if panels is not None and panels not in _panels:
        _panels.append(panels)
    if nav_items is not None and nav_items not in _nav_items:
        _nav_items.append(nav_items)
    if demo is not None:
        known = _demo.get(demo.identifier)
        if known is not None and known != demo:
            raise ImproperlyConfigured(f"Two demo seeders named {demo.identifier!r}")
        _demo[demo.identifier] = demo


def demo_seeders() -> list[DemoSeeder]:
    """The provided demo seeders in the order they run."""
    return sorted(_demo.values(), key=lambda s: (s.order, s.identifier))


def panels(audience: str) -> list[Any]:
    """Dashboard panels for ``audience`` ("agency", "ministry", "secretariat")."""
    return [panel for source in _panels for panel in source(audience)]


def nav_items() -> list[Any]:
    return [item for source in _nav_items for item in source()]
