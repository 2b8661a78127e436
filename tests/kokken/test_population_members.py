"""The one reporting-population helper (kokken/selectors.py) behind every indicator's
denominator: training's indicators and security's integrity figures (through ``population``)
count the same bodies the same way."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kokken.models import Agency
from kokken.selectors import population, population_members


def test_the_members_are_the_year_s_agencies_and_who_they_are(db):
    ids, who = population_members(Agency.objects.in_fiscal_year(2025))
    assert sorted(ids) == sorted(Agency.objects.in_fiscal_year(2025).values_list("pk", flat=True))
    assert (who.kokken, who.others) == (26, 1)  # NCGM gone; JIHS an outside body


def test_an_agency_repeated_by_a_join_counts_once(db):
    # AMED, JAXA and JAEA are supervised by both MEXT and METI.
    joined = Agency.objects.filter(ministries__code__in=["MEXT", "METI"])
    assert joined.count() > joined.distinct().count()
    ids, who = population_members(joined)
    assert len(ids) == who.total == joined.distinct().count()
    assert population(joined) == who


def test_agencies_already_loaded_cost_no_query(db):
    loaded = list(Agency.objects.kokken_in(2024))
    with CaptureQueriesContext(connection) as queries:
        ids, who = population_members(loaded)
    assert len(queries) == 0
    assert (len(ids), who.kokken, who.others) == (27, 27, 0)
    with CaptureQueriesContext(connection) as queries:
        again, same = population_members(Agency.objects.kokken_in(2024))
    assert (sorted(again), same) == (sorted(ids), who)
    assert len(queries) == 1


def test_training_indicators_count_their_population_with_the_kit(db):
    from training import selectors

    assert selectors._population is population_members
