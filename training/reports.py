"""Chapter II-2 for the indicators page, the annual report (PDF section) and the Excel
export: every output reads the same selectors (the registered indicators,
``selectors.agency_table`` and ``selectors.uptake_trend``), so they cannot differ.

Machine-readable rules: one table per sheet, header in row 1, numbers without units (the
unit is in the header), blank distinct from 0 (not reported stays blank).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from agreements.contrib import registry
from kokken import wareki, xlsx
from kokken.selectors import population

from . import selectors
from .models import NEED_FIELDS, Category, Need, TrainingNeeds

CHAPTER = "II-2"


def indicator_rows(*, fiscal_year: int, agencies, scope=None) -> list[dict]:
    """The registered II-2 indicators over ``agencies`` (and over ``scope`` beside them)."""
    everyone = list(agencies)          # one query for every indicator
    mine = list(scope) if scope is not None else None
    rows = []
    for indicator in registry.indicators(CHAPTER):
        value = indicator.compute(fiscal_year=fiscal_year, agencies=everyone)
        rows.append({
            "indicator": indicator, "all": value,
            "scope": (indicator.compute(fiscal_year=fiscal_year, agencies=mine)
                      if mine is not None else None),
            "breakdown_unit": breakdown_unit(indicator.identifier)})
    return rows


def breakdown_unit(identifier: str) -> str:
    """Unmet needs are shares; seat requests and seats, participants and certified staff
    are counts."""
    return {selectors.EXTERNAL: "%", selectors.OPEN_PROGRAMMES: _("requests / seats")}.get(
        identifier, _("persons"))


def context(*, fiscal_year: int, agencies, scope=None, scoped_label=None,
            sort: str = "abbr") -> dict:
    """What the page and the PDF section show: indicators over ``agencies`` (beside
    ``scope``), the table by agency and the uptake trend over ``scope`` (or ``agencies``)."""
    shown = scope if scope is not None else agencies
    return {"fiscal_year": fiscal_year, "population": population(agencies),
            "indicators": indicator_rows(fiscal_year=fiscal_year, agencies=agencies,
                                         scope=scope if scoped_label else None),
            "scoped_label": scoped_label,
            "table": list(selectors.agency_table(agencies=shown, fiscal_year=fiscal_year,
                                                 sort=sort)),
            "trend": selectors.uptake_trend(agencies=shown, fiscal_year=fiscal_year),
            "categories": [(name, Category(name).label) for name in NEED_FIELDS]}


def section_context(*, fiscal_year: int, agencies) -> dict:
    """Context of the PDF section ``training/report/section.html``."""
    return context(fiscal_year=fiscal_year, agencies=agencies)


def _flag(value):
    return None if value is None else int(bool(value))


def excel_sheets(*, fiscal_year: int, agencies) -> list:
    """Four sheets: indicators, figures by agency, needs by agency and category, and the
    uptake trend."""
    who = population(agencies).label
    indicators = xlsx.table(_("II-2 indicators"), [
        _("Fiscal year"), _("Indicator"), _("Breakdown"), _("Value"), _("Unit"),
        _("Numerator"), _("Denominator"), _("Not reported (agencies)"), _("Population")])
    for row in indicator_rows(fiscal_year=fiscal_year, agencies=agencies):
        indicator, v = row["indicator"], row["all"]
        indicators.append([fiscal_year, str(indicator.label), "", v.value, str(indicator.unit),
                           v.numerator, v.denominator, v.not_reported, who])
        for label, value in v.breakdown:
            indicators.append([fiscal_year, str(indicator.label), str(label), value,
                               str(row["breakdown_unit"]), None, None, None, who])

    per_agency = xlsx.table(_("II-2 by agency"), [
        _("Fiscal year"), _("Agency code"), _("Agency"),
        _("Programmes open to other agencies (count)"),
        _("Seats accepted for other agencies (count)"),
        _("Seats accepted in other agencies' programmes (count)"),
        _("Needs not met (categories)"), _("Uses outside training (1 = yes, 0 = no)"),
        _("Wants outside training (1 = yes, 0 = no)"),
        _("Specialist-staff strategy (1 = yes, 0 = no)"), _("Training participants (persons)"),
        _("Certified staff (persons)")])
    table = list(selectors.agency_table(agencies=agencies, fiscal_year=fiscal_year))
    for a in table:
        per_agency.append([fiscal_year, a.code, a.name, a.open_programmes, a.seats_given,
                           a.seats_taken, a.unmet_needs, _flag(a.uses_external),
                           _flag(a.wants_external), _flag(a.strategy_exists), a.participants,
                           a.certified])

    needs = xlsx.table(_("II-2 needs"), [
        _("Fiscal year"), _("Agency code"), "category", _("Category"), "need", _("Need")])
    labels = dict(Need.choices)
    for record in (TrainingNeeds.objects.filter(fiscal_year=fiscal_year,
                                                agency_id__in=[a.pk for a in table])
                   .select_related("agency").order_by("agency__code")):
        for name in NEED_FIELDS:
            code = getattr(record, name)
            needs.append([fiscal_year, record.agency.code, name, str(Category(name).label),
                          code, str(labels[code])])

    trend = xlsx.table(_("II-2 uptake trend"), [
        _("Fiscal year"), _("Fiscal year (和暦)"), _("Agencies reporting (count)"),
        *[f"{Category(name).label} ({_('persons')})" for name in NEED_FIELDS],
        _("Training participants (persons)"),
        _("Staff holding URA skill certification (persons)"),
        _("Staff holding RTTP (persons)"), _("Staff holding other certifications (persons)"),
        _("Population")])
    for row in selectors.uptake_trend(agencies=agencies, fiscal_year=fiscal_year):
        trend.append([row["fiscal_year"], wareki.fiscal_year_label(row["fiscal_year"]),
                      row["reported"], *[row[name] for name in NEED_FIELDS],
                      row["participants"], *[row[name] for name in selectors.CERTIFICATIONS],
                      who])
    return [indicators, per_agency, needs, trend]


def workbook(datasets: list) -> bytes:
    return xlsx.from_datasets(datasets)
