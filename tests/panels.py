"""Query counts of a chapter's three home panels (agency, ministry, secretariat), each
called on a request of its own as the home page calls it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kokken.models import Ministry


def panel_query_counts(rf, cast, module, *, fiscal_year: int,
                       secretariat: str = "secretariat_panel") -> list[int]:
    """[agency, ministry, secretariat] queries of ``module``'s panels: RIKEN's approver on
    RIKEN, MEXT's reviewer on MEXT, the secretariat on all."""
    calls = [(cast.approver, lambda r: module.agency_panel(
                 request=r, agency=cast.agency, fiscal_year=fiscal_year)),
             (cast.reviewer, lambda r: module.ministry_panel(
                 request=r, ministry=Ministry.objects.get(code="MEXT"), fiscal_year=fiscal_year)),
             (cast.secretariat, lambda r: getattr(module, secretariat)(
                 request=r, fiscal_year=fiscal_year))]
    counts = []
    for user, call in calls:
        request = rf.get("/")
        request.user = user
        with CaptureQueriesContext(connection) as queries:
            call(request)
        counts.append(len(queries))
    return counts
