"""II-2's row register, declared once for the register kit (kokken/registers.py)."""

from __future__ import annotations

import django_filters
from django import forms as django_forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from kokken.registers import Register, RegisterFilterSet

from . import forms, selectors, services, views
from .models import Category, Format, Programme

ALL = _("All")


class ProgrammeFilter(RegisterFilterSet):
    q = django_filters.CharFilter(label=_("Title or provider"), method="search",
                                  widget=django_forms.TextInput(attrs={"type": "search"}))
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Category.choices,
                                           empty_label=ALL)
    format = django_filters.ChoiceFilter(label=_("Format"), choices=Format.choices,
                                         empty_label=ALL)

    class Meta:
        model = Programme
        fields = ["q", "category", "format"]

    def search(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(title__icontains=value) | Q(provider__icontains=value))


def _hooks(key: str) -> dict:
    return {
        "namespace": "training", "key": key,
        "context": views._base,
        "year": lambda request, agency: views._year(request),
        "save": services.programme_save,
        "delete": services.programme_delete,
        "delete_refusal": services.programme_delete_refusal,
        "head_template": "training/list_head.html",
        "import_form": forms.ImportForm,
        "row_template": f"training/rows/{key}.html",
    }


PROGRAMMES = Register(
    **_hooks("programme"), segment="programmes", model=Programme, form=forms.ProgrammeForm,
    filterset=ProgrammeFilter, sorts=selectors.PROGRAMME_SORTS, default_sort="title",
    file="training-programmes",
    columns=[("title", _("Programme title")), ("category", _("Category")),
             ("start", _("Dates")), ("capacity", _("Seats for other agencies"))],
    extra_headers=[_("Format"), _("Open to other agencies")],
    row_name=lambda row: row.title,
    what="training.programmes", sheet=_("Training programmes"),
    excel=[("title", _("Programme title")), ("provider", _("Outside provider")),
           ("category", _("Category")), ("format", _("Format")),
           ("in_japanese", _("Offered in Japanese")), ("in_english", _("Offered in English")),
           ("always_open", _("Always open")), ("start_date", _("Start date")),
           ("end_date", _("End date")), ("open_to_others", _("Open to other agencies")),
           ("capacity", _("Seats for other agencies")), ("url", _("Web page"))],
    labels={
        "title": _("Training catalogue"),
        "new_title": _("Add a training programme"),
        "edit_title": _("Edit a training programme"),
        "add": _("Add a training programme"), "add_in_empty": True,
        "intro": _("The programmes your agency runs or arranges, one per entry. Open a "
                   "programme to other agencies to take their seat requests (相互乗り入れ)."),
        "filter_label": _("Filter programmes"),
        "caption": _("Training programmes, %(fy)s"),
        "count": ngettext_lazy("%(n)s programme", "%(n)s programmes", "n"),
        "no_match": _("No programme matches these filters."),
        "empty": _("No training programme has been registered for this fiscal year."),
        "import_title": _("Import training programmes from Excel"),
        "imported": _("Imported %(n)s training programmes."),
    })

REGISTERS = [PROGRAMMES]
