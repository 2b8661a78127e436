"""II-3 indicators on hand-checked sets: percentile arithmetic (PERCENTILE_CONT, linear
interpolation), shares with their non-reporters, startups and the licence-income trend."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ip import selectors
from kokken.models import Agency
from tests.ip import factories as f

pytestmark = pytest.mark.django_db


def two(cast):
    return Agency.objects.filter(pk__in=[cast.agency.pk, cast.other_agency.pk])


def test_percentile_interpolates_as_percentile_cont():
    assert selectors.percentile([10, 20, 30, 40, 100], 0.5) == 30
    assert selectors.percentile([10, 20, 30, 40, 100], 0.9) == pytest.approx(76)
    assert selectors.percentile([5, 15], 0.9) == pytest.approx(14)
    assert selectors.percentile([7], 0.9) == 7
    assert selectors.percentile([], 0.5) is None


def test_median_and_90th_percentile_days_per_agency_and_overall(cast):
    for days in (10, 20, 30, 40, 100):
        f.case(cast.agency, days=days)
    f.case(cast.agency)                                   # pending: not in the days
    for days in (5, 15):
        f.case(cast.other_agency, days=days)
    f.case(cast.agency, fiscal_year=2023, days=900)       # another year
    with CaptureQueriesContext(connection) as queries:
        speed = selectors.decision_speed(fiscal_year=2024,
                                         agencies=[cast.agency.pk, cast.other_agency.pk])
    assert len(queries) <= 2
    assert (speed.median, speed.decided, speed.pending) == (20, 7, 1)
    assert speed.p90 == pytest.approx(64)                 # 40 + 0.4 × (100 − 40)
    assert speed.per_agency[cast.agency.pk] == (30, pytest.approx(76), 5)
    assert speed.per_agency[cast.other_agency.pk] == (10, pytest.approx(14), 2)
    median = selectors.median_days(fiscal_year=2024, agencies=two(cast))
    p90 = selectors.p90_days(fiscal_year=2024, agencies=two(cast))
    assert (median.value, p90.value, median.numerator) == (20, 64, 7)
    assert median.per_agency == {cast.agency.pk: 30, cast.other_agency.pk: 10}
    assert p90.per_agency == {cast.agency.pk: 76, cast.other_agency.pk: 14}


@pytest.mark.django_db
def test_speed_is_computed_in_the_database_on_postgresql(cast):
    if connection.vendor != "postgresql":
        pytest.skip("PERCENTILE_CONT is PostgreSQL's")
    f.case(cast.agency, days=10)
    with CaptureQueriesContext(connection) as queries:
        selectors.decision_speed(fiscal_year=2024, agencies=[cast.agency.pk])
    assert all("PERCENTILE_CONT" in q["sql"] for q in queries) and len(queries) == 2


def test_coordinated_share_keeps_non_reporters_in_the_denominator(cast):
    f.rules(cast.agency, coordinated=True, published=True)
    value = selectors.coordinated_share(fiscal_year=2024, agencies=two(cast))
    assert (value.numerator, value.denominator, value.value, value.not_reported) == (1, 2, 50.0, 1)
    f.rules(cast.other_agency, coordinated=False)
    value = selectors.coordinated_share(fiscal_year=2024, agencies=two(cast))
    assert (value.value, value.not_reported) == (50.0, 0)
    assert value.breakdown[2][1] == 50.0                  # rules published: 1 of 2


def test_share_of_cases_continued_with_mitigation_counts_decided_cases_only(cast):
    f.case(cast.agency, days=10)                                           # mitigation, kept
    f.case(cast.agency, days=10, continued=False)                          # mitigation, ended
    f.case(cast.agency, days=10, decision="approved", continued=True)      # not mitigation
    f.case(cast.agency, days=10, decision="refused", continued=False)
    f.case(cast.agency)                                                    # pending
    value = selectors.continued_with_mitigation(fiscal_year=2024, agencies=two(cast))
    assert (value.numerator, value.denominator, value.value) == (1, 4, 25.0)
    assert value.per_agency == {cast.agency.pk: 25.0}
    assert [v for _label, v in value.breakdown] == [25.0, 50.0, 25.0]


def test_startups_per_agency_and_year(cast):
    f.startup(cast.agency)
    f.startup(cast.agency, name="株式会社二", certified=False)
    f.startup(cast.agency, fiscal_year=2023)
    value = selectors.startups(fiscal_year=2024, agencies=two(cast))
    assert value.value == 2
    assert value.per_agency == {cast.agency.pk: 2.0, cast.other_agency.pk: 0.0}
    assert value.breakdown[1][1] == 1                     # certified by the programme


def test_licence_income_trend_over_five_years_with_non_reporters(cast):
    for year, income in ((2020, 100), (2022, 300), (2024, 500)):
        f.management(cast.agency, fiscal_year=year, licence_income=income,
                     policy_date=datetime.date(2019, 4, 1))
    f.management(cast.other_agency, fiscal_year=2023, licence_income=50)
    value = selectors.licence_income(fiscal_year=2024, agencies=two(cast))
    assert (value.value, value.numerator, value.not_reported) == (500, 1, 1)
    assert [v for _label, v in value.breakdown] == [100, None, 300, 50, 500]


def test_the_population_is_the_kokken_of_the_year_never_a_fixed_27(cast):
    for year, n in ((2024, 27), (2025, 26)):
        value = selectors.coordinated_share(fiscal_year=year,
                                            agencies=Agency.objects.kokken_in(year))
        assert value.denominator == n and value.not_reported == n
