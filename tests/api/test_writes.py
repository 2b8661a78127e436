"""Answers and transitions through the API call the same services as the pages."""

import json

from agreements import services
from agreements.models import AnswerChange, Sheet
from tests.conftest import sign_in


def patch_answers(api, sheet, answers, version=None):
    if version is None:
        version = api.get(f"/api/v1/sheets/{sheet.pk}/").json()["version"]
    return api.patch(f"/api/v1/sheets/{sheet.pk}/answers/",
                     {"version": version, "answers": answers}, format="json")


def answer_values(api, sheet):
    return {a["question"]: a["value"]
            for a in api.get(f"/api/v1/sheets/{sheet.pk}/").json()["answers"]}


def test_editor_saves_answers_and_the_version_moves_on(cast, survey, api_for):
    api = api_for(cast.editor)
    response = patch_answers(api, survey.sheet, {"Q1": "b", "Q2": "1,200"})
    assert response.status_code == 200, response.content
    assert response.json() == {"version": 1, "state": "in_progress", "changed": ["Q1", "Q2"]}
    assert answer_values(api, survey.sheet) == {"Q1": "b", "Q2": 1200}
    assert set(AnswerChange.objects.filter(sheet=survey.sheet).values_list("source", flat=True)) \
        == {"api"}


def test_another_persons_change_to_another_question_is_not_a_conflict(cast, survey, api_for):
    mine, theirs = api_for(cast.editor), api_for(cast.approver)
    assert patch_answers(theirs, survey.sheet, {"Q2": 5}, version=0).status_code == 200
    response = patch_answers(mine, survey.sheet, {"Q1": "c"}, version=0)
    assert response.status_code == 200, response.content
    assert answer_values(mine, survey.sheet) == {"Q1": "c", "Q2": 5}


def test_ones_own_earlier_change_is_not_a_conflict(cast, survey, api_for):
    mine = api_for(cast.editor)
    assert patch_answers(mine, survey.sheet, {"Q2": 5}, version=0).status_code == 200
    response = patch_answers(mine, survey.sheet, {"Q2": 6}, version=0)
    assert response.status_code == 200, response.content
    assert answer_values(mine, survey.sheet)["Q2"] == 6


def test_stale_version_gets_409_naming_the_other_user_in_japan_time(cast, survey, api_for):
    mine, theirs = api_for(cast.editor, language="en"), api_for(cast.approver)
    assert patch_answers(theirs, survey.sheet, {"Q2": 5}, version=0).status_code == 200
    response = patch_answers(mine, survey.sheet, {"Q2": 7, "Q1": "c"}, version=0)
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "stale_edit"
    assert error["details"]["version"] == 1
    assert [(c["question"], c["new"], c["by"]) for c in error["details"]["changes"]] == [
        ("Q2", 5, cast.approver.username)]
    assert cast.approver.username in error["message"]
    assert cast.editor.username not in json.dumps(error)
    assert error["details"]["changes"][0]["at"].endswith("+09:00")
    assert answer_values(mine, survey.sheet) == {"Q1": "a", "Q2": 5}


def test_api_times_are_in_japan_time(cast, survey, api_for):
    api = api_for(cast.editor)
    patch_answers(api, survey.sheet, {"Q2": 5})
    body = api.get(f"/api/v1/sheets/{survey.sheet.pk}/").json()
    assert body["updated_at"].endswith("+09:00")
    assert all(a["updated_at"].endswith("+09:00") for a in body["answers"])


def test_invalid_values_are_listed_by_question_and_nothing_is_saved(cast, survey, api_for):
    api = api_for(cast.editor, language="en")
    response = patch_answers(api, survey.sheet, {"Q1": "z", "Q2": "many", "Q9": 1})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    assert set(error["fields"]) == {"Q1", "Q2", "Q9"}
    assert error["fields"]["Q2"] == ["Enter a number."]
    assert Sheet.objects.get(pk=survey.sheet.pk).version == 0


def test_malformed_bodies_get_400(cast, survey, api_for):
    api = api_for(cast.editor)
    url = f"/api/v1/sheets/{survey.sheet.pk}/answers/"
    assert api.patch(url, {"answers": {"Q1": "a"}}, format="json").json()["error"]["fields"] \
        .keys() == {"version"}
    assert api.patch(url, {"version": 0, "answers": {"Q1": "a\x00"}},
                     format="json").status_code == 400
    assert api.patch(url, "{not json", content_type="application/json").status_code == 400


def test_reviewer_may_read_but_not_edit(cast, survey, api_for):
    response = patch_answers(api_for(cast.reviewer), survey.sheet, {"Q1": "b"}, version=0)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_outsiders_cannot_edit_and_learn_nothing(cast, survey, api_for):
    for user in cast.outsiders:
        response = patch_answers(api_for(user), survey.sheet, {"Q1": "b"}, version=0)
        assert response.status_code == 404
        assert cast.agency.name_ja not in response.content.decode()


