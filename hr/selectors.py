"""Reads of the II-1 registers and the indicators the agreement quotes.

Every indicator runs a fixed number of queries (aggregate / annotate in the
database), whatever the number of agencies or rows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from agreements.contrib import IndicatorValue
from kokken import wareki
from kokken.models import Agency, AgencyKind
from kokken.records import record_of  # noqa: F401 (the chapter's records load with it)
from kokken.selectors import Population

from .models import (
    CrossAppointment,
    CrossAppointmentScheme,
    Initiative,
    JobCategory,
    PayScheme,
    PersonnelFunding,
    SalaryBenchmark,
    Secondment,
)

REGISTERS = (PayScheme, SalaryBenchmark, PersonnelFunding, CrossAppointment, Secondment,
             Initiative, CrossAppointmentScheme)
FIRST_YEAR = 2020


def year_choices(agency: Agency | None = None, current: int | None = None) -> list[int]:
    """Years with register data (the agency's, or any agency's), plus the year after the
    latest to start the next one, plus the year on screen; newest first. One query."""
    querysets = [model.objects.filter(**({"agency": agency} if agency is not None else {}))
                 .order_by().values_list("fiscal_year").distinct() for model in REGISTERS]
    years = {y for (y,) in querysets[0].union(*querysets[1:])}
    years.add(max(years) + 1 if years else wareki.fiscal_year())
    if current is not None:
        years.add(current)
    return sorted(years, reverse=True)


def parse_year(value, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if FIRST_YEAR <= year <= wareki.fiscal_year() + 1 else default


def latest_year(agencies: QuerySet[Agency] | None = None) -> int:
    """The latest fiscal year with a cross-appointment or pay scheme, else the current one."""
    qs = PayScheme.objects.all()
    if agencies is not None:
        qs = qs.filter(agency__in=agencies.values("pk"))
    year = qs.order_by("-fiscal_year").values_list("fiscal_year", flat=True).first()
    return year or wareki.fiscal_year()


# --- Lists -------------------------------------------------------------------

CROSSAPPOINTMENT_SORTS = {
    "start": ("start_date", "id"), "-start": ("-start_date", "-id"),
    "end": ("end_date", "id"), "-end": ("-end_date", "-id"),
    "partner": ("partner_name", "id"), "-partner": ("-partner_name", "-id"),
    "type": ("partner_type", "id"), "-type": ("-partner_type", "-id"),
    "effort": ("effort_percent", "id"), "-effort": ("-effort_percent", "-id"),
    "direction": ("direction", "id"), "-direction": ("-direction", "-id"),
}
SECONDMENT_SORTS = {
    "start": ("start_date", "id"), "-start": ("-start_date", "-id"),
    "end": ("end_date", "id"), "-end": ("-end_date", "-id"),
    "kind": ("kind", "id"), "-kind": ("-kind", "-id"),
    "type": ("partner_type", "id"), "-type": ("-partner_type", "-id"),
    "direction": ("direction", "id"), "-direction": ("-direction", "-id"),
}
INITIATIVE_SORTS = {
    "kind": ("kind", "id"), "-kind": ("-kind", "-id"),
    "title": ("title", "id"), "-title": ("-title", "-id"),
}


def pay_schemes(*, agency: Agency, fiscal_year: int) -> dict[str, PayScheme]:
    """The year's pay schemes by job category (a missing category: no staff). One query."""
    return {p.job_category: p for p in
            PayScheme.objects.filter(agency=agency, fiscal_year=fiscal_year)}


