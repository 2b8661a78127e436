"""II-4's row registers, declared once for the register kit (kokken/registers.py)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from kokken.access import Perm
from kokken.registers import Register, RegisterFilterSet

from . import forms, selectors, services, views
from .models import Certainty, Incident, Status, Subject

ALL = _("All")


class IncidentFilter(RegisterFilterSet):
    subject = django_filters.ChoiceFilter(label=_("What leaked"), choices=Subject.choices,
                                          empty_label=ALL)
    certainty = django_filters.ChoiceFilter(label=_("Suspected or confirmed"),
                                            choices=Certainty.choices, empty_label=ALL)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices,
                                         empty_label=ALL)

    class Meta:
        model = Incident
        fields = ["subject", "certainty", "status"]


def _hooks(key: str) -> dict:
    return {
        "namespace": "security", "key": key,
        "context": views._base,
        "year": lambda request, agency: views._year(request),
        "head_template": "security/list_head.html",
        "import_form": forms.ImportForm,
        "row_template": f"security/rows/{key}.html",
    }


# Restricted: seen by the agency's approvers, its supervising ministries' reviewers and the
# secretariat (Perm.RESTRICTED, kokken.access.sees_restricted), written by its approvers;
# every list, export, edit page and API read is recorded in the audit trail.
INCIDENTS = Register(
    **_hooks("incident"), segment="incidents", model=Incident, form=forms.IncidentForm,
    save=services.incident_save, delete=services.incident_delete,
    perm=Perm.RESTRICTED, edit_perm=Perm.APPROVE, audit_views=True,
    filterset=IncidentFilter, sorts=selectors.INCIDENT_SORTS, default_sort="date",
    file="security-incidents",
    columns=[("date", _("Date found")), ("subject", _("What leaked")),
             ("status", _("Status"))],
    extra_headers=[_("Suspected or confirmed"), _("Reported to the authorities")],
    row_name=str,
    what="security.incidents", sheet=_("Incidents"),
    excel=[("occurred_on", _("Date found")), ("subject", _("What leaked")),
           ("certainty", _("Suspected or confirmed")),
           ("reported", _("Reported to the authorities")), ("reported_on", _("Date reported")),
           ("status", _("Status")), ("lessons", _("Lessons learned"))],
    labels={
        "title": _("Incidents (technology or information leakage)"),
        "new_title": _("New incident"), "edit_title": _("Edit incident"),
        "add": _("Add an incident"),
        "intro": _("Restricted: only your approvers, your supervising ministries' reviewers and "
                   "the secretariat see this register, and every view is recorded. "
                   "Do not enter personal names."),
        "filter_label": _("Filter incidents"),
        "caption": _("Incidents, %(fy)s"),
        "count": ngettext_lazy("%(n)s incident", "%(n)s incidents", "n"),
        "empty": _("No incident recorded for this fiscal year."),
        "no_match": _("No incident matches the filters."),
        "import_title": _("Import incidents from Excel"),
        "imported": _("%(n)s incidents imported."),
    })

REGISTERS = [INCIDENTS]
