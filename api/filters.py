"""Filters for list endpoints (django-filter); they narrow an already scoped queryset."""

import django_filters as filters

from agreements.models import Round, Sheet
from kokken.models import Agency


class AgencyFilter(filters.FilterSet):
    ministry = filters.CharFilter(field_name="ministries__code", distinct=True)

    class Meta:
        model = Agency
        fields = ["ministry", "designated", "funding_agency"]


class RoundFilter(filters.FilterSet):
    fiscal_year = filters.NumberFilter(min_value=1900, max_value=9999)
    status = filters.ChoiceFilter(choices=Round.Status.choices)
    questionnaire = filters.NumberFilter(field_name="questionnaire_id", min_value=1,
                                         max_value=2**62)

    class Meta:
        model = Round
        fields = ["fiscal_year", "status", "questionnaire"]


class SheetFilter(filters.FilterSet):
    round = filters.NumberFilter(field_name="round_id", min_value=1, max_value=2**62)
    agency = filters.CharFilter(field_name="agency__code")
    state = filters.ChoiceFilter(choices=Sheet.State.choices)
    fiscal_year = filters.NumberFilter(field_name="round__fiscal_year", min_value=1900,
                                       max_value=9999)

    class Meta:
        model = Sheet
        fields = ["round", "agency", "state", "fiscal_year"]
