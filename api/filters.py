"""Filters for list endpoints (django-filter); they narrow an already scoped queryset.

The agency and sheet filters are the pages' own (``kokken.filters``, ``agreements.filters``),
subclassed with the parameters only the API takes: the API and the pages filter alike and
refuse the same values.
"""

import django_filters as filters

from agreements import filters as agreements_filters
from kokken import filters as kokken_filters


class AgencyFilter(kokken_filters.AgencyFilter):
    # The name this endpoint took before it shared the pages' ``funding``; kept for clients.
    funding_agency = kokken_filters.FlagFilter(
        field_name="funding_agency", help_text="The same as funding (an earlier name).")

    class Meta(kokken_filters.AgencyFilter.Meta):
        fields = ["ministry", "designated", "funding", "funding_agency"]


class RoundFilter(agreements_filters.RoundFilter):
    fiscal_year = filters.NumberFilter(min_value=1900, max_value=9999)
    questionnaire = filters.NumberFilter(field_name="questionnaire_id", min_value=1,
                                         max_value=2**62)

    class Meta(agreements_filters.RoundFilter.Meta):
        fields = ["fiscal_year", "status", "questionnaire"]


class SheetFilter(agreements_filters.SheetFilter):
    round = filters.NumberFilter(field_name="round_id", min_value=1, max_value=2**62)
    agency = filters.CharFilter(field_name="agency__code")
    fiscal_year = filters.NumberFilter(field_name="round__fiscal_year", min_value=1900,
                                       max_value=9999)

    class Meta(agreements_filters.SheetFilter.Meta):
        fields = ["round", "agency", "state", "fiscal_year", "ministry", "designated", "funding"]


def query_parameters(filterset_class) -> list:
    """OpenAPI parameters of a FilterSet, for an action that applies it itself (drf-spectacular
    documents the filter backend's FilterSet on list endpoints only)."""
    from drf_spectacular.utils import OpenApiParameter

    parameters = []
    for name, filter_ in filterset_class.base_filters.items():
        choices = filter_.extra.get("choices")
        parameters.append(OpenApiParameter(
            name, str, OpenApiParameter.QUERY, required=False,
            description=filter_.extra.get("help_text", ""),
            enum=[value for value, _label in choices] if choices else None))
    return parameters
