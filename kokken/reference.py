"""The ministries and which of them supervise each agency, read from the cache (issue 18's
seventh pass).

They change a few times a year, yet pages read them on every request: the ministries of an
aggregate's filter, the supervising ministries beside each agency of a home's list, a
ministry's bureaus. Each of those queries was 1 to 1.5 ms of a worker's CPU on the benchmark
machine. They are kept under the organisations' token (kokken/signed_in.py), which every
change of an agency, ministry, bureau or supervision link replaces: one query when not kept.
Who may see which agency is not decided here: callers pass the agencies they were given by
kokken/access.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import signed_in

_KEY = "kokken:reference:organisations"
_BUREAUS = "kokken:reference:bureaus:"


@dataclass(frozen=True)
class Organisations:
    ministries: tuple            # every Ministry, in their order
    supervisors: dict            # agency id → ids of its supervising ministries, in order

    def ministry_names(self, agency_ids) -> dict[int, str]:
        """Each agency's supervising ministries, their names joined in the ministries'
        order (in the active language)."""
        by_id = {m.pk: m for m in self.ministries}
        return {pk: "、".join(str(by_id[m].name) for m in self.supervisors[pk])
                for pk in agency_ids if self.supervisors.get(pk)}

    def ministries_of(self, agency_id) -> list:
        """The ministries supervising the agency, in order."""
        by_id = {m.pk: m for m in self.ministries}
        return [by_id[m] for m in self.supervisors.get(agency_id, ())]

    def supervising(self, agency_ids) -> list:
        """The ministries that supervise at least one of ``agency_ids``, in order."""
        wanted = {m for pk in agency_ids for m in self.supervisors.get(pk, ())}
        return [m for m in self.ministries if m.pk in wanted]


def _load() -> Organisations:
    from django.db.models import F

    from .models import Ministry

    ministries: dict[int, Ministry] = {}
    supervisors: dict[int, list[int]] = {}
    # One row per ministry and agency it supervises (a ministry without any: one row, None).
    for row in Ministry.objects.annotate(agency_id=F("agencies")).order_by("order", "code"):
        ministries.setdefault(row.pk, row)
        if row.agency_id is not None:
            supervisors.setdefault(row.agency_id, []).append(row.pk)
    for ministry in ministries.values():
        del ministry.agency_id
    return Organisations(ministries=tuple(ministries.values()),
                         supervisors={pk: tuple(ids) for pk, ids in supervisors.items()})


def organisations(request=None) -> Organisations:
    """The organisations as they are now: one cache read (kept on ``request``)."""
    memo = getattr(request, "_kokken_organisations", None)
    if memo is None:
        memo = signed_in.kept(_KEY, [signed_in.ORGS_TOKEN], _load)
        if request is not None:
            request._kokken_organisations = memo
    return memo


def bureaus(ministry) -> tuple:
    """The ministry's bureaus, in order (a ministry's home lists them)."""
    return signed_in.kept(f"{_BUREAUS}{ministry.pk}", [signed_in.ORGS_TOKEN],
                          lambda: tuple(ministry.bureaus.order_by("order", "pk")))
