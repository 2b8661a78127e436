"""The II-4 home panels (agency, ministry, secretariat) run the same number of queries whatever
the number of agencies, checklist lines, incidents and years."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kokken.models import Agency, Ministry
from security import contrib
from security.models import REQUIRED_MEASURES
from tests.security import factories as f

FY = 2024


def _panels(rf, cast):
    calls = [(cast.approver, lambda r: contrib.agency_panel(request=r, agency=cast.agency,
                                                           fiscal_year=FY)),
             (cast.reviewer, lambda r: contrib.ministry_panel(
                 request=r, ministry=Ministry.objects.get(code="MEXT"), fiscal_year=FY)),
             (cast.secretariat, lambda r: contrib.secretariat_panel(request=r, fiscal_year=FY))]
    counts = []
    for user, call in calls:
        request = rf.get("/")
        request.user = user
        with CaptureQueriesContext(connection) as queries:
            call(request)
        counts.append(len(queries))
    return counts


def test_the_panels_do_not_grow_with_agencies_rows_or_years(cast, rf):
    f.control(cast.agency, "a_access")
    f.incident(cast.agency)
    few = _panels(rf, cast)
    for agency in Agency.objects.kokken_in(FY)[:12]:
        for year in (FY - 1, FY):
            for measure in REQUIRED_MEASURES:
                if not (agency == cast.agency and year == FY and measure == "a_access"):
                    f.control(agency, measure, fiscal_year=year)
            f.incident(agency, fiscal_year=year, occurred_on=datetime.date(year, 8, 1))
        f.control(agency, "x_pentest", tested_on=datetime.date(FY, 10, 1))
    many = _panels(rf, cast)
    assert many == few, (few, many)
    assert max(many) <= 8, many
