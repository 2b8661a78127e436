"""Issue 4's "done when": a script using only the API and a token lists its sheets,
updates answers and reads the aggregate."""

import json
import re

from agreements import services
from tests.conftest import sign_in


class Script:
    """What an agency's script does: plain HTTP with a token, no session, no cookies."""

    def __init__(self, client, token: str):
        self.client = client
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT_LANGUAGE": "en"}

    def call(self, method: str, path: str, body=None, **params):
        self.client.cookies.clear()
        kwargs = {"data": params} if method == "get" else {
            "data": json.dumps(body), "content_type": "application/json"}
        response = getattr(self.client, method)(path, **kwargs, **self.headers)
        return response.status_code, response.json()


def token_from_profile(client, user, name) -> str:
    """The one step a person does in the browser: create the token on the profile page."""
    sign_in(client, user)
    page = client.post("/accounts/profile/tokens/", {"name": name}).content.decode()
    client.logout()
    return re.search(r'id="new-api-token" value="([^"]+)"', page).group(1)


def test_a_script_with_a_token_lists_its_sheets_updates_answers_and_reads_the_aggregate(
        cast, survey, client):
    editor = Script(client, token_from_profile(client, cast.editor, "FY2024 script"))

    status, sheets = editor.call("get", "/api/v1/sheets/", fiscal_year=2024)
    assert status == 200
    assert [(s["agency"], s["state"]) for s in sheets["results"]] == [("riken", "not_started")]
    sheet = sheets["results"][0]

    status, questionnaire = editor.call(
        "get", f"/api/v1/questionnaires/{survey.questionnaire.pk}/")
    codes = [q["code"] for s in questionnaire["sections"] for q in s["questions"]]
    assert codes == ["Q1", "Q2"]

    status, saved = editor.call("patch", f"/api/v1/sheets/{sheet['id']}/answers/",
                                {"version": sheet["version"], "answers": {"Q1": "a", "Q2": 42}})
    assert status == 200, saved
    approver = Script(client, token_from_profile(client, cast.approver, "approval"))
    # Someone else, from the version read before the editor's save, on the same answer: 409
    # naming the editor (never the caller).
    status, stale = approver.call("patch", f"/api/v1/sheets/{sheet['id']}/answers/",
                                  {"version": sheet["version"], "answers": {"Q2": 43}})
    assert (status, stale["error"]["code"]) == (409, "stale_edit")
    assert [c["by"] for c in stale["error"]["details"]["changes"]] == [cast.editor.username]
    status, _ = editor.call("post", f"/api/v1/sheets/{sheet['id']}/transitions/",
                            {"action": "request_approval", "version": saved["version"]})
    assert status == 200

    status, submitted = approver.call("post", f"/api/v1/sheets/{sheet['id']}/transitions/",
                                      {"action": "submit"})
    assert (status, submitted["state"]) == (200, "submitted")

    aggregate_url = f"/api/v1/rounds/{sheet['round']}/aggregate/"
    status, error = editor.call("get", aggregate_url)
    assert (status, error["error"]["code"]) == (404, "not_found")  # not published yet

    services.round_close(round=survey.round, user=cast.secretariat)
    services.round_publish(round=survey.round, user=cast.secretariat)
    status, aggregate = editor.call("get", aggregate_url)
    assert status == 200
    q1 = next(q for q in aggregate["questions"] if q["code"] == "Q1")
    assert aggregate["responses"] == 1
    assert [(o["code"], o["count"]) for o in q1["outcomes"]] == [("a", 1), ("b", 0), ("c", 0)]
    q2 = next(q for q in aggregate["questions"] if q["code"] == "Q2")
    assert q2["numbers"]["total"] == 42
