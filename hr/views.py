"""Pages of chapter II-1. Thin: access from kokken.access, reads from selectors,
writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kokken import access
from kokken.access import Perm
from kokken.models import DataTransfer

from . import forms, reports, selectors, services
from .models import CrossAppointment, Direction, Initiative, Secondment

PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    return {"agency": agency, "fiscal_year": fiscal_year, "years": selectors.year_choices(),
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


def _form_page(request, agency, fiscal_year, form, *, title, intro="", **extra):
    return render(request, "hr/form.html", _base(request, agency, fiscal_year, form=form,
                                                 title=title, intro=intro, **extra))


# --- Row registers: cross-appointments, secondments, initiatives -------------

ROWS = {
    "crossappointment": {
        "model": CrossAppointment, "form": forms.CrossAppointmentForm,
        "list": "hr:crossappointments", "edit": "hr:crossappointment_edit",
        "delete": "hr:crossappointment_delete", "template": "hr/crossappointment_list.html",
        "import": "hr:crossappointment_import", "workbook": "hr:crossappointment_template",
        "export": "hr:crossappointment_export",
        "file": "cross-appointments",
        "import_title": gettext_lazy("Import cross-appointments from Excel"),
        "imported": gettext_lazy("Imported %(n)s cross-appointment agreements."),
        "title": gettext_lazy("Cross-appointment agreements"),
        "new_title": gettext_lazy("Add a cross-appointment agreement"),
        "edit_title": gettext_lazy("Edit a cross-appointment agreement"),
        "intro": gettext_lazy("One agreement per entry. Record the partner institution, never "
                              "the researcher's name."),
    },
    "secondment": {
        "model": Secondment, "form": forms.SecondmentForm,
        "list": "hr:secondments", "edit": "hr:secondment_edit", "delete": "hr:secondment_delete",
        "template": "hr/secondment_list.html",
        "import": "hr:secondment_import", "workbook": "hr:secondment_template",
        "export": "hr:secondment_export",
        "file": "secondments",
        "import_title": gettext_lazy("Import secondments from Excel"),
        "imported": gettext_lazy("Imported %(n)s secondments."),
        "title": gettext_lazy("Secondments"),
        "new_title": gettext_lazy("Add a secondment"),
        "edit_title": gettext_lazy("Edit a secondment"),
        "intro": gettext_lazy("One secondment per entry, without names."),
    },
    "initiative": {
        "model": Initiative, "form": forms.InitiativeForm,
        "list": "hr:initiatives", "edit": "hr:initiative_edit", "delete": "hr:initiative_delete",
        "template": "hr/initiative_list.html",
        "import": "hr:initiative_import", "workbook": "hr:initiative_template",
        "export": "hr:initiative_export",
        "file": "initiatives",
        "import_title": gettext_lazy("Import initiatives from Excel"),
        "imported": gettext_lazy("Imported %(n)s initiatives."),
        "title": gettext_lazy("Other initiatives for personnel mobility"),
        "new_title": gettext_lazy("Add an initiative"),
        "edit_title": gettext_lazy("Edit an initiative"),
        "intro": gettext_lazy("Initiatives such as year-round hiring, tenure track or career "
                              "support (II-1 (3)), each with a short description."),
    },
}


def _list_page(request, agency, kind, queryset, filters, sort, columns, **extra):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    fiscal_year = extra.pop("fiscal_year")
    return render(request, ROWS[kind]["template"], _base(
        request, agency, fiscal_year, page=page, total=page.paginator.count, filters=filters,
        sort=sort, columns=columns, conf=ROWS[kind], **extra))


@access.agency_view(Perm.VIEW)
def crossappointments(request, agency):
    fiscal_year = _year(request, _agency_qs(agency))
    filters = {k: request.GET.get(k, "") for k in ("direction", "partner_type", "q")}
    sort = request.GET.get("sort", "start")
    qs = selectors.crossappointment_list(agency=agency, fiscal_year=fiscal_year, sort=sort,
                                         **filters)
    return _list_page(request, agency, "crossappointment", qs, filters, sort, [
        ("partner", _("Partner institution")), ("type", _("Partner type")),
        ("direction", _("Direction")), ("effort", _("Effort share (%)")),
        ("start", _("Start date")), ("end", _("End date"))],
        fiscal_year=fiscal_year, directions=Direction.choices,
        partner_types=CrossAppointment.PartnerType.choices)


@access.agency_view(Perm.VIEW)
def secondments(request, agency):
    fiscal_year = _year(request, _agency_qs(agency))
    filters = {k: request.GET.get(k, "") for k in ("direction", "kind", "partner_type")}
    sort = request.GET.get("sort", "start")
    qs = selectors.secondment_list(agency=agency, fiscal_year=fiscal_year, sort=sort, **filters)
    return _list_page(request, agency, "secondment", qs, filters, sort, [
        ("kind", _("Type of secondment")), ("type", _("Partner type")),
        ("direction", _("Direction")), ("start", _("Start date")), ("end", _("End date"))],
        fiscal_year=fiscal_year, directions=Direction.choices, kinds=Secondment.Kind.choices,
        partner_types=Secondment.PartnerType.choices)


@access.agency_view(Perm.VIEW)
def initiatives(request, agency):
    fiscal_year = _year(request, _agency_qs(agency))
    filters = {"kind": request.GET.get("kind", "")}
    sort = request.GET.get("sort", "kind")
    qs = selectors.initiative_list(agency=agency, fiscal_year=fiscal_year, sort=sort, **filters)
    return _list_page(request, agency, "initiative", qs, filters, sort,
                      [("kind", _("Initiative")), ("title", _("Title"))],
                      fiscal_year=fiscal_year, kinds=Initiative.Kind.choices)


def _row_form(request, agency, kind, instance, fiscal_year):
    conf = ROWS[kind]
    form = conf["form"](request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.row_save(instance=form.instance, user=request.user, values={})
        messages.success(request, _("Saved."))
        return redirect(_register_url(agency, fiscal_year, conf["list"]))
    return _form_page(request, agency, fiscal_year, form,
                      title=conf["edit_title"] if instance.pk else conf["new_title"],
                      intro=conf["intro"], back=_register_url(agency, fiscal_year, conf["list"]))


def _row_create(kind):
    @access.agency_view(Perm.EDIT)
    def view(request, agency):
        fiscal_year = _year(request, _agency_qs(agency))
        instance = ROWS[kind]["model"](agency=agency, fiscal_year=fiscal_year)
        return _row_form(request, agency, kind, instance, fiscal_year)

    view.__name__ = f"{kind}_create"
    return view


def _row_edit(kind):
    @access.scoped(Perm.EDIT, **{kind: ROWS[kind]["model"].objects.select_related("agency")})
    def view(request, **kwargs):
        instance = kwargs[kind]
        return _row_form(request, instance.agency, kind, instance, instance.fiscal_year)

    view.__name__ = f"{kind}_edit"
    return view


def _row_delete(kind):
    @access.scoped(Perm.EDIT, **{kind: ROWS[kind]["model"].objects.select_related("agency")})
    def view(request, **kwargs):
        conf = ROWS[kind]
        instance = kwargs[kind]
        agency, fiscal_year = instance.agency, instance.fiscal_year
        if request.method == "POST":
            services.row_delete(instance=instance)
            messages.success(request, _("Deleted."))
            return redirect(_register_url(agency, fiscal_year, conf["list"]))
        # Cross-appointments have a partner, secondments and initiatives a kind: the template
        # must not guess (a missing method in a filter argument is a 500).
        name = getattr(instance, "partner_name", "") or (
            instance.get_kind_display() if hasattr(instance, "get_kind_display") else "")
        return render(request, "hr/confirm_delete.html", _base(
            request, agency, fiscal_year, object=instance, conf=conf, name=name,
            back=_register_url(agency, fiscal_year, conf["list"])))

    view.__name__ = f"{kind}_delete"
    return view


crossappointment_create = _row_create("crossappointment")
crossappointment_edit = _row_edit("crossappointment")
crossappointment_delete = _row_delete("crossappointment")
secondment_create = _row_create("secondment")
secondment_edit = _row_edit("secondment")
secondment_delete = _row_delete("secondment")
initiative_create = _row_create("initiative")
initiative_edit = _row_edit("initiative")
initiative_delete = _row_delete("initiative")


# --- Excel: the row registers share one import, template and export ------------

def _row_import(kind):
    @access.agency_view(Perm.EDIT)
    def view(request, agency):
        conf = ROWS[kind]
        fiscal_year = _year(request, _agency_qs(agency))
        form = forms.ImportForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            result = services.rows_import(
                kind=kind, agency=agency, fiscal_year=fiscal_year,
                upload=form.cleaned_data["file"], user=request.user,
                replace=form.cleaned_data["replace"])
            if result.ok:
                messages.success(request, conf["imported"] % {"n": result.saved})
                return redirect(_register_url(agency, fiscal_year, conf["list"]))
            errors = result.errors
        return render(request, "hr/import.html", _base(request, agency, fiscal_year, form=form,
                                                       conf=conf, import_errors=errors))

    view.__name__ = f"{kind}_import"
    return view


def _row_template(kind):
    @access.agency_view(Perm.EDIT)
    def view(request, agency):
        content = services.rows_template(kind=kind)
        filename = f"{ROWS[kind]['file']}-template.xlsx"
        DataTransfer.record(user=request.user, direction=DataTransfer.Direction.EXPORT,
                            what=f"{services.ROW_IMPORTS[kind].what} template",
                            filename=filename, size=len(content), agency=agency)
        return _xlsx(content, filename)

    view.__name__ = f"{kind}_template"
    return view


def _row_export(kind):
    @access.agency_view(Perm.VIEW)
    def view(request, agency):
        conf = ROWS[kind]
        fiscal_year = _year(request, _agency_qs(agency))
        queryset = conf["model"].objects.filter(agency=agency, fiscal_year=fiscal_year)
        content = reports.workbook([reports.rows_dataset(kind, queryset)])
        filename = f"{conf['file']}-{agency.code}-FY{fiscal_year}.xlsx"
        DataTransfer.record(user=request.user, direction=DataTransfer.Direction.EXPORT,
                            what=f"{services.ROW_IMPORTS[kind].what} {fiscal_year}",
                            filename=filename, size=len(content), agency=agency)
        return _xlsx(content, filename)

    view.__name__ = f"{kind}_export"
    return view


crossappointment_import = _row_import("crossappointment")
crossappointment_template = _row_template("crossappointment")
crossappointment_export = _row_export("crossappointment")
secondment_import = _row_import("secondment")
secondment_template = _row_template("secondment")
secondment_export = _row_export("secondment")
initiative_import = _row_import("initiative")
initiative_template = _row_template("initiative")
initiative_export = _row_export("initiative")


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Indicators (ministries, secretariat, agencies) ---------------------------

@access.allowed(access.sees_agencies)
def indicators(request):
    """The II-1 indicators over every agency, beside the viewer's own scope."""
    from kokken.models import Agency

    mine = access.agencies(request.user)
    all_agencies = Agency.objects.all()
    fiscal_year = _year(request)
    context = reports.indicator_context(fiscal_year=fiscal_year, agencies=all_agencies,
                                        scope=mine, scoped_label=_scope_label(request.user))
    sort = request.GET.get("sort", "abbr")
    return render(request, "hr/indicators.html", {
        **context, "fiscal_year": fiscal_year, "years": selectors.year_choices(),
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
    return _xlsx(content, filename)

