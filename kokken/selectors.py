"""Named reads of organisations, shared by pages, API and exports."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from . import access, reference
from .models import Agency, AgencyKind, Ministry, User

AGENCY_SORTS = {
    "code": "code",
    "-code": "-code",
    "abbr": "abbr",
    "-abbr": "-abbr",
    "name": "name_ja",
    "-name": "-name_ja",
}


def agency_list(*, user: User, sort: str = "abbr") -> QuerySet[Agency]:
    """The agencies ``user`` may see, sorted as a list page asks; the page filters them with
    ``kokken.filters.AgencyListFilter`` (their ministries: :func:`ministry_names`)."""
    qs = access.agencies(user)
    return qs.order_by(AGENCY_SORTS.get(sort, "abbr"), "code").distinct()


def ministry_names(agency_ids, request=None) -> dict[int, str]:
    """Each agency's supervising ministries, their names joined (in the ministries' order),
    from the organisations kept in the cache (kokken/reference.py): a prefetch was 1.7 ms of
    the secretariat home's CPU, then one query."""
    return reference.organisations(request).ministry_names(agency_ids)


def ministry_filter_choices(user: User, request=None) -> list[Ministry]:
    """Ministries that supervise at least one agency the user sees (kokken/reference.py: no
    query for a viewer who sees every agency)."""
    orgs = reference.organisations(request)
    if access.sees_every_agency(user):
        return orgs.supervising(orgs.supervisors)
    return orgs.supervising(access.agencies(user).values_list("pk", flat=True))


# --- Populations -----------------------------------------------------------------

@dataclass(frozen=True)
class Population:
    """Who a figure is about: how many 国研 and how many outside bodies."""

    kokken: int
    others: int

    @property
    def total(self) -> int:
        return self.kokken + self.others

    @property
    def label(self) -> str:
        """「24 国研」, or 「30 機関（国研 24・その他 6）」 when outside bodies take part."""
        if not self.others:
            return _("%(n)s national R&D agencies") % {"n": self.kokken}
        return _("%(total)s bodies (%(kokken)s national R&D agencies, %(others)s others)") % {
            "total": self.total, "kokken": self.kokken, "others": self.others}

    def __str__(self) -> str:
        return self.label


def population(agencies: QuerySet[Agency] | list[Agency]) -> Population:
    """The population of a set of agencies (one query): who ``population_members`` counts."""
    return population_members(agencies)[1]


def population_members(agencies: QuerySet[Agency] | list[Agency]) -> tuple[list[int], Population]:
    """A figure's reporting population: the ids of ``agencies`` (the denominator: who did not
    report stays in it) and who they are, as ``population`` counts them. One query, none when
    the caller already loaded the agencies (a panel that asks three indicators loads the
    year's agencies once)."""
    rows = ([(agency.pk, agency.kind) for agency in agencies] if isinstance(agencies, list)
            else agencies.order_by().values_list("pk", "kind"))
    kinds = dict(rows)  # one entry per agency, should a join have repeated one
    kokken = sum(1 for kind in kinds.values() if kind == AgencyKind.KOKKEN)
    return list(kinds), Population(kokken=kokken, others=len(kinds) - kokken)


def kokken_population(fiscal_year: int) -> Population:
    """The 国研 of a fiscal year: 27 up to FY2024, 26 from FY2025 (from the data)."""
    return population(Agency.objects.kokken_in(fiscal_year))
