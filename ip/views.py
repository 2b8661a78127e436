"""Pages of chapter II-3. Thin: access from kokken.access, reads from selectors, writes
through services (the registers' and records' pages come from the kit)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse

from kokken import access, wareki
from kokken.access import Perm
from kokken.models import Agency, DataTransfer
from kokken.registers import xlsx_response

from . import reports, selectors


def _year(request) -> int:
    return selectors.parse_year(request.GET.get("fy"), wareki.fiscal_year())


def _chapter_url(agency, fiscal_year) -> str:
    return f"{reverse('ip:chapter', kwargs={'agency': agency.code})}?fy={fiscal_year}"


def _base(request, agency, fiscal_year, **extra) -> dict:
    return {"agency": agency, "fiscal_year": fiscal_year,
            "years": selectors.year_choices(current=fiscal_year),
            "can_edit": access.can(request.user, Perm.EDIT, agency), **extra}


def _case_base(request, agency, fiscal_year, **extra) -> dict:
    """The case log's pages: written by the agency's approvers (restricted register)."""
    return {**_base(request, agency, fiscal_year, **extra),
            "can_edit": access.can(request.user, Perm.APPROVE, agency)}


@access.agency_view(Perm.VIEW)
def chapter(request, agency):
    """The agency's II-3 page: its IP management and COI/COC rules of the year, the links
    to its startups and (for those who may see it) its COI/COC case log."""
    from .records import MANAGEMENT, RULES
    from .registers import CASES, STARTUPS

    fiscal_year = _year(request)
    sees_cases = access.sees_restricted(request.user, agency)
    return render(request, "ip/chapter.html", _base(
        request, agency, fiscal_year,
        management=MANAGEMENT.load(agency=agency, fiscal_year=fiscal_year),
        management_url=MANAGEMENT.url(agency=agency, fiscal_year=fiscal_year),
        rules=RULES.load(agency=agency, fiscal_year=fiscal_year),
        rules_url=RULES.url(agency=agency, fiscal_year=fiscal_year),
        startups_url=STARTUPS.list_url(agency, fiscal_year),
        startups=STARTUPS.rows(agency=agency, fiscal_year=fiscal_year).count(),
        cases_url=CASES.list_url(agency, fiscal_year) if sees_cases else None))


def _for_viewer(user, table: list[selectors.AgencyRow]) -> list[selectors.AgencyRow]:
    """The per-agency table as ``user`` may see it: an agency's days only where
    kokken.access allows them (few cases: only those who see the case log)."""
    visible = access.case_speed_agencies(user, {row.pk: row.decided for row in table})
    return selectors.for_viewer(table, visible)


@access.allowed(access.sees_agencies)
def indicators(request):
    """The II-3 indicators over the 国研 of the year, and by agency for the agencies the
    viewer may see."""
    fiscal_year = _year(request)
    every = Agency.objects.kokken_in(fiscal_year)   # never a fixed 27
    mine = access.agencies(request.user).filter(pk__in=every.values("pk"))
    values, _table = selectors.figures(fiscal_year=fiscal_year, agencies=every)
    _values, table = selectors.figures(fiscal_year=fiscal_year, agencies=mine)
    return render(request, "ip/indicators.html", {
        **reports.indicator_rows(values), "fiscal_year": fiscal_year,
        "table": _for_viewer(request.user, table), "min_cases": access.CASE_SPEED_MIN_CASES,
        "years": selectors.year_choices(current=fiscal_year),
        "can_export": access.may_export_indicators(request.user)})


@access.allowed(access.may_export_indicators)
def indicators_export(request):
    """The chapter's report sheets over the agencies the viewer may see."""
    fiscal_year = _year(request)
    mine = access.agencies(request.user).filter(
        pk__in=Agency.objects.kokken_in(fiscal_year).values("pk"))
    content = reports.workbook(reports.excel_sheets(
        fiscal_year=fiscal_year, agencies=mine,
        table=lambda table: _for_viewer(request.user, table)))
    filename = f"II-3-FY{fiscal_year}.xlsx"
    DataTransfer.record(user=request.user, direction=DataTransfer.Direction.EXPORT,
                        what=f"ip.indicators {fiscal_year}", filename=filename,
                        size=len(content))
    return xlsx_response(content, filename)

