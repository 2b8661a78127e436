"""What the reports count: shares of agencies per outcome, two-part questions, year on year."""

import pytest

from agreements.models import Round, Sheet
from agreements.reports import report_data
from kokken.models import Agency

from . import factories as f


def outcomes(result, year=None):
    year = year or result.current
    return {o.label: o.count for o in year.outcomes}


@pytest.fixture
def survey(db):
    qn = f.questionnaire()
    earlier = f.round_with_answers(2022, {
        "riken": {"INT-Q1-1": f.NOT_DONE, "INT-Q1-2": f.CONSIDERING},
        "aist": {"INT-Q1-1": f.DONE},
    }, questionnaire_obj=qn, status=Round.Status.PUBLISHED)
    current = f.fy2023_round(questionnaire_obj=qn)
    return earlier, current


def test_two_part_questions_give_one_set_of_outcomes_as_in_figure_11(survey):
    _earlier, round = survey
    data = report_data(round, round.targets.all())
    q1 = data.questions[0]
    assert q1.code == "INT-Q1-1" and q1.combined
    assert outcomes(q1) == {"実施している": 2, "検討している": 1, "検討していない": 1}
    assert q1.current.total == 4 and q1.current.unanswered == 0
    assert [r.code for r in data.questions] == ["INT-Q1-1", "INT-Q2"]  # no text, no child


def test_a_follow_up_answer_counts_only_where_the_first_answer_led_to_it(survey):
    _earlier, round = survey
    riken = Sheet.objects.get(round=round, agency__code="riken")
    # A stale follow-up answer left over from before RIKEN changed its first answer to 実施している.
    riken.answers.create(question=round.questionnaire.questions.get(code="INT-Q1-2"),
                         choice=f.NOT_CONSIDERING)
    q1 = report_data(round, round.targets.all()).questions[0]
    assert outcomes(q1) == {"実施している": 2, "検討している": 1, "検討していない": 1}


def test_only_submitted_sheets_count(survey):
    _earlier, round = survey
    Sheet.objects.filter(round=round, agency__code="nims").update(state=Sheet.State.IN_PROGRESS)
    data = report_data(round, round.targets.all())
    assert outcomes(data.questions[0]) == {"実施している": 2, "検討している": 1, "検討していない": 0}
    assert [a.code for a in data.not_submitted] == ["nims"]


def test_year_on_year_uses_earlier_rounds_sharing_the_question_code(survey):
    _earlier, round = survey
    q1, _q2 = report_data(round, round.targets.all()).questions
    [fy2022] = q1.history
    assert fy2022.fiscal_year == 2022 and fy2022.total == 2
    assert outcomes(q1, fy2022) == {"実施している": 1, "検討している": 1, "検討していない": 0}


def test_a_question_not_asked_before_has_no_history(db):
    old = f.questionnaire(with_q2=False)
    f.round_with_answers(2022, {"riken": {"INT-Q1-1": f.DONE}}, questionnaire_obj=old)
    new = f.questionnaire(version=2)
    round = f.fy2023_round(questionnaire_obj=new)
    q1, q2 = report_data(round, round.targets.all()).questions
    assert [y.fiscal_year for y in q1.history] == [2022]
    assert q2.history == []


def test_agencies_per_answer_only_when_published(survey):
    _earlier, round = survey
    assert report_data(round, round.targets.all()).per_agency is None
    round.status = Round.Status.PUBLISHED
    round.save()
    data = report_data(round, round.targets.all(), basis="submitted")
    done = data.questions[0].current.outcomes[0]
    assert [a.code for a in done.agencies] == ["aist", "riken"]
    [jst] = data.per_agency[Agency.objects.get(code="jst").pk]["INT-Q1-1"]
    assert jst.label == "検討している"


def test_a_subset_of_agencies_counts_only_those(survey):
    _earlier, round = survey
    data = report_data(round, Agency.objects.filter(code__in=["jst", "nims"]))
    assert outcomes(data.questions[0]) == {"実施している": 0, "検討している": 1, "検討していない": 1}


def test_the_number_of_queries_does_not_grow_with_agencies_or_questions(survey):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _earlier, round = survey

    def queries(agencies):
        with CaptureQueriesContext(connection) as captured:
            report_data(round, agencies, per_agency=True)
        return len(captured)

    few = queries(list(Agency.objects.filter(code__in=["riken"])))
    many = queries(list(round.targets.all()))
    assert few == many <= 15


def test_english_labels_in_english(survey, settings):
    from django.utils import translation

    _earlier, round = survey
    with translation.override("en"):
        q1 = report_data(round, round.targets.all()).questions[0]
        assert [o.label for o in q1.current.outcomes] == [
            "Implemented", "Considering", "Not considering"]


def test_a_missing_follow_up_answer_is_shown_as_no_detail_with_its_agency(survey):
    _earlier, round = survey
    Sheet.objects.get(round=round, agency__code="nims").answers.filter(
        question__code="INT-Q1-2").delete()
    round.status = Round.Status.PUBLISHED
    round.save()
    q1 = report_data(round, round.targets.all(), basis="submitted").questions[0]
    by_label = {o.label: o for o in q1.current.outcomes}
    assert by_label["検討していない"].count == 0
    no_detail = [o for o in q1.current.outcomes if o.code == "__no_detail__"]
    assert [o.count for o in no_detail] == [1]
    assert [a.code for a in no_detail[0].agencies] == ["nims"]


def test_report_figures_are_the_aggregate_pages_figures(survey):
    from agreements import aggregation

    _earlier, round = survey
    agg = aggregation.aggregate(rounds=[round], agencies=round.targets.all())[round.pk]
    page = {o.label: o.count for o in agg.by_code()["INT-Q1-1"].outcomes}
    assert outcomes(report_data(round, round.targets.all()).questions[0]) == page
