"""II-3's row registers, declared once for the register kit (kokken/registers.py)."""

from __future__ import annotations

import django_filters
from django import forms as django_forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from kokken.access import Perm
from kokken.registers import Register, RegisterFilterSet

from . import forms, selectors, services, views
from .models import CaseType, CoiCase, Counterpart, Decision, Sector, Startup

ALL = _("All")


class CaseFilter(RegisterFilterSet):
    case_type = django_filters.ChoiceFilter(label=_("Type of conflict"),
                                            choices=CaseType.choices, empty_label=ALL)
    counterpart = django_filters.ChoiceFilter(label=_("Startup or partner involved"),
                                              choices=Counterpart.choices, empty_label=ALL)
    decision = django_filters.ChoiceFilter(label=_("Decision"), choices=Decision.choices,
                                           empty_label=ALL)

    class Meta:
        model = CoiCase
        fields = ["case_type", "counterpart", "decision"]


class StartupFilter(RegisterFilterSet):
    q = django_filters.CharFilter(label=_("Company name"), field_name="name",
                                  lookup_expr="icontains",
                                  widget=django_forms.TextInput(attrs={"type": "search"}))
    sector = django_filters.ChoiceFilter(label=_("Field"), choices=Sector.choices,
                                         empty_label=ALL)
    certified = django_filters.BooleanFilter(
        label=_("Certified by the agency's programme"),
        widget=django_forms.Select(choices=[("", ALL), ("true", _("Yes")),
                                            ("false", _("No"))]))

    class Meta:
        model = Startup
        fields = ["q", "sector", "certified"]


def _hooks(key: str) -> dict:
    return {
        "namespace": "ip", "key": key,
        "context": views._case_base if key == "coicase" else views._base,
        "year": lambda request, agency: views._year(request),
        "head_template": "ip/list_head.html",
        "import_form": forms.ImportForm,
        "row_template": f"ip/rows/{key}.html",
    }


# Restricted, as II-4's incidents: the agency's approvers, its supervising ministries'
# reviewers and the secretariat see the case log (the access rule); its approvers
# write it; every list, export, edit page and API read is recorded.
CASES = Register(
    **_hooks("coicase"), segment="coi-cases", model=CoiCase, form=forms.CoiCaseForm,
    save=services.case_save, delete=services.case_delete,
    perm=Perm.RESTRICTED, edit_perm=Perm.APPROVE, audit_views=True,
    filterset=CaseFilter, sorts=selectors.CASE_SORTS, default_sort="received",
    file="ip-coi-cases",
    columns=[("received", _("Date received")), ("type", _("Type of conflict")),
             ("decided", _("Date decided")), ("decision", _("Decision"))],
    extra_headers=[_("Days to decision"), _("Mitigation measures"),
                   _("Collaboration continued")],
    row_name=str,
    what="ip.coi_cases", sheet=_("COI-COC cases"),
    excel=[("case_type", _("Type of conflict")),
           ("counterpart", _("Startup or partner involved")),
           ("received_on", _("Date received")), ("decided_on", _("Date decided")),
           ("decision", _("Decision")),
           ("separate_manager", _("Mitigation: separate manager")),
           ("disclosure", _("Mitigation: disclosure")),
           ("recusal", _("Mitigation: recusal")), ("monitoring", _("Mitigation: monitoring")),
           ("other_measure", _("Mitigation: other measure")),
           ("continued", _("Collaboration continued"))],
    labels={
        "title": _("COI/COC case log"),
        "new_title": _("New COI/COC case"), "edit_title": _("Edit COI/COC case"),
        "add": _("Add a case"),
        "intro": _("Restricted: only your approvers, your supervising ministries' reviewers "
                   "and the secretariat see this log, and every view is recorded. One row per "
                   "case the committee received: what kind of conflict and partner, never who. "
                   "Do not enter personal names."),
        "filter_label": _("Filter cases"),
        "caption": _("COI/COC cases, %(fy)s"),
        "count": ngettext_lazy("%(n)s case", "%(n)s cases", "n"),
        "empty": _("No COI/COC case recorded for this fiscal year."),
        "no_match": _("No case matches the filters."),
        "import_title": _("Import COI/COC cases from Excel"),
        "imported": _("%(n)s cases imported."),
    })

STARTUPS = Register(
    **_hooks("startup"), segment="startups", model=Startup, form=forms.StartupForm,
    save=services.startup_save, delete=services.startup_delete,
    filterset=StartupFilter, sorts=selectors.STARTUP_SORTS, default_sort="name",
    file="ip-startups",
    columns=[("name", _("Company name")), ("founded", _("Founding year")),
             ("sector", _("Field"))],
    extra_headers=[_("Support given"), _("Researcher is the manager"),
                   _("Certified by the agency's programme")],
    row_name=lambda row: row.name,
    what="ip.startups", sheet=_("Startups"),
    excel=[("name", _("Company name")), ("founded", _("Founding year")),
           ("sector", _("Field")),
           ("licence", _("Support: licence on preferential terms")),
           ("investment", _("Support: equity or in-kind investment")),
           ("facilities", _("Support: facilities and equipment")),
           ("mentoring", _("Support: mentoring")),
           ("introductions", _("Support: introductions to VCs")),
           ("researcher_manages", _("Researcher is the manager")),
           ("certified", _("Certified by the agency's programme"))],
    labels={
        "title": _("Startups supported"),
        "new_title": _("Add a startup"), "edit_title": _("Edit a startup"),
        "add": _("Add a startup"), "add_in_empty": True,
        "intro": _("The startups your agency supported in the fiscal year and how (as AIST "
                   "Solutions supports its certified startups): company names only, no "
                   "personal names."),
        "filter_label": _("Filter startups"),
        "caption": _("Startups supported, %(fy)s"),
        "count": ngettext_lazy("%(n)s startup", "%(n)s startups", "n"),
        "empty": _("No startup has been registered for this fiscal year."),
        "no_match": _("No startup matches the filters."),
        "import_title": _("Import startups from Excel"),
        "imported": _("Imported %(n)s startups."),
    })

REGISTERS = [CASES, STARTUPS]
