"""Pages of chapter II-1. Thin: access from kokken.access, reads from selectors,
writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kokken import access
from kokken.access import Perm
from kokken.models import Agency, DataTransfer
from kokken.registers import xlsx_response

from . import reports, selectors, services


def _year(request, agencies=None) -> int:
    """``?fy=`` if it is a sensible fiscal year, else the latest year with data."""
    year = selectors.parse_year(request.GET.get("fy"), 0)
    return year or selectors.latest_year(agencies)


def _agency_qs(agency):
    return Agency.objects.filter(pk=agency.pk)


def _register_url(agency, fiscal_year, name="hr:register") -> str:
    return f"{reverse(name, kwargs={'agency': agency.code})}?fy={fiscal_year}"


def _base(request, agency, fiscal_year, **extra) -> dict:
    return {"agency": agency, "fiscal_year": fiscal_year,
            "years": selectors.year_choices(agency, current=fiscal_year),
            "can_edit": access.can(request.user, Perm.EDIT, agency), **extra}


# --- The agency's II-1 page ---------------------------------------------------

@access.agency_view(Perm.VIEW)
def register(request, agency):
    fiscal_year = _year(request, _agency_qs(agency))
    return render(request, "hr/register.html", {
        "agency": agency, "fiscal_year": fiscal_year,
        "can_edit": access.can(request.user, Perm.EDIT, agency),
        "can_review": access.can(request.user, Perm.REVIEW, agency),
        **selectors.agency_page(request, agency=agency, fiscal_year=fiscal_year)})


@access.agency_view(Perm.EDIT)
@require_POST
def copy_previous(request, agency):
    fiscal_year = selectors.parse_year(request.POST.get("fy"), 0)
    if not fiscal_year:
        messages.error(request, _("Choose a fiscal year."))
        return redirect("hr:register", agency=agency.code)
    copied = services.copy_previous_year(agency=agency, fiscal_year=fiscal_year,
                                         user=request.user)
    total = sum(copied.values())
    if total:
        messages.success(request, _("Copied %(n)s rows from the previous fiscal year. Registers "
                                    "that already had rows were left as they were.") % {"n": total})
    else:
        messages.info(request, _("Nothing was copied: the previous fiscal year has no rows for "
                                 "the registers that are still empty."))
    return redirect(_register_url(agency, fiscal_year))


# --- One-record-per-year forms (hr/records.py) and row registers (hr/registers.py): -----
# --- their pages come from the kits -----------------------------------------------------


# --- Indicators (ministries, secretariat, agencies) ---------------------------

@access.allowed(access.sees_agencies)
def indicators(request):
    """The II-1 indicators over every agency, beside the viewer's own scope."""
    fiscal_year = _year(request)
    sort = request.GET.get("sort", "abbr")
    page = selectors.indicator_page(fiscal_year=fiscal_year, scope=access.agencies(request.user))
    context = reports.indicator_context(fiscal_year=fiscal_year, rows=page.everyone,
                                        scope_rows=page.mine,
                                        scoped_label=_scope_label(request.user))
    return render(request, "hr/indicators.html", {
        **context, "fiscal_year": fiscal_year, "years": page.years,
        "table": selectors.sorted_rows(page.mine, sort),
        "sort": sort, "columns": [
            ("abbr", _("Agency")), ("salary", _("Job categories on 年俸制")),
            ("ca", _("Cross-appointments")), ("secondments", _("Secondments")),
            ("average", _("Average salary (thousand yen)")),
            ("gap", _("Gap to comparator (%)"))],
        "can_export": access.may_export_indicators(request.user),
    })


def _scope_label(user) -> str | None:
    return {"ministry": _("Agencies you supervise"),
            "agency": _("Your agency")}.get(access.audience(user))


@access.allowed(access.may_export_indicators)
def indicators_export(request):
    """The chapter's report sheets over the agencies the viewer may see (the page's table)."""
    fiscal_year = _year(request)
    mine = access.agencies(request.user)
    content = reports.workbook(reports.excel_sheets(fiscal_year=fiscal_year, agencies=mine))
    filename = f"II-1-FY{fiscal_year}.xlsx"
    DataTransfer.record(user=request.user, direction=DataTransfer.Direction.EXPORT,
                        what=f"hr.indicators {fiscal_year}", filename=filename, size=len(content))
    return xlsx_response(content, filename)

