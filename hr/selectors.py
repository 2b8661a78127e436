"""Reads of the II-1 registers and the indicators the agreement quotes.

Every indicator runs a fixed number of queries (aggregate / annotate in the
database), whatever the number of agencies or rows.
"""

from __future__ import annotations

from django.db.models import (
    Avg, Count, Exists, ExpressionWrapper, F, FloatField, IntegerField, OuterRef, Q, QuerySet,
    Subquery, Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from agreements.contrib import IndicatorValue
from kokken import wareki
from kokken.models import Agency

from .models import (
    CrossAppointment, Initiative, JobCategory, PayScheme, PersonnelFunding, SalaryBenchmark,
    Secondment,
)

REGISTERS = (PayScheme, SalaryBenchmark, PersonnelFunding, CrossAppointment, Secondment,
             Initiative)
FIRST_YEAR = 2020


def year_choices() -> list[int]:
    return list(range(wareki.fiscal_year() + 1, FIRST_YEAR - 1, -1))


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


def crossappointment_list(*, agency: Agency, fiscal_year: int, direction: str = "",
                          partner_type: str = "", q: str = "", sort: str = "start"):
    qs = CrossAppointment.objects.filter(agency=agency, fiscal_year=fiscal_year)
    if direction:
        qs = qs.filter(direction=direction)
    if partner_type:
        qs = qs.filter(partner_type=partner_type)
    if q:
        qs = qs.filter(Q(partner_name__icontains=q) | Q(reference__icontains=q))
    return qs.order_by(*CROSSAPPOINTMENT_SORTS.get(sort, CROSSAPPOINTMENT_SORTS["start"]))


def secondment_list(*, agency: Agency, fiscal_year: int, direction: str = "", kind: str = "",
                    partner_type: str = "", sort: str = "start"):
    qs = Secondment.objects.filter(agency=agency, fiscal_year=fiscal_year)
    if direction:
        qs = qs.filter(direction=direction)
    if kind:
        qs = qs.filter(kind=kind)
    if partner_type:
        qs = qs.filter(partner_type=partner_type)
    return qs.order_by(*SECONDMENT_SORTS.get(sort, SECONDMENT_SORTS["start"]))


def initiative_list(*, agency: Agency, fiscal_year: int, kind: str = "", sort: str = "kind"):
    qs = Initiative.objects.filter(agency=agency, fiscal_year=fiscal_year)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by(*INITIATIVE_SORTS.get(sort, INITIATIVE_SORTS["kind"]))


def agency_registers(*, agency: Agency, fiscal_year: int) -> dict:
    """Everything the agency's II-1 page shows for one year (four queries)."""
    schemes = {p.job_category: p for p in
               PayScheme.objects.filter(agency=agency, fiscal_year=fiscal_year)}
    totals = _row_counts(Agency.objects.filter(pk=agency.pk), fiscal_year).get()
    return {
        "pay_schemes": [(value, label, schemes.get(value)) for value, label in JobCategory.choices],
        "benchmark": SalaryBenchmark.objects.filter(agency=agency, fiscal_year=fiscal_year)
        .select_related("reviewed_by").first(),
        "funding": PersonnelFunding.objects.filter(agency=agency, fiscal_year=fiscal_year).first(),
        "crossappointment_count": totals.ca_count,
        "secondment_count": totals.secondment_count,
        "initiative_count": totals.initiative_count,
    }


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


def agency_table(*, agencies: QuerySet[Agency], fiscal_year: int) -> QuerySet[Agency]:
    """One row per agency with its II-1 figures for the year (one query)."""
    benchmark = SalaryBenchmark.objects.filter(agency=OuterRef("pk"), fiscal_year=fiscal_year)
    qs = _row_counts(agencies, fiscal_year).annotate(
        annual_salary_categories=_count(PayScheme, fiscal_year, annual_salary=True),
        reported_categories=_count(PayScheme, fiscal_year),
        average_salary=Subquery(benchmark.values("average_salary")[:1]),
        comparator_salary=Subquery(benchmark.values("comparator_salary")[:1]),
        explanation_adequate=Subquery(benchmark.values("explanation_adequate")[:1]),
        has_benchmark=Exists(benchmark),
    ).annotate(gap_percent=_gap(F("average_salary"), F("comparator_salary")))
    return qs.order_by("abbr")


def _gap(salary, comparator):
    return ExpressionWrapper((salary - comparator) * 100.0 / comparator, output_field=FloatField())


# --- Indicators ----------------------------------------------------------------

def _share(numerator: int, denominator: int) -> float | None:
    return round(numerator * 100 / denominator, 1) if denominator else None


def annual_salary_share(*, fiscal_year: int, agencies: QuerySet[Agency]) -> IndicatorValue:
    """Share of agencies with 年俸制 for at least one job category; per category, among the
    agencies that have staff in that category (as the agreement counts research
    management staff). Denominator overall: the agencies given. Three queries."""
    ids = agencies.values("pk")
    rows = PayScheme.objects.filter(fiscal_year=fiscal_year, agency__in=ids)
    denominator = agencies.count()
    per_agency_rows = rows.values("agency").annotate(
        yes=Count("pk", filter=Q(annual_salary=True))).order_by()
    per_agency = {r["agency"]: 100.0 if r["yes"] else 0.0 for r in per_agency_rows}
    numerator = sum(1 for v in per_agency.values() if v)
    by_category = {r["job_category"]: r for r in rows.values("job_category").annotate(
        n=Count("agency", distinct=True),
        yes=Count("agency", distinct=True, filter=Q(annual_salary=True))).order_by()}
    breakdown = []
    for value, label in JobCategory.choices:
        r = by_category.get(value, {"n": 0, "yes": 0})
        breakdown.append((label, _share(r["yes"], r["n"])))
    return IndicatorValue(value=_share(numerator, denominator), numerator=numerator,
                          denominator=denominator, per_agency=per_agency, breakdown=breakdown)


def crossappointment_share(*, fiscal_year: int, agencies: QuerySet[Agency]) -> IndicatorValue:
    """Share of agencies with at least one cross-appointment agreement (two queries)."""
    denominator = agencies.count()
    counts = dict(CrossAppointment.objects.filter(
        fiscal_year=fiscal_year, agency__in=agencies.values("pk"))
        .values("agency").annotate(n=Count("pk")).order_by().values_list("agency", "n"))
    numerator = len(counts)
    return IndicatorValue(value=_share(numerator, denominator), numerator=numerator,
                          denominator=denominator,
                          per_agency={a: float(n) for a, n in counts.items()})


def partner_distribution(*, fiscal_year: int, agencies: QuerySet[Agency]) -> IndicatorValue:
    """Cross-appointment agreements by partner type, as shares of all agreements (one query)."""
    counts = dict(CrossAppointment.objects.filter(
        fiscal_year=fiscal_year, agency__in=agencies.values("pk"))
        .values("partner_type").annotate(n=Count("pk")).order_by()
        .values_list("partner_type", "n"))
    total = sum(counts.values())
    breakdown = [(label, _share(counts.get(value, 0), total))
                 for value, label in CrossAppointment.PartnerType.choices]
    return IndicatorValue(value=float(total), numerator=total, denominator=total,
                          breakdown=breakdown)


def salary_gap(*, fiscal_year: int, agencies: QuerySet[Agency]) -> IndicatorValue:
    """Each agency's average salary against its comparator, in per cent (two queries).
    The overall value is the mean of the agencies' gaps."""
    rows = SalaryBenchmark.objects.filter(
        fiscal_year=fiscal_year, agency__in=agencies.values("pk"), comparator_salary__gt=0,
    ).annotate(gap=_gap(F("average_salary"), F("comparator_salary")))
    per_agency = {a: round(g, 1) for a, g in rows.values_list("agency", "gap")}
    mean = rows.aggregate(mean=Avg("gap"))["mean"]
    return IndicatorValue(value=round(mean, 1) if mean is not None else None,
                          numerator=len(per_agency), denominator=agencies.count(),
                          per_agency=per_agency)


def explanations_adequate(*, fiscal_year: int, agencies: QuerySet[Agency]) -> IndicatorValue:
    """Of the salary explanations ministries reviewed, the share found adequate (one query)."""
    counts = SalaryBenchmark.objects.filter(
        fiscal_year=fiscal_year, agency__in=agencies.values("pk")).aggregate(
        submitted=Count("pk"),
        reviewed=Count("pk", filter=Q(explanation_adequate__isnull=False)),
        adequate=Count("pk", filter=Q(explanation_adequate=True)))
    return IndicatorValue(
        value=_share(counts["adequate"], counts["reviewed"]), numerator=counts["adequate"],
        denominator=counts["reviewed"],
        breakdown=[(_("Explanations submitted"), float(counts["submitted"])),
                   (_("Reviewed by the ministry"), float(counts["reviewed"])),
                   (_("Found adequate"), float(counts["adequate"])),
                   (_("Awaiting review"), float(counts["submitted"] - counts["reviewed"]))])


def funding_totals(*, fiscal_year: int, agencies: QuerySet[Agency]) -> dict:
    """Sums of personnel-cost sources over the agencies (one query)."""
    from django.db.models import Sum

    return PersonnelFunding.objects.filter(
        fiscal_year=fiscal_year, agency__in=agencies.values("pk")).aggregate(
        **{name: Sum(name) for name in PersonnelFunding.AMOUNTS}, reported=Count("pk"))
