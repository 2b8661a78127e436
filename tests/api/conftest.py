"""A small open round with RIKEN's and AIST's sheets, and API clients by user."""

from dataclasses import dataclass
from datetime import date

import pytest
from rest_framework.test import APIClient

from agreements.models import Answer, Option, Question, Questionnaire, Round, Section, Sheet
from kokken.models import Agency, ApiToken


@dataclass
class Survey:
    round: Round
    questionnaire: Questionnaire
    q1: Question        # single choice: 実施している / 検討している / 検討していない
    q2: Question        # integer
    sheet: Sheet        # RIKEN's
    other_sheet: Sheet  # AIST's


def make_survey(*, agencies=("riken", "aist"), status=Round.Status.OPEN, fiscal_year=2024,
                title="令和6年度 研究インテグリティ フォローアップ") -> Survey:
    questionnaire = Questionnaire.objects.create(
        code=f"integrity-{fiscal_year}-{status}", version=1, title_ja="研究インテグリティ調査",
        title_en="Research integrity survey")
    section = Section.objects.create(questionnaire=questionnaire, code="s1", title_ja="取組",
                                     title_en="Measures", order=1, chapter="II-4")
    q1 = Question.objects.create(questionnaire=questionnaire, section=section, code="Q1",
                                 kind=Question.Kind.SINGLE, text_ja="理解増進の取組",
                                 text_en="Understanding-promotion activities", order=1)
    for order, (code, label_ja, label_en) in enumerate([
            ("a", "実施している", "In place"), ("b", "検討している", "Under consideration"),
            ("c", "検討していない", "Not considered")]):
        Option.objects.create(question=q1, code=code, label_ja=label_ja, label_en=label_en,
                              order=order)
    q2 = Question.objects.create(questionnaire=questionnaire, section=section, code="Q2",
                                 kind=Question.Kind.INTEGER, text_ja="研修の受講者数",
                                 text_en="Training participants", order=2, required=False)
    round = Round.objects.create(title_ja=title, title_en="FY2024 research integrity follow-up",
                                 fiscal_year=fiscal_year, questionnaire=questionnaire,
                                 opens_on=date(fiscal_year, 4, 1),
                                 due_on=date(fiscal_year, 6, 30), status=status)
    targets = Agency.objects.filter(code__in=agencies)
    round.targets.set(targets)
    sheets = {a.code: Sheet.objects.create(round=round, agency=a) for a in targets}
    return Survey(round=round, questionnaire=questionnaire, q1=q1, q2=q2,
                  sheet=sheets.get("riken"), other_sheet=sheets.get("aist"))


@pytest.fixture
def survey(cast) -> Survey:
    s = make_survey()
    Answer.objects.create(sheet=s.sheet, question=s.q1, choice="a")
    Answer.objects.create(sheet=s.other_sheet, question=s.q1, choice="b")
    return s


@pytest.fixture
def api_for():
    """api_for(user) → an APIClient authenticated by a fresh personal token of user."""
    def make(user, language="ja"):
        _token, secret = ApiToken.issue(user=user, name="test")
        client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return client

    return make