def agency_registers(*, agency: Agency, fiscal_year: int) -> dict:
    """Everything the agency's II-1 page shows for one year (four queries)."""
    schemes = pay_schemes(agency=agency, fiscal_year=fiscal_year)
    scheme = CrossAppointmentScheme.objects.filter(agency=OuterRef("pk"), fiscal_year=fiscal_year)
    totals = _row_counts(Agency.objects.filter(pk=agency.pk), fiscal_year).annotate(
        **{f"scheme_{name}": Subquery(scheme.values(name)[:1])
           for name in ("pk", "introduced", "introduced_on", "rules")}).get()
    return {
        "pay_schemes": [(value, label, schemes.get(value)) for value, label in JobCategory.choices],
        "benchmark": SalaryBenchmark.objects.filter(agency=agency, fiscal_year=fiscal_year)
        .first(),
        "funding": PersonnelFunding.objects.filter(agency=agency, fiscal_year=fiscal_year).first(),
        # Read with the counts above (no query of its own).
        "ca_scheme": CrossAppointmentScheme(
            pk=totals.scheme_pk, agency=agency, fiscal_year=fiscal_year,
            introduced=totals.scheme_introduced, introduced_on=totals.scheme_introduced_on,
            rules=totals.scheme_rules) if totals.scheme_pk else None,
        "crossappointment_count": totals.ca_count,
        "secondment_count": totals.secondment_count,
        "initiative_count": totals.initiative_count,
    }


def agency_page(request, *, agency: Agency, fiscal_year: int) -> dict:
    """``agency_registers`` and the agency's ``year_choices``: the agency's II-1 page, kept
    in the cache under the II-1 registers' version (``kokken.figures``): building and running
    their five queries was a third of the page's CPU (issue 18). Everything in it is the
    agency's own registers of the year, the same for every viewer who may open the page (the
    view has checked that); any write to a II-1 row is a new version."""
    from kokken import figures

    def compute() -> dict:
        page = agency_registers(agency=agency, fiscal_year=fiscal_year)
        page["pay_schemes"] = [(value, scheme) for value, _label, scheme in page["pay_schemes"]]
        return {**page, "years": year_choices(agency)}

    page = figures.cached("hr-agency-page", (agency.pk, fiscal_year),
                          figures.registers_version(request, ["hr"]), compute)
    labels = dict(JobCategory.choices)
    years = page["years"] if fiscal_year in page["years"] else sorted(
        {*page["years"], fiscal_year}, reverse=True)
    return {**page, "years": years,
            "pay_schemes": [(value, labels[value], scheme) for value, scheme in page["pay_schemes"]]}


def _count(model, fiscal_year: int, **extra):
    return Coalesce(Subquery(
        model.objects.filter(agency=OuterRef("pk"), fiscal_year=fiscal_year, **extra)
        .order_by().values("agency").annotate(n=Count("pk")).values("n"),
        output_field=IntegerField()), Value(0))


def _row_counts(qs: QuerySet[Agency], fiscal_year: int) -> QuerySet[Agency]:
    return qs.annotate(
        ca_count=_count(CrossAppointment, fiscal_year),
        secondment_count=_count(Secondment, fiscal_year),
        initiative_count=_count(Initiative, fiscal_year),
    )


# The agency table's sorts: ``?sort=`` → the figure it orders by (blanks last either way),
# then the abbreviation.
AGENCY_TABLE_SORTS = {"abbr": None, "salary": "annual_salary_categories", "ca": "ca_count",
                      "secondments": "secondment_count", "average": "average_salary",
                      "gap": "gap_percent"}


def sorted_rows(rows: list[Agency], sort: str) -> list[Agency]:
    """``rows`` of ``agency_rows`` (in abbreviation order) in the order ``?sort=`` asks, an
    unknown sort read as the abbreviation's (no query: the figures are cached)."""
    field = AGENCY_TABLE_SORTS.get(sort.removeprefix("-"))
    descending = sort.startswith("-") and sort.removeprefix("-") in AGENCY_TABLE_SORTS
    if field is None:
        return rows[::-1] if descending else list(rows)
    known = [r for r in rows if getattr(r, field) is not None]
    # Stable, also with reverse=True: rows with the same figure keep the abbreviation order.
    return (sorted(known, key=lambda r: getattr(r, field), reverse=descending)
            + [r for r in rows if getattr(r, field) is None])


