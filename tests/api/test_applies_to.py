"""The API follows the same rule as the pages: a question asked of designated agencies only
(特定国立研究開発法人, SEC-03) is described as such, refused from others, not required of
them, and a stale answer of theirs is not shown."""

from agreements.models import Answer, Option, Question, Sheet
from kokken.models import Agency, Role
from tests.conftest import make_user

from .conftest import make_survey


def designated_question(survey) -> Question:
    q = Question.objects.create(questionnaire=survey.questionnaire, section=survey.q1.section,
                                code="SEC-03", kind=Question.Kind.SINGLE, order=3,
                                text_ja="特定国研として早期に取り組んでいるか",
                                applies_to=Question.Audience.DESIGNATED)
    Option.objects.create(question=q, code="a", label_ja="取り組んでいる", order=1)
    return q


def test_the_questionnaire_says_who_a_question_is_asked_of(cast, api_for):
    survey = make_survey()
    designated_question(survey)
    body = api_for(cast.secretariat).get(f"/api/v1/questionnaires/{survey.questionnaire.pk}/")
    questions = {q["code"]: q for s in body.json()["sections"] for q in s["questions"]}
    assert questions["SEC-03"]["applies_to"] == "designated"
    assert questions["Q1"]["applies_to"] == ""


def test_a_non_designated_agency_cannot_answer_it_and_submits_without_it(cast, api_for):
    survey = make_survey(agencies=("riken", "jst"))
    question = designated_question(survey)
    jst_sheet = Sheet.objects.get(round=survey.round, agency__code="jst")
    editor = make_user("api-jst-editor", Role.AGENCY_EDITOR, agency="jst")
    approver = make_user("api-jst-approver", Role.AGENCY_APPROVER, agency="jst")
    api = api_for(editor)
    refused = api.patch(f"/api/v1/sheets/{jst_sheet.pk}/answers/",
                        {"version": 0, "answers": {"SEC-03": "a", "Q1": "a"}}, format="json")
    assert refused.status_code == 400, refused.content
    assert list(refused.json()["error"]["fields"]) == ["SEC-03"]
    saved = api.patch(f"/api/v1/sheets/{jst_sheet.pk}/answers/",
                      {"version": 0, "answers": {"Q1": "a"}}, format="json")
    assert saved.status_code == 200, saved.content
    submitted = api_for(approver).post(f"/api/v1/sheets/{jst_sheet.pk}/transitions/",
                                       {"action": "submit"}, format="json")
    assert submitted.status_code == 200, submitted.content
    # A stale answer from before the flag changed is not JST's answer.
    Answer.objects.create(sheet=jst_sheet, question=question, choice="a")
    shown = api.get(f"/api/v1/sheets/{jst_sheet.pk}/").json()["answers"]
    assert [a["question"] for a in shown] == ["Q1"]


def test_a_designated_agency_must_answer_it(cast, api_for):
    survey = make_survey(agencies=("riken",))
    designated_question(survey)
    assert Agency.objects.get(code="riken").designated
    api_for(cast.editor).patch(f"/api/v1/sheets/{survey.sheet.pk}/answers/",
                               {"version": 0, "answers": {"Q1": "a"}}, format="json")
    refused = api_for(cast.approver).post(f"/api/v1/sheets/{survey.sheet.pk}/transitions/",
                                          {"action": "submit"}, format="json")
    assert refused.status_code == 400, refused.content
    assert list(refused.json()["error"]["fields"]) == ["SEC-03"]
