"""The II-4 home panels (agency, ministry, secretariat) run the same number of queries whatever
the number of agencies, checklist lines, incidents and years."""

import datetime

from kokken import figures
from kokken.models import Agency
from security import contrib
from security.models import REQUIRED_MEASURES
from tests.panels import panel_query_counts
from tests.security import factories as f

FY = 2024


def _panels(rf, cast):
    return panel_query_counts(rf, cast, contrib, fiscal_year=FY, secretariat="secretariat_panel")


def test_the_panels_do_not_grow_with_agencies_rows_or_years(cast, rf):
    f.control(cast.agency, "a_access")
    f.incident(cast.agency)
    figures.agencies_of_year(None, FY)  # kept in the cache from then on, as on a home
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
