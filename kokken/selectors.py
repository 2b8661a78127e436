"""Named reads of organisations, shared by pages, API and exports."""

from django.db.models import Q, QuerySet

from . import access
from .models import Agency, Ministry, User

AGENCY_SORTS = {
    "code": "code",
    "-code": "-code",
    "abbr": "abbr",
    "-abbr": "-abbr",
    "name": "name_ja",
    "-name": "-name_ja",
}


def agency_list(*, user: User, ministry: str = "", designated: str = "", funding: str = "",
                q: str = "", sort: str = "abbr") -> QuerySet[Agency]:
    """The agencies ``user`` may see, filtered and sorted as a list page asks."""
    qs = access.agencies(user).prefetch_related("ministries")
    if ministry:
        qs = qs.filter(ministries__code=ministry)
    if designated in {"1", "0"}:
        qs = qs.filter(designated=designated == "1")
    if funding in {"1", "0"}:
        qs = qs.filter(funding_agency=funding == "1")
    if q:
        qs = qs.filter(
            Q(name_ja__icontains=q) | Q(name_en__icontains=q) | Q(abbr__icontains=q)
            | Q(short_name_ja__icontains=q)
        )
    return qs.order_by(AGENCY_SORTS.get(sort, "abbr"), "code").distinct()


def ministry_filter_choices(user: User) -> QuerySet[Ministry]:
    """Ministries that supervise at least one agency the user sees."""
    return Ministry.objects.filter(agencies__in=access.agencies(user)).distinct().order_by("order")
