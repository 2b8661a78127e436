"""Reads of the II-2 registers and the indicators the agreement quotes.

Every list and indicator runs a fixed number of queries, whatever the number of agencies,
programmes, requests or years.
"""

from __future__ import annotations

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from agreements.contrib import IndicatorValue
from kokken import wareki
from kokken.models import Agency
from kokken.records import record_of  # noqa: F401 (the chapter's records load with it)
from kokken.selectors import population_members as _population

from .models import (
    NEED_FIELDS,
    Category,
    Need,
    Programme,
    SeatRequest,
    Strategy,
    TrainingNeeds,
    Uptake,
)

FIRST_YEAR = 2020
EXTERNAL = "training.external"
OPEN_PROGRAMMES = "training.open_programmes"
STRATEGY = "training.strategy"

PROGRAMME_SORTS = {
    "title": ("title", "id"), "-title": ("-title", "-id"),
    "category": ("category", "title", "id"), "-category": ("-category", "title", "id"),
    "start": ("start_date", "id"), "-start": ("-start_date", "-id"),
    "capacity": ("capacity", "id"), "-capacity": ("-capacity", "-id"),
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


def accepted_seats() -> Sum:
    return Sum("seat_requests__seats",
               filter=Q(seat_requests__state=SeatRequest.State.ACCEPTED), default=0)


def catalogue(*, fiscal_year: int, category: str = "") -> QuerySet[Programme]:
    """Programmes open to other agencies and the outside programmes, with seats taken."""
    qs = (Programme.objects.filter(fiscal_year=fiscal_year)
          .filter(Q(open_to_others=True) | Q(agency__isnull=True))
          .select_related("agency").annotate(taken=accepted_seats())
          .order_by("category", "title", "id"))
    if category in Category.values:
        qs = qs.filter(category=category)
    return qs


def seat_requests(*, agency: Agency) -> tuple[list[SeatRequest], list[SeatRequest]]:
    """(the agency's requests, requests for the agency's programmes); one query."""
    # What the chapter page shows of each: ten years of requests with their programmes' and
    # both agencies' every column (two JSON sources decoded a row) were a fifth of its CPU.
    rows = list(SeatRequest.objects.filter(Q(requesting_agency=agency) | Q(providing_agency=agency))
                .select_related("programme", "requesting_agency", "providing_agency")
                .only("seats", "state", "programme__title", "requesting_agency__abbr",
                      "providing_agency__abbr"))
    return ([r for r in rows if r.requesting_agency_id == agency.pk],
            [r for r in rows if r.providing_agency_id == agency.pk])


# --- Indicators -----------------------------------------------------------------

def external_training(*, fiscal_year: int, agencies: QuerySet[Agency]) -> IndicatorValue:
    """Agencies that use, or want to use, outside training (footnote 4: 「27 機関中 13 機関」),
    with the share of agencies that have an unmet need, per category.

    The denominator is every agency of the population: one that did not report counts as
    "no" and is shown apart (``not_reported``). Two queries."""
    ids, who = _population(agencies)
    rows = list(TrainingNeeds.objects.filter(fiscal_year=fiscal_year, agency_id__in=ids)
                .values("agency_id", "uses_external", "wants_external", *NEED_FIELDS))
    per_agency = {row["agency_id"]: 100.0 if (row["uses_external"] or row["wants_external"])
                  else 0.0 for row in rows}
    numerator = sum(1 for v in per_agency.values() if v)
    denominator = len(ids)
    breakdown = [
        (Category(name).label,
         _share(sum(1 for row in rows if row[name] == Need.UNMET), denominator))
        for name in NEED_FIELDS]
    return IndicatorValue(value=_share(numerator, denominator), numerator=numerator,
                          denominator=denominator, per_agency=per_agency, breakdown=breakdown,
                          population=who.label, not_reported=denominator - len(rows))


def open_programmes(*, fiscal_year: int, agencies: QuerySet[Agency]) -> IndicatorValue:
    """Agencies offering at least one programme open to other agencies; breakdown: seats
    accepted across agencies in the year. Two queries."""
    ids, who = _population(agencies)
    offering = set(Programme.objects.filter(fiscal_year=fiscal_year, open_to_others=True,
                                             agency_id__in=ids)
                   .order_by().values_list("agency_id", flat=True).distinct())
    seats = SeatRequest.objects.filter(programme__fiscal_year=fiscal_year,
                                       providing_agency_id__in=ids).aggregate(
        accepted=Sum("seats", filter=Q(state=SeatRequest.State.ACCEPTED), default=0),
        requests=Count("pk"))
    return IndicatorValue(
        value=_share(len(offering), len(ids)), numerator=len(offering), denominator=len(ids),
        per_agency={pk: 100.0 if pk in offering else 0.0 for pk in ids},
        breakdown=[(_("Seat requests"), seats["requests"]),
                   (_("Seats accepted across agencies"), seats["accepted"])],
        population=who.label)


def strategy_share(*, fiscal_year: int, agencies: QuerySet[Agency]) -> IndicatorValue:
    """Agencies with a specialist-staff strategy (line 299); breakdown: participants and
    certifications reported for the year (uptake). Three queries."""
    ids, who = _population(agencies)
    answers = dict(Strategy.objects.filter(fiscal_year=fiscal_year, agency_id__in=ids)
                   .values_list("agency_id", "exists"))
    numerator = sum(1 for exists in answers.values() if exists)
    uptake = Uptake.objects.filter(fiscal_year=fiscal_year, agency_id__in=ids).aggregate(
        **{name: Sum(name, default=0) for name in
           [*NEED_FIELDS, "ura_certified", "rttp", "other_certifications"]})
    participants = sum(uptake[name] for name in NEED_FIELDS)
    return IndicatorValue(
        value=_share(numerator, len(ids)), numerator=numerator, denominator=len(ids),
        per_agency={pk: (100.0 if exists else 0.0) for pk, exists in answers.items()},
        breakdown=[(_("Training participants"), participants),
                   (_("Staff holding URA skill certification"), uptake["ura_certified"]),
                   (_("Staff holding RTTP"), uptake["rttp"]),
                   (_("Staff holding other certifications"), uptake["other_certifications"])],
        population=who.label, not_reported=len(ids) - len(answers))


def scoped(value: IndicatorValue, ids: set[int]) -> tuple[int, int]:
    """(numerator, denominator) of a share indicator over the agencies ``ids`` of its
    population, from its per-agency values (no query): an agency without a value (did not
    report) counts as no, as in the figure itself."""
    return sum(1 for pk in ids if value.per_agency.get(pk)), len(ids)


def _share(n: int, d: int) -> float | None:
    return round(100 * n / d, 1) if d else None


# --- Per-agency figures and the uptake trend (page, PDF and Excel) --------------------

UPTAKE = "training.uptake"
CERTIFICATIONS = ["ura_certified", "rttp", "other_certifications"]
TREND_YEARS = 5

AGENCY_TABLE_SORTS = {
    "abbr": ("abbr", "code"), "-abbr": ("-abbr", "-code"),
    "open": ("open_programmes", "abbr"), "-open": ("-open_programmes", "abbr"),
    "given": ("seats_given", "abbr"), "-given": ("-seats_given", "abbr"),
    "taken": ("seats_taken", "abbr"), "-taken": ("-seats_taken", "abbr"),
    "unmet": ("unmet_needs", "abbr"), "-unmet": ("-unmet_needs", "abbr"),
    "participants": ("participants", "abbr"), "-participants": ("-participants", "abbr"),
}


def _ids(agencies):
    """The population as a filter value: the caller's loaded list, or a subquery."""
    return ([a.pk for a in agencies] if isinstance(agencies, list)
            else agencies.order_by().values("pk"))


def _one(queryset, expression) -> Subquery:
    return Subquery(queryset.annotate(v=expression).values("v")[:1])


def _seats(field: str, fiscal_year: int) -> Coalesce:
    accepted = (SeatRequest.objects.filter(**{field: OuterRef("pk")},
                                           programme__fiscal_year=fiscal_year,
                                           state=SeatRequest.State.ACCEPTED)
                .order_by().values(field).annotate(n=Sum("seats")).values("n")[:1])
    return Coalesce(Subquery(accepted), 0)


def agency_table(*, agencies, fiscal_year: int, sort: str = "abbr") -> QuerySet[Agency]:
    """One row per agency with its II-2 figures for the year, in one query.

    ``open_programmes`` and seats are 0 when there are none; the needs, uptake and strategy
    figures are None when the agency did not report (``needs_reported`` …)."""
    needs = TrainingNeeds.objects.filter(agency=OuterRef("pk"), fiscal_year=fiscal_year)
    uptake = Uptake.objects.filter(agency=OuterRef("pk"), fiscal_year=fiscal_year)
    strategy = Strategy.objects.filter(agency=OuterRef("pk"), fiscal_year=fiscal_year)
    open_count = (Programme.objects.filter(agency=OuterRef("pk"), fiscal_year=fiscal_year,
                                           open_to_others=True)
                  .order_by().values("agency").annotate(n=Count("pk")).values("n")[:1])
    unmet = sum((Case(When(**{name: Need.UNMET}, then=Value(1)), default=Value(0))
                 for name in NEED_FIELDS), Value(0))
    qs = (Agency.objects.filter(pk__in=_ids(agencies)).annotate(
        open_programmes=Coalesce(Subquery(open_count), 0),
        seats_given=_seats("providing_agency", fiscal_year),
        seats_taken=_seats("requesting_agency", fiscal_year),
        needs_reported=Exists(needs),
        unmet_needs=_one(needs, unmet),
        uses_external=Subquery(needs.values("uses_external")[:1]),
        wants_external=Subquery(needs.values("wants_external")[:1]),
        participants=_one(uptake, sum((F(name) for name in NEED_FIELDS), Value(0))),
        certified=_one(uptake, sum((F(name) for name in CERTIFICATIONS), Value(0))),
        strategy_exists=Subquery(strategy.values("exists")[:1])))
    return qs.order_by(*AGENCY_TABLE_SORTS.get(sort, AGENCY_TABLE_SORTS["abbr"]))


def uptake_trend(*, agencies, fiscal_year: int, years: int = TREND_YEARS) -> list[dict]:
    """Participants per category and certified staff, summed over ``agencies``, for the
    ``years`` fiscal years up to ``fiscal_year`` (oldest first). ``reported`` is how many
    agencies entered their uptake that year; a year nobody reported has None figures, never
    0. One query."""
    return _trend(_ids(agencies), fiscal_year, years)


def _trend(ids, fiscal_year: int, years: int) -> list[dict]:
    first = fiscal_year - years + 1
    sums = {name: Sum(name) for name in [*NEED_FIELDS, *CERTIFICATIONS]}
    found = {row["fiscal_year"]: row for row in
             Uptake.objects.filter(agency_id__in=ids,
                                   fiscal_year__range=(first, fiscal_year))
             .order_by().values("fiscal_year").annotate(reported=Count("pk"), **sums)}
    trend = []
    for year in range(first, fiscal_year + 1):
        row = found.get(year)
        if row is None:
            trend.append({"fiscal_year": year, "reported": 0, "participants": None,
                          **{name: None for name in sums}})
        else:
            trend.append({**row, "participants": sum(row[name] for name in NEED_FIELDS)})
    return trend


def uptake(*, fiscal_year: int, agencies) -> IndicatorValue:
    """Participants in training reported for the year (a count), per category in the
    breakdown; the year before beside it as ``reference``. Agencies that did not report add
    nothing and are counted apart. Two queries."""
    ids, who = _population(agencies)
    before, this = _trend(ids, fiscal_year, 2)
    return IndicatorValue(
        value=this["participants"], numerator=this["participants"],
        denominator=None, per_agency={},
        breakdown=[(Category(name).label, this[name]) for name in NEED_FIELDS]
        + [(_("Participants the year before"), before["participants"])],
        population=who.label, not_reported=len(ids) - this["reported"])
