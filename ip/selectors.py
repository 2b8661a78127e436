"""Reads of the II-3 registers and the indicators the agreement asks for.

Every indicator is computed in one function here, which the pages, the home panels, the
annual PDF and the Excel export all call; each runs a fixed number of queries, whatever the
number of agencies, cases, startups or years.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Aggregate, Count, F, FloatField, Func, Q
from django.utils.translation import gettext_lazy as _

from agreements.contrib import IndicatorValue
from kokken import wareki
from kokken.models import Agency
from kokken.records import record_of  # noqa: F401 (the chapter's records load with it)
from kokken.selectors import Population
from kokken.selectors import population_members as _population

from .models import CoiCase, CoiRules, Decision, IpManagement, Startup

FIRST_YEAR = 2020
COORDINATED = "ip.coi_coordinated"
MEDIAN_DAYS = "ip.coi_median_days"
P90_DAYS = "ip.coi_p90_days"
CONTINUED = "ip.coi_continued_with_mitigation"
STARTUPS = "ip.startups"
LICENCE_INCOME = "ip.licence_income"
TREND_YEARS = 5

CASE_SORTS = {
    "received": ("received_on", "id"), "-received": ("-received_on", "-id"),
    "type": ("case_type", "received_on", "id"), "-type": ("-case_type", "received_on", "id"),
    "decision": ("decision", "received_on", "id"),
    "-decision": ("-decision", "received_on", "id"),
    "decided": ("decided_on", "id"), "-decided": ("-decided_on", "-id"),
}
STARTUP_SORTS = {
    "name": ("name", "id"), "-name": ("-name", "-id"),
    "founded": ("founded", "name", "id"), "-founded": ("-founded", "name", "id"),
    "sector": ("sector", "name", "id"), "-sector": ("-sector", "name", "id"),
}


def parse_year(value, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if FIRST_YEAR <= year <= wareki.fiscal_year() + 1 else default


def year_choices(current: int | None = None) -> list[int]:
    this = wareki.fiscal_year()
    years = set(range(max(FIRST_YEAR, this - 4), this + 2))
    if current is not None:
        years.add(current)
    return sorted(years, reverse=True)


# --- Days from receipt to decision, in the database ---------------------------------------

class Days(Func):
    """decided_on − received_on in days (PostgreSQL: date − date is an integer)."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = FloatField()

    def __init__(self, **extra):
        super().__init__(F("decided_on"), F("received_on"), **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(julianday(%(expressions)s))",
                           arg_joiner=") - julianday(", **extra)


class Percentile(Aggregate):
    """PERCENTILE_CONT(fraction) WITHIN GROUP (ORDER BY …): PostgreSQL's continuous
    percentile (linear interpolation between the two nearest values)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        if not 0 <= float(fraction) <= 1:
            raise ValueError("fraction must lie between 0 and 1")
        super().__init__(expression, fraction=repr(float(fraction)), **extra)


def percentile(values: list[float], fraction: float) -> float | None:
    """PERCENTILE_CONT in Python (the same interpolation), for databases without it."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class Speed:
    """Days from receipt to decision of the year's decided cases: overall and per agency."""

    median: float | None = None
    p90: float | None = None
    decided: int = 0
    pending: int = 0
    per_agency: dict[int, tuple[float | None, float | None, int]] = field(default_factory=dict)


def decision_speed(*, fiscal_year: int, agencies: list[int]) -> Speed:
    """Median and 90th percentile of the days from a case's receipt to its decision, over the
    cases received in the fiscal year and decided; per agency and overall. On PostgreSQL the
    percentiles are computed in the database (two queries); elsewhere one ordered query."""
    cases = CoiCase.objects.filter(fiscal_year=fiscal_year, agency_id__in=agencies).order_by()
    decided = cases.filter(decided_on__isnull=False)
    pending = cases.filter(decided_on__isnull=True)
    speed = Speed()
    if connection.vendor == "postgresql":
        rows = list(decided.values("agency_id").annotate(
            median=Percentile(Days(), 0.5), p90=Percentile(Days(), 0.9), n=Count("pk")))
        overall = cases.aggregate(
            median=Percentile(Days(), 0.5, filter=Q(decided_on__isnull=False)),
            p90=Percentile(Days(), 0.9, filter=Q(decided_on__isnull=False)),
            n=Count("pk", filter=Q(decided_on__isnull=False)),
            pending=Count("pk", filter=Q(decided_on__isnull=True)))
        speed.median, speed.p90 = overall["median"], overall["p90"]
        speed.decided, speed.pending = overall["n"], overall["pending"]
        speed.per_agency = {r["agency_id"]: (r["median"], r["p90"], r["n"]) for r in rows}
    else:
        days: dict[int, list[float]] = {}
        for agency_id, value in decided.values_list("agency_id", Days()):
            days.setdefault(agency_id, []).append(float(value))
        every = [d for values in days.values() for d in values]
        speed.median, speed.p90 = percentile(every, 0.5), percentile(every, 0.9)
        speed.decided, speed.pending = len(every), pending.count()
        speed.per_agency = {pk: (percentile(v, 0.5), percentile(v, 0.9), len(v))
                            for pk, v in days.items()}
    return speed


