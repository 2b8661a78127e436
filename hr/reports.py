"""Chapter II-1 in the annual report (PDF section) and the Excel export (kokken.xlsx sheets).

Machine-readable rules: one table per sheet, header in row 1, numbers without
units (the unit is in the header), blank distinct from 0, dates as ISO.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from agreements.contrib import registry
from kokken import xlsx
from kokken.models import Agency
from kokken.selectors import population

from . import selectors
from .models import CrossAppointment, JobCategory, PayScheme, PersonnelFunding


def indicator_context(*, fiscal_year: int, rows: list[Agency],
                      scope_rows: list[Agency] | None = None, scoped_label=None) -> dict:
    """The registered II-1 indicators over the agencies of ``rows`` (``agency_table``'s or
    ``agency_rows``'), and over those of ``scope_rows`` beside them (no query)."""
    values = selectors.indicators_from_rows(rows, fiscal_year=fiscal_year)
    scoped = (selectors.indicators_from_rows(scope_rows, fiscal_year=fiscal_year)
              if scope_rows is not None and scoped_label else None)
    indicators = []
    for indicator in registry.indicators("II-1"):
        key = indicator.identifier
        indicators.append({"indicator": indicator, "all": values[key],
                           "scope": scoped[key] if scoped else None,
                           "breakdown_unit": _("explanations") if key == selectors.ADEQUATE
                           else "%"})
    return {"indicators": indicators, "scoped_label": scoped_label, "population": population(rows)}


def section_context(*, fiscal_year: int, agencies: QuerySet[Agency]) -> dict:
    """Context of the PDF section ``hr/report/section.html``."""
    rows = list(selectors.agency_table(agencies=agencies, fiscal_year=fiscal_year))
    return {**indicator_context(fiscal_year=fiscal_year, rows=rows),
            "fiscal_year": fiscal_year, "table": rows}


def _yes_no(value):
    if value is None:
        return None
    return 1 if value else 0


def excel_sheets(*, fiscal_year: int, agencies: QuerySet[Agency]) -> list:
    """Five sheets: indicators, per-agency figures, pay schemes, funding, cross-appointments."""
    values = selectors.indicator_values(fiscal_year=fiscal_year, agencies=agencies)
    who = population(agencies).label
    indicators = xlsx.table(_("II-1 indicators"), [
        _("Fiscal year"), _("Indicator"), _("Breakdown"), _("Value"), _("Unit"),
        _("Numerator"), _("Denominator"), _("Not reported (agencies)"), _("Reference date"),
        _("Population")])
    for indicator in registry.indicators("II-1"):
        v = values[indicator.identifier]
        day = v.reference_date.isoformat() if v.reference_date else None
        indicators.append([fiscal_year, str(indicator.label), "", v.value, str(indicator.unit),
                           v.numerator, v.denominator, v.not_reported, day, who])
        for label, value in v.breakdown:
            indicators.append([fiscal_year, str(indicator.label), str(label), value,
                               "%" if indicator.identifier != selectors.ADEQUATE else _("explanations"),
                               None, None, None, day, who])

    per_agency = xlsx.table(_("II-1 by agency"), [
        _("Fiscal year"), _("Agency code"), _("Agency"),
        _("Job categories with annual salary (count)"), _("Job categories reported (count)"),
        _("Cross-appointment agreements (count)"), _("Secondments (count)"),
        _("Average annual salary (thousand yen)"), _("Comparator average (thousand yen)"),
        _("Salary gap to comparator (%)"), _("Explanation adequate (1 = yes, 0 = no)")])
    for row in selectors.agency_table(agencies=agencies, fiscal_year=fiscal_year):
        per_agency.append([fiscal_year, row.code, row.name, row.annual_salary_categories,
                           row.reported_categories, row.ca_count, row.secondment_count,
                           row.average_salary, row.comparator_salary,
                           round(row.gap_percent, 1) if row.gap_percent is not None else None,
                           _yes_no(row.explanation_adequate)])

    schemes = xlsx.table(_("II-1 pay schemes"), [
        _("Fiscal year"), _("Agency code"), _("Job category"),
        _("Annual salary system (1 = yes, 0 = no)"), _("Structure"),
        _("Retirement allowance included (1 = yes, 0 = no)"), _("Share of staff covered (%)")])
    for p in PayScheme.objects.filter(fiscal_year=fiscal_year, agency__in=agencies.values("pk")
                                      ).select_related("agency").order_by("agency__code",
                                                                          "job_category"):
        schemes.append([fiscal_year, p.agency.code, str(JobCategory(p.job_category).label),
                        _yes_no(p.annual_salary), p.get_structure_display() or None,
                        _yes_no(p.retirement_included), p.coverage_percent])

    funding = xlsx.table(_("II-1 personnel funding"), [
        _("Fiscal year"), _("Agency code"),
        *[str(PersonnelFunding._meta.get_field(f).verbose_name) for f in PersonnelFunding.AMOUNTS]])
    for f in PersonnelFunding.objects.filter(fiscal_year=fiscal_year,
                                             agency__in=agencies.values("pk")
                                             ).select_related("agency").order_by("agency__code"):
        funding.append([fiscal_year, f.agency.code, *[getattr(f, a) for a in f.AMOUNTS]])

    from .registers import CROSSAPPOINTMENTS

    agreements = CROSSAPPOINTMENTS.export_dataset(CrossAppointment.objects.filter(
        fiscal_year=fiscal_year, agency__in=agencies.values("pk"))
        .select_related("agency").order_by("agency__code", "start_date", "id"), with_agency=True)
    return [indicators, per_agency, schemes, funding, agreements]


def workbook(datasets: list) -> bytes:
    """The sheets as one workbook, through the one writer (no formula survives)."""
    return xlsx.from_datasets(datasets)
