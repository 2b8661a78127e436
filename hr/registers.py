"""II-1's row registers, declared once for the register kit (kokken/registers.py).

Each declaration gives the register's list, form, delete, Excel import / template / export
pages and URLs; the FilterSet is the list's filters."""

from __future__ import annotations

import django_filters
from django import forms as django_forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from kokken.registers import Register, RegisterFilterSet

from . import forms, selectors, services, views
from .models import CrossAppointment, Direction, Initiative, Secondment

ALL = _("All")


class CrossAppointmentFilter(RegisterFilterSet):
    q = django_filters.CharFilter(label=_("Partner or reference"), method="search",
                                  widget=django_forms.TextInput(attrs={"type": "search"}))
    direction = django_filters.ChoiceFilter(label=_("Direction"), choices=Direction.choices,
                                            empty_label=ALL)
    partner_type = django_filters.ChoiceFilter(label=_("Partner type"), empty_label=ALL,
                                               choices=CrossAppointment.PartnerType.choices)

    class Meta:
        model = CrossAppointment
        fields = ["q", "direction", "partner_type"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(partner_name__icontains=value) | Q(reference__icontains=value))


class SecondmentFilter(RegisterFilterSet):
    direction = django_filters.ChoiceFilter(label=_("Direction"), choices=Direction.choices,
                                            empty_label=ALL)
    kind = django_filters.ChoiceFilter(label=_("Type of secondment"), empty_label=ALL,
                                       choices=Secondment.Kind.choices)
    partner_type = django_filters.ChoiceFilter(label=_("Partner type"), empty_label=ALL,
                                               choices=Secondment.PartnerType.choices)

    class Meta:
        model = Secondment
        fields = ["direction", "kind", "partner_type"]


class InitiativeFilter(RegisterFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Initiative"), empty_label=ALL,
                                       choices=Initiative.Kind.choices)

    class Meta:
        model = Initiative
        fields = ["kind"]


def _hooks(key: str) -> dict:
    """What II-1 lends the kit: its page context, year picker and services."""
    return {
        "namespace": "hr", "key": key,
        "context": lambda request, agency, fiscal_year, **extra: views._base(
            request, agency, fiscal_year, **extra),
        "year": lambda request, agency: views._year(request, views._agency_qs(agency)),
        "save": lambda *, instance, user: services.row_save(instance=instance, user=user,
                                                          values={}),
        "delete": services.row_delete,
        "head_template": "hr/partials/list_head.html",
        "form_template": "hr/form.html",
        "delete_template": "hr/confirm_delete.html",
        "import_form": forms.ImportForm,
        "row_template": f"hr/rows/{key}.html",
    }


CROSSAPPOINTMENTS = Register(
    **_hooks("crossappointment"), segment="cross-appointments", model=CrossAppointment,
    form=forms.CrossAppointmentForm, filterset=CrossAppointmentFilter,
    sorts=selectors.CROSSAPPOINTMENT_SORTS, default_sort="start", file="cross-appointments",
    columns=[("partner", _("Partner institution")), ("type", _("Partner type")),
             ("direction", _("Direction")), ("effort", _("Effort share (%)")),
             ("start", _("Start date")), ("end", _("End date"))],
    extra_headers=[_("Settled in the agreement")],
    row_name=lambda row: row.partner_name,
    what="hr.crossappointments", sheet=_("Cross-appointments"),
    excel=[("direction", _("Direction")), ("partner_name", _("Partner institution")),
           ("partner_type", _("Partner type")), ("effort_percent", _("Effort share (%)")),
           ("start_date", _("Start date")), ("end_date", _("End date")),
           ("settles_salary", _("Settles salary")),
           ("settles_social_insurance", _("Settles social insurance")),
           ("settles_work", _("Settles work arrangement")),
           ("settles_ip", _("Settles IP handling")), ("reference", _("Internal reference"))],
    labels={
        "title": _("Cross-appointment agreements"),
        "new_title": _("Add a cross-appointment agreement"),
        "edit_title": _("Edit a cross-appointment agreement"),
        "add": _("Add a cross-appointment agreement"), "add_in_empty": True,
        "intro": _("One agreement per entry. Record the partner institution, never "
                   "the researcher's name."),
        "filter_label": _("Filter cross-appointments"),
        "caption": _("Cross-appointment agreements, %(fy)s"),
        "count": ngettext_lazy("%(n)s agreement", "%(n)s agreements", "n"),
        "no_match": _("No agreement matches these filters."),
        "empty": _("No cross-appointment agreement has been registered for this fiscal year."),
        "import_title": _("Import cross-appointments from Excel"),
        "imported": _("Imported %(n)s cross-appointment agreements."),
    })

SECONDMENTS = Register(
    **_hooks("secondment"), segment="secondments", model=Secondment,
    form=forms.SecondmentForm, filterset=SecondmentFilter,
    sorts=selectors.SECONDMENT_SORTS, default_sort="start", file="secondments",
    columns=[("kind", _("Type of secondment")), ("type", _("Partner type")),
             ("direction", _("Direction")), ("start", _("Start date")), ("end", _("End date"))],
    row_name=lambda row: row.get_kind_display(),
    what="hr.secondments", sheet=_("Secondments"),
    excel=[("direction", _("Direction")), ("kind", _("Type of secondment")),
           ("partner_type", _("Partner type")), ("start_date", _("Start date")),
           ("end_date", _("End date"))],
    labels={
        "title": _("Secondments"),
        "new_title": _("Add a secondment"), "edit_title": _("Edit a secondment"),
        "add": _("Add a secondment"),
        "intro": _("One secondment per entry, without names."),
        "filter_label": _("Filter secondments"),
        "caption": _("Secondments, %(fy)s"),
        "count": ngettext_lazy("%(n)s secondment", "%(n)s secondments", "n"),
        "empty": _("No secondment matches, or none has been registered for this fiscal year."),
        "import_title": _("Import secondments from Excel"),
        "imported": _("Imported %(n)s secondments."),
    })

INITIATIVES = Register(
    **_hooks("initiative"), segment="initiatives", model=Initiative,
    form=forms.InitiativeForm, filterset=InitiativeFilter,
    sorts=selectors.INITIATIVE_SORTS, default_sort="kind", file="initiatives",
    columns=[("kind", _("Initiative")), ("title", _("Title"))],
    extra_headers=[_("Description")],
    row_name=lambda row: row.get_kind_display(),
    what="hr.initiatives", sheet=_("Initiatives"),
    excel=[("kind", _("Initiative")), ("title", _("Title")), ("description", _("Description"))],
    labels={
        "title": _("Other initiatives for personnel mobility"),
        "new_title": _("Add an initiative"), "edit_title": _("Edit an initiative"),
        "add": _("Add an initiative"),
        "intro": _("Initiatives such as year-round hiring, tenure track or career "
                   "support (II-1 (3)), each with a short description."),
        "filter_label": _("Filter initiatives"),
        "caption": _("Other initiatives, %(fy)s"),
        "count": ngettext_lazy("%(n)s initiative", "%(n)s initiatives", "n"),
        "empty": _("No initiative matches, or none has been registered for this fiscal year."),
        "import_title": _("Import initiatives from Excel"),
        "imported": _("Imported %(n)s initiatives."),
    })

REGISTERS = [CROSSAPPOINTMENTS, SECONDMENTS, INITIATIVES]
BY_KEY = {register.key: register for register in REGISTERS}
