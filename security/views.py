"""II-4 pages: the register pages come from the kit (registers.py); these lend it the context."""

from __future__ import annotations

from kokken import access, wareki
from kokken.access import Perm

from . import selectors


def _year(request) -> int:
    return selectors.parse_year(request.GET.get("fy"), wareki.fiscal_year())


def _base(request, agency, fiscal_year, **extra) -> dict:
    return {"agency": agency, "fiscal_year": fiscal_year,
            "years": selectors.year_choices(current=fiscal_year),
            "can_edit": access.can(request.user, Perm.APPROVE, agency), **extra}
