"""Good-practice demo data: the examples the agreement names, published (loaded from
fixtures/practices/agreement-examples.json)."""

from __future__ import annotations


def seed(stdout=None) -> None:
    from . import services

    services.examples_load()
