"""Chapter II-4 pages: the research-integrity figures of 図11, year by year."""

from __future__ import annotations

from django.shortcuts import render

from kokken import access
from kokken.models import DataTransfer
from kokken.registers import xlsx_response

from . import reports, selectors


def _figures(request) -> tuple[int, list[int], object, object]:
    """The fiscal year asked for (default: the latest with a round), the years with rounds,
    the year's round, and the agencies the viewer's figures may count."""
    years = selectors.integrity_years()
    fiscal_year = selectors.parse_year(request.GET.get("fy"), years)
    round = selectors.integrity_round(fiscal_year)
    agencies = access.figure_agencies(request.user,
                                      published=bool(round and round.is_published))
    return fiscal_year, years, round, agencies


@access.allowed(access.sees_agencies)
def integrity(request):
    """Q1–Q6 of the fiscal year's integrity round (chart and table), beside the year before."""
    fiscal_year, years, round, agencies = _figures(request)
    return render(request, "security/integrity.html", {
        **reports.context(fiscal_year=fiscal_year, agencies=agencies),
        "years": sorted({*years, fiscal_year}, reverse=True), "round": round,
        "can_export": access.may_export_indicators(request.user),
    })


@access.allowed(access.may_export_indicators)
def integrity_export(request):
    """The page's figures as a workbook (the same rows as the page's table)."""
    fiscal_year, _years, _round, agencies = _figures(request)
    content = reports.workbook(reports.excel_sheets(fiscal_year=fiscal_year, agencies=agencies))
    filename = f"II-4-integrity-FY{fiscal_year}.xlsx"
    DataTransfer.record(user=request.user, direction=DataTransfer.Direction.EXPORT,
                        what=f"security.integrity {fiscal_year}", filename=filename,
                        size=len(content))
    return xlsx_response(content, filename)