def test_sheet_goes_through_approval_submission_and_review(cast, survey, api_for):
    editor, approver = api_for(cast.editor), api_for(cast.approver)
    reviewer = api_for(cast.reviewer)
    url = f"/api/v1/sheets/{survey.sheet.pk}/transitions/"
    patch_answers(editor, survey.sheet, {"Q1": "b"})  # saving starts the sheet
    patch_answers(editor, survey.sheet, {"Q2": 3})
    available = [a["name"] for a in editor.get(url).json()["available"]]
    assert available == ["request_approval"]
    assert editor.post(url, {"action": "request_approval"}, format="json").status_code == 200
    refused = editor.post(url, {"action": "submit"}, format="json")
    assert refused.status_code == 403
    submitted = approver.post(url, {"action": "submit"}, format="json")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["state"] == "submitted"
    assert submitted.json()["receipt_number"]
    no_comment = reviewer.post(url, {"action": "return"}, format="json")
    assert no_comment.status_code == 400
    assert "comment" in no_comment.json()["error"]["fields"]
    assert reviewer.post(url, {"action": "accept"}, format="json").json()["state"] == "accepted"
    history = editor.get(url).json()["history"]
    assert [h["to_state"] for h in history] == [
        "in_progress", "awaiting_approval", "submitted", "accepted"]


def test_transition_from_the_wrong_state_is_refused(cast, survey, api_for):
    response = api_for(cast.reviewer, language="en").post(
        f"/api/v1/sheets/{survey.sheet.pk}/transitions/", {"action": "accept"}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "transition_not_allowed"


def test_stale_transition_gets_409_naming_who_changed_the_sheet(cast, survey, api_for):
    patch_answers(api_for(cast.approver), survey.sheet, {"Q1": "b"})
    editor = api_for(cast.editor)
    response = editor.post(f"/api/v1/sheets/{survey.sheet.pk}/transitions/",
                           {"action": "request_approval", "version": 0}, format="json")
    assert response.status_code == 409
    assert cast.approver.username in response.json()["error"]["message"]


def test_a_transition_after_ones_own_changes_is_not_stale(cast, survey, api_for):
    editor = api_for(cast.editor)
    patch_answers(editor, survey.sheet, {"Q1": "b"})
    response = editor.post(f"/api/v1/sheets/{survey.sheet.pk}/transitions/",
                           {"action": "request_approval", "version": 0}, format="json")
    assert response.status_code == 200, response.content


def test_other_ministry_cannot_accept(cast, survey, api_for):
    Sheet.objects.filter(pk=survey.sheet.pk).update(state=Sheet.State.SUBMITTED)
    response = api_for(cast.other_reviewer).post(
        f"/api/v1/sheets/{survey.sheet.pk}/transitions/", {"action": "accept"}, format="json")
    assert response.status_code == 404


def submit(sheet, *, editor, approver, answers):
    services.answers_save(sheet=sheet, user=editor, raw=answers, base_version=None)
    services.sheet_transition(sheet=sheet, user=approver, action="submit")


def test_aggregate_counts_submitted_sheets_for_those_allowed(cast, survey, api_for):
    submit(survey.sheet, editor=cast.editor, approver=cast.approver, answers={"Q1": "a", "Q2": 1})
    submit(survey.other_sheet, editor=cast.other_editor, approver=cast.other_approver,
           answers={"Q1": "b", "Q2": 2})
    url = f"/api/v1/rounds/{survey.round.pk}/aggregate/"
    data = api_for(cast.secretariat).get(url).json()
    assert (data["targets"], data["responses"]) == (2, 2)
    q1 = next(q for q in data["questions"] if q["code"] == "Q1")
    assert {o["code"]: o["count"] for o in q1["outcomes"]} == {"a": 1, "b": 1, "c": 0}
    # The MEXT reviewer aggregates over the agencies MEXT supervises only.
    assert api_for(cast.reviewer).get(url).json()["responses"] == 1
    only_meti = api_for(cast.secretariat).get(url, {"ministry": "METI"}).json()
    assert only_meti["responses"] == 1
    # Agencies see the aggregate once the round is published.
    assert api_for(cast.editor).get(url).status_code == 404
    services.round_close(round=survey.round, user=cast.secretariat)
    services.round_publish(round=survey.round, user=cast.secretariat)
    assert api_for(cast.editor).get(url).json()["responses"] == 2


def test_session_writes_need_the_csrf_token(cast, survey):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    sign_in(browser, cast.editor)
    response = browser.patch(f"/api/v1/sheets/{survey.sheet.pk}/answers/",
                             {"version": 0, "answers": {"Q1": "b"}},
                             content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]
    assert Sheet.objects.get(pk=survey.sheet.pk).version == 0


def test_the_api_aggregate_states_n_not_applicable_and_no_answer_on_a_basis(cast, api_for):
    from tests.agreements_reports.test_same_figures import EXPECTED, figures_round

    round = figures_round()
    round.status = round.Status.CLOSED  # the secretariat's working view
    round.save()
    url = f"/api/v1/rounds/{round.pk}/aggregate/"
    accepted = api_for(cast.secretariat).get(url, {"basis": "accepted"}).json()
    c1 = next(q for q in accepted["questions"] if q["code"] == "C1")
    assert (c1["n"], c1["not_applicable"], c1["no_answer"]) == (2, 2, 1)
    assert [(o["code"], o["count"]) for o in c1["outcomes"]] == [
        (code, count) for code, _label, count, _p in EXPECTED["C1"]["rows"][:2]]
    assert accepted["responses"] == 4
    assert api_for(cast.secretariat).get(url).json()["responses"] == 5  # submitted too
    assert api_for(cast.secretariat).get(url, {"basis": "all"}).status_code == 400
