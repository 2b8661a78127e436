"""What the matrix and the aggregate read of the rounds themselves (earlier rounds, who a
round surveys) is kept in the cache under the rounds' token, which every change of a round,
its targets or a question replaces, including the status changes made with update()
(agreements.selectors.ROUNDS_TOKEN)."""

from datetime import date

import pytest
from django.test import TestCase

from agreements import selectors, services
from kokken.models import Agency
from tests.agreements.factories import make_questionnaire, open_round

pytestmark = pytest.mark.django_db


def _earlier_years(round) -> list[int]:
    rounds, _hidden = selectors.aggregate_rounds(round)
    return [r.fiscal_year for r in rounds[:-1]]


def test_an_earlier_round_opened_later_joins_the_year_on_year_at_once(cast):
    qn = make_questionnaire()
    latest = open_round(cast, qn, fiscal_year=2024)
    draft = services.round_create(
        user=cast.secretariat, fiscal_year=2023, questionnaire=qn, opens_on=date(2023, 6, 1),
        due_on=date(2023, 7, 31), title_ja="2023年度", title_en="FY2023")
    assert _earlier_years(latest) == []  # a draft is not compared, and this is now kept
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.round_open(round=draft, user=cast.secretariat)
    assert _earlier_years(latest) == [2023]


def test_a_closed_then_published_round_shows_its_status_at_once(cast):
    qn = make_questionnaire()
    earlier = open_round(cast, qn, fiscal_year=2023)
    latest = open_round(cast, qn, fiscal_year=2024)
    rounds, _hidden = selectors.aggregate_rounds(latest)
    assert rounds[0].status == "open"
    services.round_close(round=earlier, user=cast.secretariat)
    assert selectors.aggregate_rounds(latest)[0][0].status == "closed"
    services.round_publish(round=earlier, user=cast.secretariat)
    assert selectors.aggregate_rounds(latest)[0][0].status == "published"


def test_a_round_whose_targets_change_counts_them_at_once(cast):
    round = open_round(cast, make_questionnaire(), fiscal_year=2024)
    before = selectors.round_population(round).total
    round.targets.remove(cast.other_agency)
    assert selectors.round_population(round).total == before - 1
    round.targets.add(cast.other_agency)
    assert selectors.round_population(round).total == before


def test_an_agency_of_another_kind_is_counted_as_such_at_once(cast):
    round = open_round(cast, make_questionnaire(), fiscal_year=2024)
    before = selectors.round_population(round)
    agency = Agency.objects.get(pk=cast.agency.pk)
    agency.kind = "other" if agency.kind != "other" else "kokken"
    agency.save()
    after = selectors.round_population(round)
    assert (after.kokken, after.others) != (before.kokken, before.others)
