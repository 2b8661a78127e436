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
from kokken.models import DataTransfer
from kokken.registers import xlsx_response

from . import forms, reports, selectors, services


def _year(request, agencies=None) -> int:
    """``?fy=`` if it is a sensible fiscal year, else the latest year with data."""
    year = selectors.parse_year(request.GET.get("fy"), 0)
    return year or selectors.latest_year(agencies)


def _agency_qs(agency):
    from kokken.models import Agency

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
    return render(request, "hr/register.html", _base(
        request, agency, fiscal_year,
        can_review=access.can(request.user, Perm.REVIEW, agency),
        **selectors.agency_registers(agency=agency, fiscal_year=fiscal_year)))


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


@access.agency_view(Perm.EDIT)
def pay_schemes_edit(request, agency):
    fiscal_year = _year(request, _agency_qs(agency))
    current = selectors.agency_registers(agency=agency, fiscal_year=fiscal_year)["pay_schemes"]
    data = request.POST if request.method == "POST" else None
    category_forms = [forms.PaySchemeForm(data, category=value,
                                          initial=forms.PaySchemeForm.initial_for(scheme))
                      for value, _label, scheme in current]
    if data is not None and all(f.is_valid() for f in category_forms):
        services.pay_schemes_save(agency=agency, fiscal_year=fiscal_year,
                                  rows={f.category: f.values() for f in category_forms},
                                  user=request.user)
        messages.success(request, _("Pay schemes saved."))
        return redirect(_register_url(agency, fiscal_year))
    return render(request, "hr/pay_schemes_form.html", _base(
        request, agency, fiscal_year, forms=category_forms,
        has_errors=any(f.errors for f in category_forms)))


def _record_edit(request, agency, *, register: str, form_class, save, saved, title, intro):
    """Edit the one record an agency keeps per fiscal year for ``register``."""
    fiscal_year = _year(request, _agency_qs(agency))
    instance = selectors.agency_registers(agency=agency, fiscal_year=fiscal_year)[register]
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        save(agency=agency, fiscal_year=fiscal_year, user=request.user,
             values={f: form.cleaned_data[f] for f in form.Meta.fields})
        messages.success(request, saved)
        return redirect(_register_url(agency, fiscal_year))
    return _form_page(request, agency, fiscal_year, form, title=title, intro=intro)


@access.agency_view(Perm.EDIT)
def benchmark_edit(request, agency):
    return _record_edit(
        request, agency, register="benchmark", form_class=forms.SalaryBenchmarkForm,
        save=services.benchmark_save, saved=_("Salary benchmark saved."),
        title=_("Salary level against comparators"),
        intro=_("II-1 (1)②イ: explain, with survey data, that the salary level is "
                "what you need to secure the staff you need. Your supervising "
                "ministry checks the explanation."))


@access.agency_view(Perm.REVIEW)
def benchmark_review(request, agency):
    fiscal_year = _year(request, _agency_qs(agency))
    benchmark = selectors.agency_registers(agency=agency, fiscal_year=fiscal_year)["benchmark"]
    if benchmark is None:
        messages.info(request, _("The agency has not entered a salary benchmark for this fiscal "
                                 "year yet."))
        return redirect(_register_url(agency, fiscal_year))
    initial = {"note": benchmark.review_note}
    if benchmark.explanation_adequate is not None:
        initial["adequate"] = "yes" if benchmark.explanation_adequate else "no"
    form = forms.ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.benchmark_review(benchmark=benchmark, adequate=form.cleaned_data["adequate"],
                                  note=form.cleaned_data["note"], user=request.user)
        messages.success(request, _("Your check of the salary explanation was recorded."))
        return redirect(_register_url(agency, fiscal_year))
    return _form_page(request, agency, fiscal_year, form, benchmark=benchmark,
                      title=_("Check the explanation of the salary level"),
                      intro=_("II-1 (4)①: check, not only against national public servants' "
                              "pay, whether the salary level is what the agency needs to secure "
                              "excellent staff, compared with private companies in similar "
                              "work."))


@access.agency_view(Perm.EDIT)
def funding_edit(request, agency):
    return _record_edit(
        request, agency, register="funding", form_class=forms.FundingForm,
        save=services.funding_save, saved=_("Funding of personnel costs saved."),
        title=_("Funding of personnel costs"),
        intro=_("Amounts in thousands of yen by source of funds. Leave blank what "
                "you do not know; enter 0 for none."))


@access.agency_view(Perm.EDIT)
def crossappointment_scheme_edit(request, agency):
    return _record_edit(
        request, agency, register="ca_scheme", form_class=forms.CrossAppointmentSchemeForm,
        save=services.crossappointment_scheme_save,
        saved=_("Cross-appointment scheme saved."),
        title=_("Cross-appointment scheme"),
        intro=_("II-1 (2): whether your agency has introduced a cross-appointment scheme, "
                "as of 1 April of the fiscal year. The agreements themselves go in the "
                "cross-appointment register."))


def _form_page(request, agency, fiscal_year, form, *, title, intro="", **extra):
    return render(request, "hr/form.html", _base(request, agency, fiscal_year, form=form,
                                                 title=title, intro=intro, **extra))


# --- Row registers: declared in hr/registers.py, pages from the register kit --------------


# --- Indicators (ministries, secretariat, agencies) ---------------------------

@access.allowed(access.sees_agencies)
def indicators(request):
    """The II-1 indicators over every agency, beside the viewer's own scope."""
    from kokken.models import Agency

    mine = access.agencies(request.user)
    fiscal_year = _year(request)
    # The 国研 of that year (27 up to FY2024, 26 from FY2025), never a fixed list.
    all_agencies = Agency.objects.kokken_in(fiscal_year)
    context = reports.indicator_context(fiscal_year=fiscal_year, agencies=all_agencies,
                                        scope=mine, scoped_label=_scope_label(request.user))
    sort = request.GET.get("sort", "abbr")
    return render(request, "hr/indicators.html", {
        **context, "fiscal_year": fiscal_year,
        "years": selectors.year_choices(current=fiscal_year),
        "table": selectors.agency_table(agencies=mine, fiscal_year=fiscal_year, sort=sort),
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

