"""Chapter II-4 pages: the research-integrity figures of 図11, year by year."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse

from kokken import access
from kokken.access import Perm
from kokken.models import DataTransfer
from kokken.registers import xlsx_response

from . import reports, selectors
from .models import Measure


def _figures(request) -> tuple[int, list[int], object, object, object]:
    """The fiscal year asked for (default: the latest with a round), the years with rounds,
    the year's round, and the agencies the viewer's figures may count in a published round
    and in one not yet published (kokken.access.figure_agencies)."""
    years = selectors.integrity_years()
    fiscal_year = selectors.parse_year(request.GET.get("fy"), years)
    round = selectors.integrity_round(fiscal_year)
    return (fiscal_year, years, round, access.figure_agencies(request.user, published=True),
            access.figure_agencies(request.user, published=False))


@access.allowed(access.sees_agencies)
def integrity(request):
    """Q1–Q6 of the fiscal year's integrity round (chart and table), beside the year before,
    and their trend across the rounds up to it."""
    fiscal_year, years, round, agencies, unpublished = _figures(request)
    return render(request, "security/integrity.html", {
        **reports.context(fiscal_year=fiscal_year, agencies=agencies, unpublished=unpublished),
        "years": sorted({*years, fiscal_year}, reverse=True), "round": round,
        "can_export": access.may_export_indicators(request.user),
    })


@access.allowed(access.may_export_indicators)
def integrity_export(request):
    """The page's figures as a workbook (the same rows as the page's tables)."""
    fiscal_year, _years, _round, agencies, unpublished = _figures(request)
    content = reports.workbook(reports.excel_sheets(fiscal_year=fiscal_year, agencies=agencies,
                                                    unpublished=unpublished))
    filename = f"II-4-integrity-FY{fiscal_year}.xlsx"
    DataTransfer.record(user=request.user, direction=DataTransfer.Direction.EXPORT,
                        what=f"security.integrity {fiscal_year}", filename=filename,
                        size=len(content))
    return xlsx_response(content, filename)


# --- ①–④ and 図12 across agencies: the overview ---------------------------------------

def _overview_agencies(request, fiscal_year: int):
    """The 国研 of the year among the agencies the viewer may see: every one for the
    secretariat, the supervised ones for a reviewer, the own agency for its staff."""
    from kokken.models import Agency

    return access.agencies(request.user).filter(
        pk__in=Agency.objects.kokken_in(fiscal_year).values("pk"))


@access.allowed(access.sees_agencies)
def overview(request):
    """Coverage of each information-security measure (the designated agencies apart and
    highlighted), the penetration test, export control and the challenges of 図12."""
    fiscal_year = _year(request)
    agencies = _overview_agencies(request, fiscal_year)
    context = reports.measures_context(fiscal_year=fiscal_year, agencies=agencies)
    cov = context["coverage"]
    return render(request, "security/overview.html", {
        **context, "years": selectors.year_choices(current=fiscal_year),
        "pentest": selectors.pentest_share(fiscal_year=fiscal_year,
                                           agencies=reports.cov_agencies(cov)),
        "measures": [label for _code, label in Measure.choices],
        "matrix": [{"line": line, "cells": [line.has(code) for code, _l in Measure.choices]}
                   for line in cov.agencies],
        "can_export": access.may_export_indicators(request.user),
    })


@access.allowed(access.may_export_indicators)
def overview_export(request):
    """The overview's figures and the rows behind them, over the agencies the viewer sees."""
    fiscal_year = _year(request)
    agencies = _overview_agencies(request, fiscal_year)
    content = reports.workbook(reports.measures_sheets(fiscal_year=fiscal_year,
                                                       agencies=agencies))
    filename = f"II-4-measures-FY{fiscal_year}.xlsx"
    DataTransfer.record(user=request.user, direction=DataTransfer.Direction.EXPORT,
                        what=f"security.measures {fiscal_year}", filename=filename,
                        size=len(content))
    return xlsx_response(content, filename)


# --- Register pages (the kit's, registers.py): the context they borrow --------------------

def _year(request) -> int:
    from kokken import wareki

    return selectors.register_year(request.GET.get("fy"), wareki.fiscal_year())


def _base(request, agency, fiscal_year, *, edit_perm=Perm.EDIT, **extra) -> dict:
    """The context every II-4 agency page shares; ``edit_perm``: what the page's writes need
    (incidents: APPROVE, everything else: EDIT)."""
    return {"agency": agency, "fiscal_year": fiscal_year,
            "years": selectors.year_choices(current=fiscal_year),
            "can_edit": access.can(request.user, edit_perm, agency),
            "chapter_url": _chapter_url(agency, fiscal_year), **extra}


def _chapter_url(agency, fiscal_year) -> str:
    return f"{reverse('security:chapter', kwargs={'agency': agency.code})}?fy={fiscal_year}"


@access.agency_view(Perm.VIEW)
def chapter(request, agency):
    """The agency's II-4 page: each register and yearly record with its state for the year;
    the incident register only for those who may see it (access.sees_restricted)."""
    from .records import RECORDS
    from .registers import CONTROLS, INCIDENTS, REVIEWS

    fiscal_year = _year(request)
    state = selectors.chapter_state(request=request, agency=agency, fiscal_year=fiscal_year)
    # A yearly record's page is its form: linked only for those who may open it.
    records = [{"title": record.labels["title"],
                "url": record.url(agency=agency, fiscal_year=fiscal_year)
                if access.can(request.user, record.perm, agency) else "",
                "entered": entered}
               for record, entered in zip(RECORDS, state["entered"], strict=True)]
    return render(request, "security/chapter.html", _base(
        request, agency, fiscal_year, records=records, checklist=state["checklist"],
        reviews_url=REVIEWS.list_url(agency, fiscal_year), reviews=state["reviews"],
        controls_url=CONTROLS.list_url(agency, fiscal_year),
        incidents_url=INCIDENTS.list_url(agency, fiscal_year)
        if access.sees_restricted(request.user, agency) else ""))
