"""The good-practice register, declared once for the register kit (kokken/registers.py).

Each agency's entries for a fiscal year are its register (list, form, Excel import /
template / export, history, API). The kit's API lists, beyond the rows of the agencies the
user may view, the published entries of every agency (``visible=access.practices``), so
``/api/v1/practices/entries/?q=年俸制`` searches the whole database.
"""

from __future__ import annotations

import django_filters
from django import forms as django_forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from kokken import access
from kokken.registers import Register, RegisterFilterSet

from . import forms, selectors, services, views
from .models import Chapter, Practice

ALL = _("All")


class PracticeFilter(RegisterFilterSet):
    q = django_filters.CharFilter(label=_("Words"), method="search",
                                  widget=django_forms.TextInput(attrs={"type": "search"}))
    chapter = django_filters.ChoiceFilter(label=_("Chapter"), choices=Chapter.choices,
                                          empty_label=ALL)
    state = django_filters.ChoiceFilter(label=_("State"), choices=Practice.State.choices,
                                        empty_label=ALL)
    tag = django_filters.CharFilter(label=_("Tag"), method="by_tag")

    class Meta:
        model = Practice
        fields = ["q", "chapter", "state", "tag"]

    def search(self, queryset, name, value):
        return selectors.search(queryset, value)

    def by_tag(self, queryset, name, value):
        return selectors.filtered(queryset, tag=value.strip())


PRACTICES = Register(
    namespace="practices", key="practice", segment="entries", model=Practice,
    form=forms.PracticeForm, filterset=PracticeFilter, sorts=selectors.PRACTICE_SORTS,
    default_sort="title", file="good-practices",
    context=views._base, year=lambda request, agency: views._year(request),
    save=services.practice_save, delete=services.practice_delete,
    head_template="practices/list_head.html", import_form=forms.ImportForm,
    row_template="practices/rows/practice.html", visible=access.practices,
    initial=views.initial,
    columns=[("title", _("Title")), ("chapter", _("Chapter and section")),
             ("state", _("State")), ("updated", _("Updated"))],
    row_name=lambda row: row.title_ja,
    what="practices.entries", sheet=_("Good practices"),
    excel=[("title_ja", _("Title (Japanese)")), ("title_en", _("Title (English)")),
           ("summary_ja", _("Summary (Japanese)")), ("summary_en", _("Summary (English)")),
           ("body", _("Description")), ("chapter", _("Chapter")),
           ("section", _("Section")), ("tags", _("Tags")),
           ("questions", _("Related questions")),
           ("reference", _("Where the agreement names it"))],
    labels={
        "title": _("Good practices"),
        "new_title": _("Propose a good practice"),
        "edit_title": _("Edit a good practice (draft)"),
        "add": _("Propose a good practice"), "add_in_empty": True,
        "intro": _("Your agency's proposals to the good-practice database (好事例データベース). "
                   "A draft is yours to change; once submitted, the secretariat, the council "
                   "of agencies (国研協) or your supervising ministry publishes it for every "
                   "agency."),
        "filter_label": _("Filter good practices"),
        "caption": _("Good practices proposed, %(fy)s"),
        "count": ngettext_lazy("%(n)s entry", "%(n)s entries", "n"),
        "no_match": _("No entry matches these filters."),
        "empty": _("Your agency has proposed no good practice for this fiscal year."),
        "import_title": _("Import good practices from Excel"),
        "imported": _("Imported %(n)s good practices as drafts."),
    })

REGISTERS = [PRACTICES]
