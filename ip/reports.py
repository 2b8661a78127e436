"""Chapter II-3 in the indicators page, the annual report (PDF section) and the Excel export:
every output reads ``selectors.figures``, so they cannot differ.

Machine-readable rules: one table per sheet, header in row 1, numbers without units (the unit
is in the header), blank distinct from 0. COI/COC cases are restricted: only their figures
leave the register, never the cases.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from agreements.contrib import registry
from kokken import xlsx
from kokken.selectors import population

from . import selectors
from .models import Startup

CHAPTER = "II-3"


def indicator_rows(values: dict) -> dict:
    """The registered II-3 indicators with their values, in order."""
    return {"indicators": [{"indicator": indicator, "value": values[indicator.identifier]}
                           for indicator in registry.indicators(CHAPTER)]}


def section_context(*, fiscal_year: int, agencies) -> dict:
    """Context of the PDF section ``ip/report/section.html``."""
    values, table = selectors.figures(fiscal_year=fiscal_year, agencies=agencies)
    return {**indicator_rows(values), "fiscal_year": fiscal_year, "table": table,
            "population": population(agencies)}


def excel_sheets(*, fiscal_year: int, agencies, table=None) -> list:
    """Three sheets: the indicators, the figures by agency, the startups supported.
    ``table``: what the viewer may see of the figures by agency (the indicators page's
    download blanks the days it may not show); the annual report's sheets show them all."""
    values, rows = selectors.figures(fiscal_year=fiscal_year, agencies=agencies)
    table = rows if table is None else table(rows)
    who = population(agencies).label
    indicators = xlsx.table(_("II-3 indicators"), [
        _("Fiscal year"), "indicator", _("Indicator"), _("Breakdown"), _("Value"), _("Unit"),
        _("Numerator"), _("Denominator"), _("Not reported (agencies)"), _("Population")])
    for row in indicator_rows(values)["indicators"]:
        indicator, v = row["indicator"], row["value"]
        indicators.append([fiscal_year, indicator.identifier, str(indicator.label), "", v.value,
                           str(indicator.unit), v.numerator, v.denominator, v.not_reported, who])
        for label, value in v.breakdown:
            indicators.append([fiscal_year, indicator.identifier, str(indicator.label),
                               str(label), value, None, None, None, None, who])
    per_agency = xlsx.table(_("II-3 by agency"), [
        _("Fiscal year"), _("Agency code"), _("Agency"),
        _("COI rules coordinated with funders (1 = yes, 0 = no)"),
        _("COI/COC cases decided (count)"), _("Median days to decision"),
        _("90th percentile days to decision"), _("Startups supported (count)"),
        _("Licence income (thousand yen)")])
    for r in table:
        per_agency.append([fiscal_year, r.code, r.name,
                           None if r.coordinated is None else int(r.coordinated), r.decided,
                           r.median, r.p90, r.startups, r.licence_income])
    from .registers import STARTUPS

    supported = STARTUPS.export_dataset(
        Startup.objects.filter(fiscal_year=fiscal_year, agency__in=[a.pk for a in agencies])
        .select_related("agency").order_by("agency__code", "name", "id"), with_agency=True)
    return [indicators, per_agency, supported]


def workbook(datasets: list) -> bytes:
    return xlsx.from_datasets(datasets)
