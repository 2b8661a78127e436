"""SEC-03 (「とりわけ、特定国立研究開発法人は…」, line 491) in the figures: n counts the
agencies designated in the round's fiscal year, and in questionnaire v1 (locked, where every
agency answers and the others choose 「特定国立研究開発法人に該当しない」) that answer is
非該当, outside n, so v1 and v2 give the same n. RIKEN is designated, JST is not."""

from datetime import date

from agreements import aggregation, reports, services
from agreements.models import Option, Question
from kokken.models import Agency
from tests.agreements.factories import make_questionnaire, open_round, people
from tests.agreements.test_applies_to import accepted, survey  # noqa: F401 (fixture)

K = Question.Kind
BASE = {"Q1-1": "done", "N1": "1"}


def figures(round):
    return aggregation.aggregate(rounds=[round], agencies=Agency.objects.all(),
                                 basis=aggregation.Basis.ACCEPTED)[round.pk].by_code()


def test_v1_sec_03_offers_not_designated_as_an_answer_and_v2_does_not(db):
    v1, v2 = (Question.objects.get(questionnaire__code="kinou-kyouka", questionnaire__version=v,
                                   code="SEC-03") for v in (1, 2))
    assert v1.options.get(code=aggregation.NOT_APPLICABLE).label_ja == "特定国立研究開発法人に該当しない"
    assert not v1.applies_to and v2.applies_to == Question.Audience.DESIGNATED
    assert not v2.options.filter(code=aggregation.NOT_APPLICABLE).exists()


def test_v1_not_designated_answers_are_not_applicable_and_outside_the_denominator(cast):
    qn = make_questionnaire()
    sec03 = Question.objects.create(questionnaire=qn, section=qn.sections.get(code="S1"),
                                    code="SEC-03", kind=K.SINGLE, order=10,
                                    text_ja="特定国立研究開発法人として…")
    for i, (code, label) in enumerate([("a", "取り組んでいる"), ("b", "検討している"),
                                       ("c", "検討していない"),
                                       ("na", "特定国立研究開発法人に該当しない")], start=1):
        Option.objects.create(question=sec03, code=code, label_ja=label, order=i)
    jst = Agency.objects.get(code="jst")
    round = open_round(cast, qn, targets=[cast.agency, jst])
    for sheet, answer in ((round.sheets.get(agency=cast.agency), "a"),
                          (round.sheets.get(agency=jst), "na")):
        editor, approver = people(sheet.agency)
        services.answers_save(sheet=sheet, user=editor, raw={**BASE, "SEC-03": answer},
                              base_version=0)
        services.sheet_transition(sheet=sheet, user=approver, action="submit")
        services.sheet_transition(sheet=sheet, user=cast.reviewer, action="accept")
    sec = figures(round)["SEC-03"]
    assert (sec.responses, sec.n, sec.not_applicable, sec.answered, sec.no_answer) == (2, 1, 1, 1, 0)
    assert {o.code: (o.count, o.percent) for o in sec.rows} == {
        "a": (1, "100%"), "b": (0, "0%"), "c": (0, "0%")}  # no 「該当しない」 row, no 50%
    # The report's per-agency lists agree: JST is 非該当, RIKEN under 「取り組んでいる」.
    data = reports.report_data(round, round.targets.all(), per_agency=True)
    row = next(r for r in data.questions if r.code == "SEC-03")
    assert [a.code for a in row.not_applicable_agencies] == ["jst"]
    assert {o.key[1]: [a.code for a in o.agencies] for o in row.current.outcomes} == {
        "a": ["riken"], "b": [], "c": []}


def test_a_designated_question_counts_the_agencies_designated_in_the_rounds_year(survey, cast):  # noqa: F811
    round = accepted(survey, cast)  # FY2024: RIKEN answered D1 = b, JST was not asked
    assert figures(round)["D1"].n == 1
    # Had RIKEN been designated only from FY2025, FY2024's figure would count nobody.
    Agency.objects.filter(code="riken").update(designated_from=date(2025, 4, 1))
    d1 = figures(round)["D1"]
    assert (d1.n, d1.not_applicable, d1.answered) == (0, 2, 0)
    assert all(o.count == 0 for o in d1.rows)

