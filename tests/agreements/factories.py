"""Small questionnaires and rounds built through the services, for tests."""

from datetime import date

from django.test import TestCase

from agreements import services
from agreements.models import Option, Question, Questionnaire, Section
from kokken.models import Agency, Role
from tests.conftest import make_user

K = Question.Kind


def make_questionnaire(code="qtest", version=1) -> Questionnaire:
    """Q1 in the integrity survey's two-part form, plus one question of several kinds.

    Q1-1 done / not_done; Q1-2 (only when not_done, refines Q1-1) considering /
    not_considering; Q1-3 timeline text (only when considering); N1 integer;
    M1 multiple x/y/z (optional); T1 short text (optional); E1 evidence (optional).
    """
    qn = Questionnaire.objects.create(code=code, version=version, title_ja="テスト調査票",
                                      title_en="Test questionnaire")
    s1 = Section.objects.create(questionnaire=qn, code="S1", title_ja="研究インテグリティ",
                                title_en="Integrity", order=1, chapter="II-4")
    s2 = Section.objects.create(questionnaire=qn, code="S2", title_ja="その他", title_en="Other",
                                order=2)

    def question(code, kind, section, order, required=True, parent=None, when=(), refines=False,
                 options=()):
        q = Question.objects.create(
            questionnaire=qn, section=section, code=code, kind=kind, order=order,
            text_ja=f"{code}の設問", text_en=f"Question {code}", required=required,
            show_if_question=parent, show_if_values=list(when), refines_parent=refines)
        for i, (ocode, label) in enumerate(options, start=1):
            Option.objects.create(question=q, code=ocode, label_ja=label, label_en=ocode, order=i)
        return q

    q11 = question("Q1-1", K.SINGLE, s1, 1, options=[("done", "実施している"), ("not_done", "実施していない")])
    q12 = question("Q1-2", K.SINGLE, s1, 2, parent=q11, when=["not_done"], refines=True,
                   options=[("considering", "検討している"), ("not_considering", "検討していない")])
    question("Q1-3", K.LONG_TEXT, s1, 3, parent=q12, when=["considering"])
    question("N1", K.INTEGER, s2, 4)
    question("M1", K.MULTIPLE, s2, 5, required=False, options=[("x", "エックス"), ("y", "ワイ"), ("z", "ゼット")])
    question("T1", K.SHORT_TEXT, s2, 6, required=False)
    question("E1", K.EVIDENCE, s2, 7, required=False)
    return qn


def open_round(cast, questionnaire, fiscal_year=2024, targets=None):
    round = services.round_create(
        user=cast.secretariat, fiscal_year=fiscal_year, questionnaire=questionnaire,
        opens_on=date(fiscal_year, 6, 1), due_on=date(fiscal_year, 7, 31),
        title_ja=f"{fiscal_year}年度テスト調査", title_en=f"FY{fiscal_year} test", targets=targets)
    # Run what the service queues on commit (the Celery task, eager here), as a real commit would.
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.round_open(round=round, user=cast.secretariat)
    return round



def people(agency: Agency):
    """An editor and an approver for any agency (created once per test database)."""
    editor = make_user(f"e-{agency.code}", Role.AGENCY_EDITOR, agency=agency.code) \
        if not agency.users.filter(role=Role.AGENCY_EDITOR).exists() \
        else agency.users.filter(role=Role.AGENCY_EDITOR).first()
    approver = make_user(f"a-{agency.code}", Role.AGENCY_APPROVER, agency=agency.code) \
        if not agency.users.filter(role=Role.AGENCY_APPROVER).exists() \
        else agency.users.filter(role=Role.AGENCY_APPROVER).first()
    return editor, approver


def submit(sheet, answers: dict):
    """Answer and submit a sheet as its agency's own people."""
    editor, approver = people(sheet.agency)
    services.answers_save(sheet=sheet, user=editor, raw=answers, base_version=sheet.version)
    return services.sheet_transition(sheet=sheet, user=approver, action="submit")
