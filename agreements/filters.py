"""The follow-up's list filters (django-filter), shared by its pages and the API.

``api/filters.py`` subclasses these with the parameters only the API takes (round, agency,
fiscal year): a value the page refuses is the value the API answers 400 for.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from kokken.filters import ALL, AgencyFilter

from .models import Sheet


class SheetFilter(AgencyFilter):
    """A round's sheets by their agency (ministry / designated / funding) and state: the
    round's matrix and ``/api/v1/sheets/``."""

    agency_path = "agency__"
    state = django_filters.ChoiceFilter(choices=Sheet.State.choices, label=_("State"),
                                        empty_label=ALL)

    class Meta:
        model = Sheet
        fields = ["ministry", "designated", "funding", "state"]