def agency_table(*, agencies: QuerySet[Agency], fiscal_year: int) -> QuerySet[Agency]:
    """One row per agency with all its II-1 figures for the year, in one query, in
    abbreviation order (pages read them cached: ``agency_rows``, ``sorted_rows``).

    Per job category ``cat_<category>`` (1 if the agency has staff in it) and
    ``sal_<category>`` (1 if they are on 年俸制); per partner type ``pt_<type>``
    (number of cross-appointment agreements).
    """
    benchmark = SalaryBenchmark.objects.filter(agency=OuterRef("pk"), fiscal_year=fiscal_year)
    scheme = CrossAppointmentScheme.objects.filter(agency=OuterRef("pk"), fiscal_year=fiscal_year)
    per_category = {}
    for category in JobCategory.values:
        per_category[f"cat_{category}"] = _count(PayScheme, fiscal_year, job_category=category)
        per_category[f"sal_{category}"] = _count(PayScheme, fiscal_year, job_category=category,
                                                 annual_salary=True)
    per_partner = {f"pt_{t}": _count(CrossAppointment, fiscal_year, partner_type=t)
                   for t in CrossAppointment.PartnerType.values}
    qs = _row_counts(agencies, fiscal_year).annotate(
        annual_salary_categories=_count(PayScheme, fiscal_year, annual_salary=True),
        reported_categories=_count(PayScheme, fiscal_year),
        average_salary=Subquery(benchmark.values("average_salary")[:1]),
        comparator_salary=Subquery(benchmark.values("comparator_salary")[:1]),
        explanation_adequate=Subquery(benchmark.values("explanation_adequate")[:1]),
        has_benchmark=Exists(benchmark),
        ca_scheme=Subquery(scheme.values("introduced")[:1]),   # None: not reported
        **per_category, **per_partner,
    ).annotate(gap_percent=_gap(F("average_salary"), F("comparator_salary")))
    return qs.order_by("abbr")


def _gap(salary, comparator):
    return ExpressionWrapper((salary - comparator) * 100.0 / comparator, output_field=FloatField())


# --- The same rows, their figures cached -----------------------------------------

FIGURES_CACHE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class RegistersState:
    """What ``latest_year()`` answers, and a version of the II-1 registers: every create,
    change and delete of their rows writes a history record (kokken/history.py forbids the
    writes that would not), and every history record written gives the chapter's registers a
    new version (``kokken.figures.registers_version``), so the version changes whenever a
    figure can."""

    latest_year: int
    version: tuple


def registers_state() -> RegistersState:
    """The registers' state: their version (a cache read) and the latest year, cached under
    it (one query after a change; until issue 18's sixth pass, a query of every history
    table's maxima on every home)."""
    from kokken import figures

    version = figures.registers_version(None, ["hr"])
    latest = figures.cached("hr-latest-year", (), version, lambda: PayScheme.objects.aggregate(
        latest=Max("fiscal_year"))["latest"] or 0)
    return RegistersState(latest_year=latest or wareki.fiscal_year(), version=version)


def agency_figures(*, fiscal_year: int, agency_ids, state: RegistersState) -> dict[int, dict]:
    """``agency_table``'s figures by agency id for the year, every agency's at once.

    The table costs more to build and run than the pages that show it (issue 18's profile:
    55–70% of the ministry and secretariat homes); it is cached under the registers'
    version, so any change to a register row is a new key. An agency the cached entry does
    not know was created since, and has no register row at that version (a row would have
    changed it): it gets the figures of an agency without rows. No query when cached, one
    otherwise.
    """
    key = "hr-figures:" + hashlib.sha256(
        repr((fiscal_year, state.version)).encode()).hexdigest()
    figures = cache.get(key)
    if figures is None:
        table = agency_table(agencies=Agency.objects.all(), fiscal_year=fiscal_year)
        names = list(table.query.annotations)
        figures = {row.pk: {name: getattr(row, name) for name in names} for row in table}
        figures[None] = _without_rows(names)
        cache.set(key, figures, FIGURES_CACHE_SECONDS)
    return {pk: figures.get(pk, figures[None]) for pk in agency_ids}


