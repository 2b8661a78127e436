"""The follow-up's list filters (django-filter), shared by its pages and the API.

``api/filters.py`` subclasses these with the parameters only the API takes (round, agency,
fiscal year): a value the page refuses is the value the API answers 400 for.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from kokken.filters import ALL, AgencyFilter, PageFilterSet

from .models import Round, Sheet


class SheetFilter(AgencyFilter):
    """A round's sheets by their agency (ministry / designated / funding) and state: the
    round's matrix and ``/api/v1/sheets/``."""

    agency_path = "agency__"
    state = django_filters.ChoiceFilter(choices=Sheet.State.choices, label=_("State"),
                                        empty_label=ALL)

    class Meta:
        model = Sheet
        fields = ["ministry", "designated", "funding", "state"]


class RoundFilter(PageFilterSet):
    """Rounds by status: the rounds page (``RoundListFilter``) and ``/api/v1/rounds/``
    (api/filters.py, with its fiscal_year and questionnaire) refuse the same values."""

    status = django_filters.ChoiceFilter(choices=Round.Status.choices, label=_("Status"),
                                         empty_label=ALL)

    class Meta:
        model = Round
        fields = ["status"]


class RoundListFilter(RoundFilter):
    """The rounds page: status, and the fiscal year as the site's ``fy``."""

    fy = django_filters.NumberFilter(field_name="fiscal_year", label=_("Fiscal year"),
                                     min_value=0, max_value=9999)

    class Meta(RoundFilter.Meta):
        fields = ["fy", "status"]
