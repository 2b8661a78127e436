"""The demo tells one consistent story on today's clock: rounds dated inside their own
fiscal year, the open round this year's, register values and answers agreeing, no
exclusive option combined with others, review verdicts matching their notes, and
notifications for the secretariat too."""

from datetime import date

import pytest

from agreements import demo
from agreements.models import Answer, Option, Round
from hr.models import SalaryBenchmark
from kokken.models import Notification, User
from kokken.wareki import fiscal_year


def test_the_demo_is_consistent(demo_data):
    """Seeding takes a while: one seed, every consistency rule checked on it."""
    rounds_are_dated_inside_their_own_fiscal_year_and_the_open_one_is_this_years()
    questionnaire_salary_is_the_registers_salary()
    no_exclusive_option_is_combined_with_another()
    salary_review_verdicts_match_their_notes()
    the_secretariat_has_notifications()
    the_open_round_asks_the_current_questionnaire_and_sec_03_of_designated_agencies_only()


def rounds_are_dated_inside_their_own_fiscal_year_and_the_open_one_is_this_years():
    for round in Round.objects.all():
        assert date(round.fiscal_year, 4, 1) <= round.opens_on <= round.due_on \
            <= date(round.fiscal_year + 1, 3, 31), round
    open_rounds = list(Round.objects.filter(status=Round.Status.OPEN))
    assert [r.fiscal_year for r in open_rounds] == [fiscal_year()]
    assert open_rounds[0].title_ja.startswith(f"【デモ】令和{fiscal_year() - 2018}年度")


@pytest.mark.parametrize("today", [date(2026, 12, 2), date(2026, 4, 1), date(2027, 3, 31),
                                   date(2026, 5, 10)])
def test_round_dates_stay_inside_the_fiscal_year_on_any_day(today):
    fy = fiscal_year(today)
    for year in (fy - 2, fy - 1, fy):
        opens, due = demo.round_dates(year, today)
        assert date(year, 4, 1) <= opens <= due <= date(year + 1, 3, 31)
    opens, due = demo.round_dates(fy, today)
    assert opens <= today


def questionnaire_salary_is_the_registers_salary():
    fy = fiscal_year()
    answers = Answer.objects.filter(sheet__round__fiscal_year=fy, question__code="HR-06",
                                    number__isnull=False).select_related("sheet")
    assert answers.exists()
    for answer in answers:
        register = SalaryBenchmark.objects.get(agency_id=answer.sheet.agency_id, fiscal_year=fy)
        assert answer.number == register.average_salary, answer.sheet.agency_id


def no_exclusive_option_is_combined_with_another():
    exclusive = {(o.question_id, o.code) for o in Option.objects.filter(exclusive=True)}
    for answer in Answer.objects.exclude(choices=[]):
        alone = [c for c in answer.choices if (answer.question_id, c) in exclusive]
        assert not alone or len(answer.choices) == 1, (answer.question.code, answer.choices)


def salary_review_verdicts_match_their_notes():
    for row in SalaryBenchmark.objects.exclude(explanation_adequate=None):
        if row.explanation_adequate:
            assert "妥当である" in row.review_note and "不十分" not in row.review_note
        else:
            assert "不十分" in row.review_note


def the_secretariat_has_notifications():
    assert Notification.objects.filter(user=User.objects.get(username="secretariat")).exists()


def the_open_round_asks_the_current_questionnaire_and_sec_03_of_designated_agencies_only():
    round = Round.objects.get(status=Round.Status.OPEN)
    assert (round.questionnaire.code, round.questionnaire.version) == ("kinou-kyouka", 2)
    answered = set(Answer.objects.filter(sheet__round=round, question__code="SEC-03")
                   .values_list("sheet__agency__designated", flat=True))
    assert answered == {True}  # RIKEN, AIST, NIMS answer it; nobody else is asked