def _without_rows(names: list[str]) -> dict:
    """``agency_table``'s figures of an agency with no register row: counts 0, no values."""
    def empty(name: str):
        if name == "has_benchmark":
            return False
        if name.startswith(("cat_", "sal_", "pt_")) or name.endswith(("_count", "_categories")):
            return 0
        return None

    return {name: empty(name) for name in names}


def agency_rows(*, agencies: QuerySet[Agency], fiscal_year: int,
                state: RegistersState) -> list[Agency]:
    """The rows of ``agency_table(agencies=…, fiscal_year=…)`` (same figures, same order),
    the figures from ``agency_figures``. One query when cached (the agencies)."""
    rows = list(agencies.order_by("abbr"))
    figures = agency_figures(fiscal_year=fiscal_year, agency_ids=[r.pk for r in rows],
                             state=state)
    for row in rows:
        row.__dict__.update(figures[row.pk])
    return rows


@dataclass(frozen=True)
class IndicatorPage:
    """What the indicators page shows, every figure from the cached ones (``agency_rows``):
    the per-agency table over 20,000 rows is computed once per change of a register, not
    on every view (issue 18)."""

    everyone: list[Agency]   # the 国研 of the year: the indicators' population
    mine: list[Agency]       # the viewer's scope, in abbreviation order
    years: list[int]         # ``year_choices(current=fiscal_year)``


def indicator_page(*, fiscal_year: int, scope: QuerySet[Agency]) -> IndicatorPage:
    """The indicators page's rows over the year's 国研 (27 up to FY2024, 26 from FY2025,
    from the data, never a fixed list) and over ``scope``, and its year list, cached under
    the registers' version. Two queries when cached (the two sets of agencies)."""
    from kokken import figures

    state = registers_state()
    return IndicatorPage(
        everyone=agency_rows(agencies=Agency.objects.kokken_in(fiscal_year),
                             fiscal_year=fiscal_year, state=state),
        mine=agency_rows(agencies=scope, fiscal_year=fiscal_year, state=state),
        years=figures.cached("hr-years", (fiscal_year,), state.version,
                             lambda: year_choices(current=fiscal_year)))


# --- Indicators ----------------------------------------------------------------

def _share(numerator: int, denominator: int) -> float | None:
    return round(numerator * 100 / denominator, 1) if denominator else None


ANNUAL_SALARY = "hr.annual_salary_share"
CROSSAPPOINTMENT = "hr.crossappointment_share"
PARTNERS = "hr.crossappointment_partners"
SALARY_GAP = "hr.salary_gap"
ADEQUATE = "hr.explanations_adequate"


def reference_date(fiscal_year: int) -> date:
    """The day the II-1 registers of a fiscal year describe: 1 April (the agreement quotes
    年俸制 and クロスアポイントメント 「令和5年4月1日時点」, i.e. the FY2023 registers)."""
    return date(fiscal_year, 4, 1)


def indicator_values(*, fiscal_year: int, agencies: QuerySet[Agency]) -> dict[str, IndicatorValue]:
    """Every II-1 indicator over ``agencies`` in one query, whatever their number.

    The denominator of the agency shares is always the population (``agencies``:
    the 国研 of the year); agencies that reported nothing are counted apart as
    「未報告」, never as "no". See docs/indicators.md.

    * 年俸制: agencies with it for at least one job category, as of 1 April; per
      category, among the agencies that have staff in that category (as the
      agreement counts research management staff).
    * クロスアポイントメント 導入: agencies that have introduced the scheme, as of
      1 April (not: that signed an agreement that year, shown as a breakdown);
      partner types as shares of all agreements.
    * Salary gap: (average − comparator) / comparator per agency; overall, the mean.
    * Explanations: adequate among those the ministries reviewed.
    """
    return indicators_from_rows(list(agency_table(agencies=agencies, fiscal_year=fiscal_year)),
                                fiscal_year=fiscal_year)


