"""The agency filters every list offers (supervising ministry, designated, funding agency),
as one django-filter FilterSet that pages and API endpoints share.

One class decides what a value means and which values are refused: a page shows the refusal
beside the filter and leaves that filter out (``refused``), the API answers 400 naming the
parameter (its filter backend). A list of things that belong to an agency (sheets, register
rows) subclasses ``AgencyFilter`` with ``agency_path = "agency__"``.
"""

from __future__ import annotations

from typing import ClassVar

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Agency, Ministry

ALL = _("All")


class FlagWidget(forms.Select):
    """``1`` / ``0`` as the pages send them; ``true`` / ``false`` as API clients may."""

    ALIASES: ClassVar[dict[str, str]] = {"true": "1", "false": "0"}

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if isinstance(value, str):
            return self.ALIASES.get(value.lower(), value)
        return value


class FlagFilter(django_filters.ChoiceFilter):
    """A yes/no flag of the agency: ``1`` keeps the flagged ones, ``0`` the others."""

    def __init__(self, *args, yes=None, no=None, **kwargs):
        kwargs.setdefault("empty_label", ALL)
        kwargs.setdefault("widget", FlagWidget)
        super().__init__(*args, choices=[("1", yes or _("Yes")), ("0", no or _("No"))],
                         **kwargs)

    def filter(self, qs, value):
        if value in ("1", "0"):
            return qs.filter(**{self.field_name: value == "1"})
        return qs


class PageFilterSet(django_filters.FilterSet):
    """A list page's FilterSet (its API endpoint subclasses it): controls with ids
    ``f-<name>``; a refused value is named beside its control (``refused``) and left out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.auto_id = "f-%s"

    @property
    def refused(self) -> dict[str, list[str]]:
        """The filters whose value was refused, with why; they are left out of ``qs``."""
        return {name: list(errors) for name, errors in self.errors.items()} if self.is_bound else {}

    @property
    def values(self) -> dict[str, str]:
        """Each filter's value as the page's controls show it: "" when absent or refused."""
        refused = self.refused
        return {name: "" if name in refused else self.form[name].value() or ""
                for name in self.filters}


class AgencyFilter(PageFilterSet):
    """Ministry / designated / funding: the agency list, the round's matrix and aggregate,
    and their API endpoints."""

    agency_path = ""  # from the filtered model to its agency: "" for Agency, "agency__" …

    # help_text documents the API's parameters (in English, as the rest of the schema).
    # An agency's ministries are distinct, so the join gives one row per agency: no DISTINCT
    # (which would get in the way of the querysets these lists build on).
    ministry = django_filters.CharFilter(
        field_name="ministries__code", label=_("Supervising ministry"),
        max_length=Ministry._meta.get_field("code").max_length,
        help_text="Only agencies this ministry supervises (its code, e.g. MEXT).")
    designated = FlagFilter(field_name="designated", label=_("Designated agency"),
                            yes=_("Designated only"), no=_("Not designated"),
                            help_text="Designated agencies only (1) or others (0).")
    funding = FlagFilter(field_name="funding_agency", label=_("Funding agency"),
                         yes=_("Funding agencies only"), no=_("Not funding agencies"),
                         help_text="Funding agencies only (1) or others (0).")

    class Meta:
        model = Agency
        fields = ["ministry", "designated", "funding"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.agency_path:
            for name in AgencyFilter.base_filters:
                self.filters[name].field_name = self.agency_path + self.filters[name].field_name


class AgencyListFilter(AgencyFilter):
    """The agency list page (/agencies/): the agency filters /api/v1/agencies/ takes, and a
    search in the names and abbreviation."""

    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta(AgencyFilter.Meta):
        fields = ["q", "ministry", "designated", "funding"]

    def search(self, qs, name, value):
        return qs.filter(Q(name_ja__icontains=value) | Q(name_en__icontains=value)
                         | Q(abbr__icontains=value) | Q(short_name_ja__icontains=value))
