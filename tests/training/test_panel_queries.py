"""The II-2 home panels (agency, ministry, secretariat) run the same number of queries whatever
the number of agencies, programmes, seat requests, needs records and years."""

from kokken import figures
from kokken.models import Agency
from tests.panels import panel_query_counts
from tests.training import factories as f
from training import contrib
from training.models import Strategy, Uptake

FY = 2024


def _panels(rf, cast):
    return panel_query_counts(rf, cast, contrib, fiscal_year=FY, secretariat="panel")


def test_the_panels_do_not_grow_with_agencies_rows_or_years(cast, rf):
    f.seat_request(cast.agency, f.programme(cast.other_agency))
    figures.agencies_of_year(None, FY)  # kept in the cache from then on, as on a home
    few = _panels(rf, cast)
    agencies = list(Agency.objects.kokken_in(FY)[:12])
    for n, agency in enumerate(agencies):
        for year in (FY - 1, FY):
            programme = f.programme(agency, fiscal_year=year, title=f"研修{n}-{year}")
            f.seat_request(agencies[(n + 1) % len(agencies)], programme, seats=1,
                           state="accepted" if n % 2 else "requested")
            f.needs(agency, fiscal_year=year, research_management="unmet")
            Uptake.objects.create(agency=agency, fiscal_year=year, ip=n)
            Strategy.objects.create(agency=agency, fiscal_year=year, exists=False)
    many = _panels(rf, cast)
    assert many == few, (few, many)
    assert max(many) <= 8, many
