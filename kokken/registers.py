"""The register kit: one declaration of an agency's yearly register of rows gives its pages.

A chapter app declares a ``Register`` (model, form, FilterSet, columns and sorts, labels,
row template, Excel hooks) and gets, with the same URL names every time:

* ``<key>s`` list (filters from the FilterSet, sortable columns, pagination), one template;
* ``<key>_create`` / ``<key>_edit`` / ``<key>_delete``;
* ``<key>_import`` / ``<key>_template`` / ``<key>_export`` (Excel, recorded as data transfers).

Access comes from kokken.access rules declared by the generated views: VIEW on the agency
for the list and export, EDIT for the rest; rows are loaded by the rule (``Scoped``), so no
view can forget the check. Writes go through the chapter's services. The core imports no app:
chapter-specific behaviour arrives as callables in the declaration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import django_filters
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from . import access, wareki
from .access import Perm
from .models import DataTransfer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 25


class RegisterFilterSet(django_filters.FilterSet):
    """Base of a register's filters: ids ``f-<name>`` and "All" as the empty choice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.auto_id = "f-%s"

    @property
    def active(self) -> bool:
        return any(self.form.data.get(name) for name in self.filters)


@dataclass
class Register:
    """One agency-owned, per-fiscal-year register of rows."""

    key: str                      # "crossappointment": URL names and kwargs derive from it
    namespace: str                # the chapter app's URL namespace ("hr")
    segment: str                  # URL segment ("cross-appointments")
    model: type[Model]
    form: type[ModelForm]
    filterset: type[RegisterFilterSet]
    columns: list[tuple[str, Any]]            # sortable columns: (sort key, header label)
    sorts: dict[str, tuple]                   # sort key → order_by fields
    default_sort: str
    row_template: str                         # the <th>/<td>s of one row
    labels: dict[str, Any]                    # title, new_title, edit_title, intro, add,
    #                                           filter_label, caption, empty, no_match,
    #                                           count (ngettext_lazy keyed by "n"), import_title,
    #                                           imported
    file: str                                 # file name stem of the Excel downloads
    what: str                                 # DataTransfer.what prefix ("hr.crossappointments")
    extra_headers: list[Any] = field(default_factory=list)  # unsortable columns after those
    head_template: str = ""                   # the chapter's page head (navigation, year)
    form_template: str = ""
    delete_template: str = ""
    import_template: str = ""
    import_form: type | None = None
    # Chapter hooks (the core imports no chapter):
    context: Callable[..., dict] = None       # (request, agency, fiscal_year, **extra) → context
    year: Callable[..., int] = None           # (request, agency) → the fiscal year shown
    save: Callable[..., Model] = None         # (instance=, user=) → saved row
    delete: Callable[..., None] = None        # (instance=, user=) → None
    import_rows: Callable[..., Any] = None    # (agency=, fiscal_year=, upload=, user=, replace=)
    template_book: Callable[[], bytes] = None
    export_book: Callable[[QuerySet], bytes] = None
    row_name: Callable[[Model], str] = str    # how a row is named to screen readers

    # --- names ---------------------------------------------------------------------------
    def url_name(self, action: str) -> str:
        suffix = {"list": "s", "edit": "_edit", "delete": "_delete", "create": "_create",
                  "import": "_import", "template": "_template", "export": "_export"}[action]
        return f"{self.namespace}:{self.key}{suffix}"

    @property
    def conf(self) -> dict:
        """What the shared templates read: URL names and labels."""
        return {"list": self.url_name("list"), "edit": self.url_name("edit"),
                "delete": self.url_name("delete"), "create": self.url_name("create"),
                "import": self.url_name("import"), "workbook": self.url_name("template"),
                "export": self.url_name("export"), "file": self.file, **self.labels}

    def list_url(self, agency, fiscal_year: int) -> str:
        return f"{reverse(self.url_name('list'), kwargs={'agency': agency.code})}?fy={fiscal_year}"

    def rows(self, *, agency, fiscal_year: int) -> QuerySet:
        return self.model.objects.filter(agency=agency, fiscal_year=fiscal_year)

    # --- views ---------------------------------------------------------------------------
    def list_view(self):
        @access.agency_view(Perm.VIEW)
        def view(request, agency):
            fiscal_year = self.year(request, agency)
            filterset = self.filterset(request.GET or None,
                                       queryset=self.rows(agency=agency, fiscal_year=fiscal_year))
            sort = request.GET.get("sort", self.default_sort)
            qs = filterset.qs.order_by(*self.sorts.get(sort, self.sorts[self.default_sort]))
            page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
            for row in page.object_list:
                row.row_name = self.row_name(row)
            total = page.paginator.count
            return render(request, "kokken/register_list.html", self.context(
                request, agency, fiscal_year, page=page, total=total, filterset=filterset,
                sort=sort, columns=self.columns, extra_headers=self.extra_headers,
                conf=self.conf, register=self,
                caption=self.labels["caption"] % {"fy": wareki.fiscal_year_label(fiscal_year)},
                count_label=self.labels["count"] % {"n": total}))
        return self._named(view, "s")

    def _form(self, request, agency, instance, fiscal_year):
        form = self.form(request.POST or None, instance=instance)
        if request.method == "POST" and form.is_valid():
            self.save(instance=form.instance, user=request.user)
            messages.success(request, _("Saved."))
            return redirect(self.list_url(agency, fiscal_year))
        title = self.labels["edit_title"] if instance.pk else self.labels["new_title"]
        return render(request, self.form_template, self.context(
            request, agency, fiscal_year, form=form, title=title, intro=self.labels["intro"],
            back=self.list_url(agency, fiscal_year)))

    def create_view(self):
        @access.agency_view(Perm.EDIT)
        def view(request, agency):
            fiscal_year = self.year(request, agency)
            return self._form(request, agency, self.model(agency=agency, fiscal_year=fiscal_year),
                              fiscal_year)
        return self._named(view, "_create")

    def _loader(self) -> dict:
        return {self.key: self.model.objects.select_related("agency")}

    def edit_view(self):
        @access.scoped(Perm.EDIT, **self._loader())
        def view(request, **kwargs):
            instance = kwargs[self.key]
            return self._form(request, instance.agency, instance, instance.fiscal_year)
        return self._named(view, "_edit")

    def delete_view(self):
        @access.scoped(Perm.EDIT, **self._loader())
        def view(request, **kwargs):
            instance = kwargs[self.key]
            agency, fiscal_year = instance.agency, instance.fiscal_year
            if request.method == "POST":
                self.delete(instance=instance, user=request.user)
                messages.success(request, _("Deleted."))
                return redirect(self.list_url(agency, fiscal_year))
            return render(request, self.delete_template, self.context(
                request, agency, fiscal_year, object=instance, conf=self.conf,
                name=self.row_name(instance), back=self.list_url(agency, fiscal_year)))
        return self._named(view, "_delete")

    def import_view(self):
        @access.agency_view(Perm.EDIT)
        def view(request, agency):
            fiscal_year = self.year(request, agency)
            form = self.import_form(request.POST or None, request.FILES or None)
            errors = []
            if request.method == "POST" and form.is_valid():
                result = self.import_rows(agency=agency, fiscal_year=fiscal_year,
                                          upload=form.cleaned_data["file"], user=request.user,
                                          replace=form.cleaned_data["replace"])
                if result.ok:
                    messages.success(request, self.labels["imported"] % {"n": result.saved})
                    return redirect(self.list_url(agency, fiscal_year))
                errors = result.errors
            return render(request, self.import_template, self.context(
                request, agency, fiscal_year, form=form, conf=self.conf, import_errors=errors))
        return self._named(view, "_import")

    def template_view(self):
        @access.agency_view(Perm.EDIT)
        def view(request, agency):
            content = self.template_book()
            filename = f"{self.file}-template.xlsx"
            DataTransfer.record(user=request.user, direction=DataTransfer.Direction.EXPORT,
                                what=f"{self.what} template", filename=filename,
                                size=len(content), agency=agency)
            return xlsx_response(content, filename)
        return self._named(view, "_template")

    def export_view(self):
        @access.agency_view(Perm.VIEW)
        def view(request, agency):
            fiscal_year = self.year(request, agency)
            content = self.export_book(self.rows(agency=agency, fiscal_year=fiscal_year))
            filename = f"{self.file}-{agency.code}-FY{fiscal_year}.xlsx"
            DataTransfer.record(user=request.user, direction=DataTransfer.Direction.EXPORT,
                                what=f"{self.what} {fiscal_year}", filename=filename,
                                size=len(content), agency=agency)
            return xlsx_response(content, filename)
        return self._named(view, "_export")

    def _named(self, view, suffix: str):
        view.__name__ = view.__qualname__ = f"{self.key}{suffix}"
        return view

    # --- URLs ----------------------------------------------------------------------------
    def urls(self) -> list:
        """The register's URLs, under the chapter's namespace (include them in its urls.py)."""
        a = f"agencies/<slug:agency>/{self.segment}/"
        one = f"{self.segment}/<int:{self.key}>/"
        return [
            path(a, self.list_view(), name=f"{self.key}s"),
            path(a + "new/", self.create_view(), name=f"{self.key}_create"),
            path(one, self.edit_view(), name=f"{self.key}_edit"),
            path(one + "delete/", self.delete_view(), name=f"{self.key}_delete"),
            path(a + "import/", self.import_view(), name=f"{self.key}_import"),
            path(a + "template.xlsx", self.template_view(), name=f"{self.key}_template"),
            path(a + "export.xlsx", self.export_view(), name=f"{self.key}_export"),
        ]


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
