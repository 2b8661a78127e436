"""The integrity shares of 図11 as indicators, on a hand-checked set (FY2023, v2).

| body  | sheet     | Q1                         | Q4                          |
|-------|-----------|----------------------------|-----------------------------|
| RIKEN | accepted  | done                       | not done, considering       |
| AIST  | accepted  | not done, not considering  | done                        |
| JST   | accepted  | done                       | not done (second part blank)|
| NIMS  | submitted | done (not counted)         | done (not counted)          |
| JIHS  | accepted  | done                       | done                        |  ← outside body

Over all five: population 5 機関（国研 4・その他 1）, 4 accepted: Q1 3/4 = 75.0 %,
Q4 2/4 = 50.0 % (considering 25.0 %). Over the 国研 only: 3 accepted, Q1 2/3 = 66.7 %.
"""

from datetime import date

import pytest

from agreements import services
from agreements.contrib import registry
from agreements.models import Answer, Question, Questionnaire, Sheet
from kokken.models import Agency
from security import selectors

CODES = ["riken", "aist", "jst", "nims", "jihs"]
ANSWERS = {
    "riken": ("accepted", {"INT-Q1-1": "done", "INT-Q4-1": "not_done", "INT-Q4-2": "considering"}),
    "aist": ("accepted", {"INT-Q1-1": "not_done", "INT-Q1-2": "not_considering",
                          "INT-Q4-1": "done"}),
    "jst": ("accepted", {"INT-Q1-1": "done", "INT-Q4-1": "not_done"}),
    "nims": ("submitted", {"INT-Q1-1": "done", "INT-Q4-1": "done"}),
    "jihs": ("accepted", {"INT-Q1-1": "done", "INT-Q4-1": "done"}),
}


def integrity_round(cast, fiscal_year, version, answers):
    round = services.round_create(
        user=cast.secretariat, fiscal_year=fiscal_year,
        questionnaire=Questionnaire.objects.get(code="integrity", version=version),
        opens_on=date(fiscal_year, 10, 1), due_on=date(fiscal_year, 11, 30), title_ja="インテグリティ",
        targets=list(Agency.objects.filter(code__in=answers)))
    services.round_open(round=round, user=cast.secretariat)
    services.round_create_sheets(round=round)
    questions = {q.code: q for q in round.questionnaire.questions.all()}
    for code, (state, given) in answers.items():
        sheet = Sheet.objects.get(round=round, agency__code=code)
        for qcode, choice in given.items():
            Answer.objects.create(sheet=sheet, question=questions[qcode], choice=choice)
        Sheet.objects.filter(pk=sheet.pk).update(state=state)
    return round


@pytest.fixture
def fy2023(cast):
    return integrity_round(cast, 2023, 2, ANSWERS)


def test_q1_to_q6_are_registered_for_chapter_ii_4_before_the_measures():
    assert [i.identifier for i in registry.indicators("II-4")] == [
        *[f"security.integrity_q{n}" for n in range(1, 7)], "security.infosec_coverage",
        "security.infosec_coverage_designated", "security.pentest", "security.challenges"]


def test_shares_count_accepted_sheets_only_and_state_the_population(fy2023):
    values = selectors.integrity_values(fiscal_year=2023,
                                        agencies=Agency.objects.filter(code__in=CODES))
    q1, q4 = values["security.integrity_q1"], values["security.integrity_q4"]
    assert (q1.numerator, q1.denominator, q1.value, q1.not_reported) == (3, 4, 75.0, 1)
    assert q1.population == "5 機関（国研 4・その他 1）"
    assert [v for _label, v in q1.breakdown] == [75.0, 0.0, 25.0]
    assert (q4.numerator, q4.value) == (2, 50.0)
    assert [v for _label, v in q4.breakdown] == [50.0, 25.0, 0.0]


def test_over_the_kokken_only_the_outside_body_drops_out(fy2023):
    value = registry.indicator("security.integrity_q1").compute(
        fiscal_year=2023, agencies=Agency.objects.kokken_in(2023))
    assert (value.numerator, value.denominator, value.value) == (2, 3, 66.7)
    assert value.population == "4 国研"


def test_a_question_the_round_did_not_ask_is_blank(cast):
    integrity_round(cast, 2022, 1, {"riken": ("accepted", {"INT-Q1-1": "done"})})
    values = selectors.integrity_values(fiscal_year=2022, agencies=Agency.objects.all())
    assert values["security.integrity_q1"].value == 100.0
    assert values["security.integrity_q4"].value is None
    assert not Question.objects.filter(questionnaire__code="integrity", questionnaire__version=1,
                                       code="INT-Q4-1").exists()


def test_no_round_no_figure(db):
    value = selectors.integrity_values(fiscal_year=2030, agencies=Agency.objects.all())
    assert value["security.integrity_q1"].value is None


def test_integrity_figures_take_a_fixed_number_of_queries(fy2023, django_assert_max_num_queries):
    # The round, its population, and the round aggregate's own fixed set of queries (the
    # figures are the aggregate page's figures): the same whatever the number of bodies.
    with django_assert_max_num_queries(11):
        selectors.integrity_values(fiscal_year=2023, agencies=Agency.objects.all())
