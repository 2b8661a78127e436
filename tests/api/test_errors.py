"""Errors have one JSON shape; messages follow Accept-Language; domain errors map to statuses."""

import pytest
from rest_framework.test import APIRequestFactory

from api.exceptions import exception_handler
from kokken.errors import StaleEdit, TransitionNotAllowed, ValidationFailed


def test_message_language_follows_accept_language(cast, survey, api_for):
    url = f"/api/v1/sheets/{survey.sheet.pk}/"
    english = api_for(cast.other_editor, language="en").get(url).json()["error"]
    japanese = api_for(cast.other_editor, language="ja").get(url).json()["error"]
    assert english["code"] == japanese["code"] == "not_found"
    assert english["message"] == "Not found."
    assert japanese["message"] != english["message"]
    assert set(japanese) == {"code", "message", "fields", "details"}


def test_validation_errors_list_fields_in_the_language_asked(cast, api_for):
    english = api_for(cast.secretariat, language="en").get("/api/v1/rounds/", {"status": "x"})
    japanese = api_for(cast.secretariat, language="ja").get("/api/v1/rounds/", {"status": "x"})
    assert english.status_code == japanese.status_code == 400
    assert english.json()["error"]["code"] == "invalid"
    assert english.json()["error"]["message"] == "Some values are not valid."
    assert japanese.json()["error"]["message"] != "Some values are not valid."
    assert "status" in japanese.json()["error"]["fields"]


@pytest.mark.parametrize(("error", "status", "code"), [
    (StaleEdit(details={"version": 3, "changes": []}), 409, "stale_edit"),
    (TransitionNotAllowed(), 403, "transition_not_allowed"),
    (ValidationFailed(details={"Q1": ["Required."]}), 400, "validation_failed"),
])
def test_domain_errors_map_to_statuses(error, status, code):
    request = APIRequestFactory().get("/api/v1/sheets/")
    response = exception_handler(error, {"request": request})
    assert response.status_code == status
    body = response.data["error"]
    assert body["code"] == code
    assert body["message"]
    if code == "validation_failed":
        assert body["fields"] == {"Q1": ["Required."]}
    if code == "stale_edit":
        assert body["details"]["version"] == 3
