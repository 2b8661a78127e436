"""Small questionnaires, rounds and answers built through the ORM, for report tests.

The integrity survey's shape (DOMAIN.md ⑤): a two-part question whose follow-up
(検討している / 検討していない) refines the answer 実施していない.
"""

from datetime import date

from agreements.models import (
    Answer,
    Option,
    Question,
    Questionnaire,
    Round,
    Section,
    Sheet,
)
from kokken.models import Agency

DONE, NOT_DONE, CONSIDERING, NOT_CONSIDERING = "done", "not_done", "considering", "not_considering"


def questionnaire(*, version: int = 1, with_q2: bool = True, code: str = "integrity-test"):
    q = Questionnaire.objects.create(code=code, version=version,
                                     title_ja="研究インテグリティ調査", title_en="Integrity survey")
    section = Section.objects.create(questionnaire=q, code="S1", title_ja="研究インテグリティ",
                                     title_en="Research integrity", chapter="II-4")
    q1 = Question.objects.create(questionnaire=q, section=section, code="INT-Q1-1", kind="single",
                                 order=1, text_ja="理解増進のための取組を実施しているか",
                                 text_en="Activities to promote understanding")
    Option.objects.bulk_create([
        Option(question=q1, code=DONE, label_ja="実施している", label_en="Implemented", order=1),
        Option(question=q1, code=NOT_DONE, label_ja="実施していない", label_en="Not implemented",
               order=2)])
    q1b = Question.objects.create(questionnaire=q, section=section, code="INT-Q1-2", kind="single",
                                  order=2, text_ja="実施していない場合、検討しているか",
                                  text_en="If not, are you considering it?",
                                  show_if_question=q1, show_if_values=[NOT_DONE],
                                  refines_parent=True)
    Option.objects.bulk_create([
        Option(question=q1b, code=CONSIDERING, label_ja="検討している", label_en="Considering",
               order=1),
        Option(question=q1b, code=NOT_CONSIDERING, label_ja="検討していない",
               label_en="Not considering", order=2)])
    if with_q2:
        q2 = Question.objects.create(questionnaire=q, section=section, code="INT-Q2", kind="yes_no",
                                     order=3, text_ja="利益相反・責務相反の規程を整備しているか",
                                     text_en="COI/COC rules in place")
        Option.objects.bulk_create([
            Option(question=q2, code="yes", label_ja="はい", label_en="Yes", order=1),
            Option(question=q2, code="no", label_ja="いいえ", label_en="No", order=2)])
    Question.objects.create(questionnaire=q, section=section, code="INT-NOTE", kind="long_text",
                            order=9, required=False, text_ja="特記事項", text_en="Remarks")
    return q


def round_with_answers(fiscal_year: int, answers: dict[str, dict[str, str]], *,
                       questionnaire_obj=None, status: str = Round.Status.CLOSED,
                       state: str | None = None, targets: list[str] | None = None):
    """A round whose agencies (by code) answered ``{question code: option code or text}``.

    Answering sheets are accepted in a published round, submitted otherwise.
    """
    qn = questionnaire_obj or questionnaire()
    if state is None:
        state = Sheet.State.ACCEPTED if status == Round.Status.PUBLISHED else Sheet.State.SUBMITTED
    round = Round.objects.create(
        fiscal_year=fiscal_year, questionnaire=qn, status=status,
        title_ja=f"{fiscal_year}年度 研究インテグリティ調査", title_en=f"FY{fiscal_year} integrity survey",
        opens_on=date(fiscal_year, 6, 1), due_on=date(fiscal_year, 7, 31))
    codes = targets or list(answers)
    round.targets.set(Agency.objects.filter(code__in=codes))
    questions = {q.code: q for q in qn.questions.all()}
    for code in codes:
        sheet = Sheet.objects.create(round=round, agency=Agency.objects.get(code=code),
                                     state=state if code in answers else Sheet.State.IN_PROGRESS)
        for qcode, value in answers.get(code, {}).items():
            q = questions[qcode]
            if q.kind in ("single", "yes_no"):
                Answer.objects.create(sheet=sheet, question=q, choice=value)
            else:
                Answer.objects.create(sheet=sheet, question=q, text=value)
    return round


def fy2023_round(**kwargs):
    """Four agencies: RIKEN and AIST implement Q1; JST considers it; NIMS does not."""
    return round_with_answers(2023, {
        "riken": {"INT-Q1-1": DONE, "INT-Q2": "yes", "INT-NOTE": "相談窓口を設置済み"},
        "aist": {"INT-Q1-1": DONE, "INT-Q2": "yes"},
        "jst": {"INT-Q1-1": NOT_DONE, "INT-Q1-2": CONSIDERING, "INT-Q2": "no"},
        "nims": {"INT-Q1-1": NOT_DONE, "INT-Q1-2": NOT_CONSIDERING, "INT-Q2": "yes"},
    }, **kwargs)