def indicators_from_rows(rows: list[Agency],
                         fiscal_year: int | None = None) -> dict[str, IndicatorValue]:
    """The indicators from rows of ``agency_table`` (no query)."""
    total = len(rows)
    kokken = sum(1 for r in rows if r.kind == AgencyKind.KOKKEN)
    who = Population(kokken=kokken, others=total - kokken).label
    day = reference_date(fiscal_year) if fiscal_year else None

    reported = [r for r in rows if r.reported_categories]
    with_salary = sum(1 for r in reported if r.annual_salary_categories)
    salary = {r.pk: (100.0 if r.annual_salary_categories else 0.0) if r.reported_categories
              else None for r in rows}
    breakdown = []
    for value, label in JobCategory.choices:
        having = [r for r in rows if getattr(r, f"cat_{value}")]
        yes = sum(1 for r in having if getattr(r, f"sal_{value}"))
        breakdown.append((label, _share(yes, len(having))))

    scheme_known = [r for r in rows if r.ca_scheme is not None]
    introduced = sum(1 for r in scheme_known if r.ca_scheme)
    signed = sum(1 for r in rows if r.ca_count)
    partners = {t: sum(getattr(r, f"pt_{t}") for r in rows)
                for t in CrossAppointment.PartnerType.values}
    agreements = sum(partners.values())

    gaps = {r.pk: r.gap_percent for r in rows if r.gap_percent is not None}
    reviewed = [r for r in rows if r.explanation_adequate is not None]
    adequate = sum(1 for r in reviewed if r.explanation_adequate)
    submitted = sum(1 for r in rows if r.has_benchmark)

    return {
        ANNUAL_SALARY: IndicatorValue(
            _share(with_salary, total) if reported else None, with_salary, total, salary,
            breakdown, population=who, reference_date=day, not_reported=total - len(reported)),
        CROSSAPPOINTMENT: IndicatorValue(
            _share(introduced, total) if scheme_known else None, introduced, total,
            {r.pk: (100.0 if r.ca_scheme else 0.0) if r.ca_scheme is not None else None
             for r in rows},
            [(_("With at least one agreement in the year"), _share(signed, total))],
            population=who, reference_date=day, not_reported=total - len(scheme_known)),
        PARTNERS: IndicatorValue(float(agreements), agreements, agreements, {}, [
            (label, _share(partners[value], agreements))
            for value, label in CrossAppointment.PartnerType.choices], population=who),
        SALARY_GAP: IndicatorValue(
            round(sum(gaps.values()) / len(gaps), 1) if gaps else None, len(gaps), total,
            {pk: round(g, 1) for pk, g in gaps.items()}, population=who,
            not_reported=total - len(gaps)),
        ADEQUATE: IndicatorValue(
            _share(adequate, len(reviewed)), adequate, len(reviewed),
            {r.pk: 100.0 if r.explanation_adequate else 0.0 for r in reviewed}, [
                (_("Explanations submitted"), float(submitted)),
                (_("Reviewed by the ministry"), float(len(reviewed))),
                (_("Found adequate"), float(adequate)),
                (_("Awaiting review"), float(submitted - len(reviewed)))], population=who),
    }


def _one(key: str):
    def compute(*, fiscal_year: int, agencies: QuerySet[Agency]) -> IndicatorValue:
        return indicator_values(fiscal_year=fiscal_year, agencies=agencies)[key]

    compute.__name__ = key
    return compute


annual_salary_share = _one(ANNUAL_SALARY)
crossappointment_share = _one(CROSSAPPOINTMENT)
partner_distribution = _one(PARTNERS)
salary_gap = _one(SALARY_GAP)
explanations_adequate = _one(ADEQUATE)


def funding_totals(*, fiscal_year: int, agencies: QuerySet[Agency]) -> dict:
    """Sums of personnel-cost sources over the agencies (one query)."""
    return PersonnelFunding.objects.filter(
        fiscal_year=fiscal_year, agency__in=agencies.values("pk")).aggregate(
        **{name: Sum(name) for name in PersonnelFunding.AMOUNTS}, reported=Count("pk"))