# --- Indicators -----------------------------------------------------------------------

def _share(n: int, d: int) -> float | None:
    return round(100 * n / d, 1) if d else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def coordinated_share(*, fiscal_year: int, agencies) -> IndicatorValue:
    """Agencies whose COI/COC rules are coordinated in advance with funders and partner
    institutions (line 377); agencies without a rules record stay in the denominator and are
    shown apart. Breakdown: shares with rules, covering startups, published, disclosing the
    committee's decisions. Two queries (one with a loaded population)."""
    ids, who = _population(agencies)
    rows = list(CoiRules.objects.filter(fiscal_year=fiscal_year, agency_id__in=ids)
                .values("agency_id", "exists", "covers_startups", "published", "coordinated",
                        "discloses_decisions"))
    numerator = sum(1 for row in rows if row["coordinated"])
    d = len(ids)
    return IndicatorValue(
        value=_share(numerator, d), numerator=numerator, denominator=d,
        per_agency={row["agency_id"]: 100.0 if row["coordinated"] else 0.0 for row in rows},
        breakdown=[(label, _share(sum(1 for row in rows if row[name]), d)) for name, label in (
            ("exists", _("COI/COC rules exist")),
            ("covers_startups", _("Cover startups and officer roles")),
            ("published", _("Rules published")),
            ("discloses_decisions", _("Require disclosure of committee decisions")))],
        population=who.label, not_reported=d - len(rows))


def _days_value(speed: Speed, which: int, who: Population, d: int) -> IndicatorValue:
    value = speed.median if which == 0 else speed.p90
    return IndicatorValue(
        value=_round(value), numerator=speed.decided, denominator=None,
        per_agency={pk: _round(v[which]) for pk, v in speed.per_agency.items()},
        breakdown=[(_("Median (days)"), _round(speed.median)),
                   (_("90th percentile (days)"), _round(speed.p90)),
                   (_("Cases decided"), speed.decided), (_("Cases pending"), speed.pending)],
        population=who.label, not_reported=d - len(speed.per_agency))


def median_days(*, fiscal_year: int, agencies) -> IndicatorValue:
    """Median days from a COI/COC case's receipt to its decision (line 349: 予見性, 迅速)."""
    ids, who = _population(agencies)
    return _days_value(decision_speed(fiscal_year=fiscal_year, agencies=ids), 0, who, len(ids))


def p90_days(*, fiscal_year: int, agencies) -> IndicatorValue:
    """90th percentile of the days from a COI/COC case's receipt to its decision."""
    ids, who = _population(agencies)
    return _days_value(decision_speed(fiscal_year=fiscal_year, agencies=ids), 1, who, len(ids))


def continued_with_mitigation(*, fiscal_year: int, agencies) -> IndicatorValue:
    """Of the cases received in the year and decided, the share approved with mitigation
    whose collaboration continued (the second problem case, line 379: 「安易な連携解消」).
    Breakdown: share of each decision. One query (one more without a loaded population)."""
    ids, who = _population(agencies)
    rows = list(CoiCase.objects.filter(fiscal_year=fiscal_year, agency_id__in=ids,
                                       decided_on__isnull=False).order_by()
                .values("agency_id").annotate(
                    n=Count("pk"),
                    kept=Count("pk", filter=Q(decision=Decision.MITIGATION, continued=True)),
                    **{d.value: Count("pk", filter=Q(decision=d.value)) for d in Decision}))
    total = sum(r["n"] for r in rows)
    kept = sum(r["kept"] for r in rows)
    return IndicatorValue(
        value=_share(kept, total), numerator=kept, denominator=total,
        per_agency={r["agency_id"]: _share(r["kept"], r["n"]) for r in rows},
        breakdown=[(d.label, _share(sum(r[d.value] for r in rows), total)) for d in Decision],
        population=who.label, not_reported=len(ids) - len(rows))


def startups(*, fiscal_year: int, agencies) -> IndicatorValue:
    """Startups the agencies supported in the year (count); per agency its count. An agency
    without rows supported none. Breakdown: certified by the agency's programme, managed by
    the researcher, with a licence on preferential terms, with investment. One query."""
    ids, who = _population(agencies)
    rows = list(Startup.objects.filter(fiscal_year=fiscal_year, agency_id__in=ids).order_by()
                .values("agency_id").annotate(
                    n=Count("pk"), certified=Count("pk", filter=Q(certified=True)),
                    manages=Count("pk", filter=Q(researcher_manages=True)),
                    licence=Count("pk", filter=Q(licence=True)),
                    investment=Count("pk", filter=Q(investment=True))))
    per_agency = {pk: 0.0 for pk in ids} | {r["agency_id"]: float(r["n"]) for r in rows}
    total = sum(r["n"] for r in rows)
    return IndicatorValue(
        value=total, numerator=total, denominator=len(ids), per_agency=per_agency,
        breakdown=[(_("Agencies supporting startups"), len(rows)),
                   (_("Certified by the agency's programme"), sum(r["certified"] for r in rows)),
                   (_("Researcher is the manager"), sum(r["manages"] for r in rows)),
                   (_("Licence on preferential terms"), sum(r["licence"] for r in rows)),
                   (_("Equity or in-kind investment"), sum(r["investment"] for r in rows))],
        population=who.label)


