"""The II-2 indicators' arithmetic, and footnote 4's 「27 機関中 13 機関」 from data shaped
like the agreement's."""

import pytest

from kokken.models import Agency
from tests.training import factories as f
from training import selectors
from training.models import NEED_FIELDS

pytestmark = pytest.mark.django_db


def test_footnote_4_thirteen_of_twenty_seven_agencies_use_or_want_outside_training(cast):
    agencies = Agency.objects.kokken_in(2023)
    assert agencies.count() == 27
    ordered = list(agencies.order_by("code"))
    # 8 use outside training, 5 only want to, 12 neither, 2 did not answer.
    for agency in ordered[:8]:
        f.needs(agency, uses=True, research_management="outside")
    for agency in ordered[8:13]:
        f.needs(agency, wants=True, accounting="unmet")
    for agency in ordered[13:25]:
        f.needs(agency, ip="own")
    value = selectors.external_training(fiscal_year=2023, agencies=agencies)
    assert (value.numerator, value.denominator) == (13, 27)
    assert value.value == pytest.approx(48.1)
    assert value.not_reported == 2
    assert "27" in value.population
    unmet = dict(zip(NEED_FIELDS, (share for _label, share in value.breakdown)))
    assert unmet["accounting"] == pytest.approx(round(100 * 5 / 27, 1))
    assert unmet["research_management"] == 0


def test_external_training_runs_two_queries_whatever_the_number_of_agencies(
        cast, django_assert_num_queries):
    agencies = Agency.objects.kokken_in(2023)
    for agency in agencies[:3]:
        f.needs(agency, uses=True, ip="outside")
    with django_assert_num_queries(2):
        selectors.external_training(fiscal_year=2023, agencies=agencies)
    for agency in agencies[3:20]:
        f.needs(agency, wants=True)
    with django_assert_num_queries(2):
        value = selectors.external_training(fiscal_year=2023, agencies=agencies)
    assert value.numerator == 20


def test_open_programmes_counts_agencies_and_seats_accepted_across_agencies(cast):
    agencies = Agency.objects.kokken_in(2024)
    p = f.programme(f.nims(), capacity=5)
    f.programme(f.nims(), title="第二")
    f.programme(cast.agency, open_to_others=False, capacity=None)
    f.seat_request(cast.agency, p, seats=2, state="accepted")
    f.seat_request(cast.other_agency, p, seats=3, state="declined")
    value = selectors.open_programmes(fiscal_year=2024, agencies=agencies)
    assert (value.numerator, value.denominator) == (1, agencies.count())
    assert [n for _label, n in value.breakdown] == [2, 2]


def test_no_agency_means_no_figure_rather_than_a_division_by_zero(cast):
    none = Agency.objects.none()
    assert selectors.external_training(fiscal_year=2023, agencies=none).value is None


def test_strategy_share_counts_existing_strategies_and_sums_uptake(cast, django_assert_num_queries):
    import datetime

    from training.models import Strategy, Uptake

    agencies = Agency.objects.kokken_in(2024)
    ordered = list(agencies.order_by("code"))
    for agency in ordered[:4]:
        Strategy.objects.create(agency=agency, fiscal_year=2024, exists=True,
                                adopted_on=datetime.date(2024, 4, 1))
    Strategy.objects.create(agency=ordered[4], fiscal_year=2024, exists=False)
    Uptake.objects.create(agency=ordered[0], fiscal_year=2024, ip=3, accounting=2, rttp=1)
    Uptake.objects.create(agency=ordered[1], fiscal_year=2024, research_management=5,
                          ura_certified=2)
    with django_assert_num_queries(3):
        value = selectors.strategy_share(fiscal_year=2024, agencies=agencies)
    assert (value.numerator, value.denominator) == (4, 27)
    assert value.not_reported == 22
    assert [n for _label, n in value.breakdown] == [10, 2, 1, 0]
