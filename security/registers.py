"""II-4's row registers, declared once for the register kit (kokken/registers.py)."""

from __future__ import annotations

import functools

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from kokken.access import Perm
from kokken.registers import Register, RegisterFilterSet

from . import forms, selectors, services, views
from .models import (
    Certainty,
    Control,
    Incident,
    Measure,
    Review,
    ReviewerKind,
    ReviewFollowUp,
    Status,
    Subject,
)

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


def _hooks(key: str, edit_perm: Perm = Perm.EDIT) -> dict:
    return {
        "namespace": "security", "key": key, "edit_perm": edit_perm,
        "context": functools.partial(views._base, edit_perm=edit_perm),
        "year": lambda request, agency: views._year(request),
        "head_template": "security/list_head.html",
        "import_form": forms.ImportForm,
        "row_template": f"security/rows/{key}.html",
    }


# Restricted: seen by the agency's approvers, its supervising ministries' reviewers and the
# secretariat (Perm.RESTRICTED, kokken.access.sees_restricted), written by its approvers;
# every list, export, edit page and API read is recorded in the audit trail.
INCIDENTS = Register(
    **_hooks("incident", Perm.APPROVE), segment="incidents", model=Incident,
    form=forms.IncidentForm, save=services.incident_save, delete=services.incident_delete,
    perm=Perm.RESTRICTED, audit_views=True,
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



class ReviewFilter(RegisterFilterSet):
    reviewer = django_filters.ChoiceFilter(label=_("Reviewer"), choices=ReviewerKind.choices,
                                           empty_label=ALL)
    follow_up = django_filters.ChoiceFilter(label=_("Follow-up status"),
                                            choices=ReviewFollowUp.choices, empty_label=ALL)

    class Meta:
        model = Review
        fields = ["reviewer", "follow_up"]


# ① Objective reviews by authorities, third parties and outside experts (line 504).
REVIEWS = Register(
    **_hooks("review"), segment="reviews", model=Review, form=forms.ReviewForm,
    save=services.review_save, delete=services.review_delete,
    filterset=ReviewFilter, sorts=selectors.REVIEW_SORTS, default_sort="date",
    file="security-reviews",
    columns=[("date", _("Review date")), ("reviewer", _("Reviewer")),
             ("follow_up", _("Follow-up status"))],
    extra_headers=[_("Findings")],
    row_name=str,
    what="security.reviews", sheet=_("Objective reviews"),
    excel=[("reviewed_on", _("Review date")), ("reviewer", _("Reviewer")),
           ("findings", _("Findings")), ("follow_up", _("Follow-up status"))],
    labels={
        "title": _("Objective reviews"),
        "new_title": _("New objective review"), "edit_title": _("Edit objective review"),
        "add": _("Add a review"), "add_in_empty": True,
        "intro": _("Reviews of your research-security measures by the police, the Public "
                   "Security Intelligence Agency, third-party bodies or outside experts "
                   "(agreement II-4 ①), and how their findings are followed up. "
                   "Do not enter personal names."),
        "filter_label": _("Filter reviews"),
        "caption": _("Objective reviews, %(fy)s"),
        "count": ngettext_lazy("%(n)s review", "%(n)s reviews", "n"),
        "empty": _("No objective review recorded for this fiscal year."),
        "no_match": _("No review matches the filters."),
        "import_title": _("Import objective reviews from Excel"),
        "imported": _("%(n)s reviews imported."),
    })


class ControlFilter(RegisterFilterSet):
    measure = django_filters.ChoiceFilter(label=_("Measure"), choices=Measure.choices,
                                          empty_label=ALL)
    in_place = django_filters.BooleanFilter(label=_("In place"))

    class Meta:
        model = Control
        fields = ["measure", "in_place"]


# ④ The information-security checklist: one line per measure (lines 578–586, 図9).
CONTROLS = Register(
    **_hooks("control"), segment="information-security", model=Control,
    form=forms.ControlForm, save=services.control_save, delete=services.control_delete,
    filterset=ControlFilter, sorts=selectors.CONTROL_SORTS, default_sort="measure",
    file="security-information-security",
    columns=[("measure", _("Measure")), ("in_place", _("In place")),
             ("verified", _("Date last verified"))],
    extra_headers=[_("Evidence")],
    row_name=str,
    what="security.controls", sheet=_("Information security"), unique_in_file=("measure",),
    excel=[("measure", _("Measure")), ("in_place", _("In place")), ("evidence", _("Evidence")),
           ("verified_on", _("Date last verified")),
           ("tested_on", _("Date of the last penetration test"))],
    labels={
        "title": _("Information-security checklist"),
        "new_title": _("Add a measure to the checklist"),
        "edit_title": _("Edit a checklist line"),
        "add": _("Add a measure"), "add_in_empty": True,
        "intro": _("The measures the agreement asks of every agency — (ア) access control, "
                   "logs, mass-download monitoring; (イ) awareness against taking data out; "
                   "(ウ) rules against non-issued devices in sensitive areas — and the "
                   "examples of 図9 (EDR, IPS, a penetration test at least yearly, cloud with "
                   "access records): one line per measure, with its evidence and the date "
                   "it was last verified."),
        "filter_label": _("Filter the checklist"),
        "caption": _("Information-security checklist, %(fy)s"),
        "count": ngettext_lazy("%(n)s measure", "%(n)s measures", "n"),
        "empty": _("No measure recorded for this fiscal year."),
        "no_match": _("No measure matches the filters."),
        "import_title": _("Import the information-security checklist from Excel"),
        "imported": _("%(n)s checklist lines imported."),
    })

REGISTERS = [INCIDENTS, REVIEWS, CONTROLS]