def licence_income(*, fiscal_year: int, agencies) -> IndicatorValue:
    """Licence income of the year (thousand yen), summed over the agencies that reported;
    breakdown: the same sum in each of the five years up to it (the trend). Agencies without
    an IP management record are shown apart. One query (one more without a population)."""
    ids, who = _population(agencies)
    first = fiscal_year - TREND_YEARS + 1
    rows = list(IpManagement.objects.filter(fiscal_year__range=(first, fiscal_year),
                                            agency_id__in=ids)
                .values_list("fiscal_year", "agency_id", "licence_income"))
    this = {pk: float(income) for year, pk, income in rows if year == fiscal_year}
    per_year = {year: 0 for year in range(first, fiscal_year + 1)}
    reported = {year: 0 for year in per_year}
    for year, _pk, income in rows:
        per_year[year] += income
        reported[year] += 1
    return IndicatorValue(
        value=sum(this.values()) if this else None, numerator=len(this), denominator=len(ids),
        per_agency=this,
        breakdown=[(wareki.fiscal_year_label(year), per_year[year] if reported[year] else None)
                   for year in per_year],
        population=who.label, not_reported=len(ids) - len(this))


INDICATORS = {
    COORDINATED: coordinated_share, MEDIAN_DAYS: median_days, P90_DAYS: p90_days,
    CONTINUED: continued_with_mitigation, STARTUPS: startups, LICENCE_INCOME: licence_income,
}


def indicator_values(*, fiscal_year: int, agencies,
                     speed: Speed | None = None) -> dict[str, IndicatorValue]:
    """Every II-3 indicator over one loaded population (the speed computed once)."""
    agencies = list(agencies)
    ids, who = _population(agencies)
    speed = speed or decision_speed(fiscal_year=fiscal_year, agencies=ids)
    values = {key: compute(fiscal_year=fiscal_year, agencies=agencies)
              for key, compute in INDICATORS.items() if key not in (MEDIAN_DAYS, P90_DAYS)}
    values[MEDIAN_DAYS] = _days_value(speed, 0, who, len(ids))
    values[P90_DAYS] = _days_value(speed, 1, who, len(ids))
    return values


@dataclass
class AgencyRow:
    pk: int
    code: str
    name: str
    coordinated: bool | None
    decided: int
    median: float | None
    p90: float | None
    startups: int
    licence_income: int | None
    speed_hidden: bool = False      # too few cases for this viewer (access.case_speed_agencies)


def figures(*, fiscal_year: int, agencies) -> tuple[dict[str, IndicatorValue], list[AgencyRow]]:
    """The indicator values and the per-agency table over one population (what the page,
    the PDF section and the Excel sheets show): a fixed number of queries."""
    agencies = list(agencies)
    ids, _who = _population(agencies)
    speed = decision_speed(fiscal_year=fiscal_year, agencies=ids)
    values = indicator_values(fiscal_year=fiscal_year, agencies=agencies, speed=speed)
    return values, agency_table(agencies=agencies, values=values, speed=speed)


def for_viewer(table: list[AgencyRow], visible: set[int]) -> list[AgencyRow]:
    """The table with the days blanked for the agencies outside ``visible`` (the agencies
    whose decision speed the viewer may see: ``kokken.access.case_speed_agencies``)."""
    return [row if row.pk in visible or row.median is None else
            AgencyRow(**{**row.__dict__, "median": None, "p90": None, "speed_hidden": True})
            for row in table]


def agency_table(*, agencies: list[Agency], values: dict, speed: Speed) -> list[AgencyRow]:
    """Per agency: rules coordinated, cases decided with median and 90th-percentile days,
    startups, licence income; from the indicator values (no query)."""
    coordinated = values[COORDINATED].per_agency
    started = values[STARTUPS].per_agency
    income = values[LICENCE_INCOME].per_agency
    rows = []
    for agency in sorted(agencies, key=lambda a: a.code):
        median, p90, n = speed.per_agency.get(agency.pk, (None, None, 0))
        rows.append(AgencyRow(
            pk=agency.pk, code=agency.code, name=agency.short_name,
            coordinated=None if agency.pk not in coordinated else bool(coordinated[agency.pk]),
            decided=n, median=_round(median), p90=_round(p90),
            startups=int(started.get(agency.pk, 0)),
            licence_income=None if agency.pk not in income else int(income[agency.pk])))
    return rows

