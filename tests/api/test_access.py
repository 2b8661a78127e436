"""Every API list is scoped by kokken.access; outsiders learn nothing, not even names."""

from agreements.models import Round, Sheet
from tests.api.conftest import make_survey


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_aist_editor_lists_only_aists_sheets(cast, survey, api_for):
    api = api_for(cast.other_editor)
    assert ids(api.get("/api/v1/sheets/")) == {survey.other_sheet.pk}


def test_meti_reviewer_never_sees_rikens_sheet(cast, survey, api_for):
    api = api_for(cast.other_reviewer)
    listed = ids(api.get("/api/v1/sheets/"))
    assert survey.sheet.pk not in listed
    assert survey.other_sheet.pk in listed  # METI supervises AIST
    assert ids(api.get("/api/v1/sheets/", {"agency": "riken"})) == set()


def test_secretariat_lists_every_sheet(cast, survey, api_for):
    assert ids(api_for(cast.secretariat).get("/api/v1/sheets/")) == {
        survey.sheet.pk, survey.other_sheet.pk}


def test_another_agencys_sheet_is_not_found_and_names_nothing(cast, survey, api_for):
    for user in cast.outsiders:
        api = api_for(user)
        for method in (api.get, api.post, api.patch, api.delete):
            response = method(f"/api/v1/sheets/{survey.sheet.pk}/")
            assert response.status_code == 404, (user.username, method)
            body = response.content.decode()
            assert response.json()["error"]["code"] == "not_found"
            for secret in (cast.agency.name_ja, cast.agency.name_en, cast.agency.abbr,
                           cast.agency.code):
                assert secret not in body


def test_own_sheet_detail_carries_the_answers(cast, survey, api_for):
    response = api_for(cast.editor).get(f"/api/v1/sheets/{survey.sheet.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["agency"] == "riken"
    assert data["version"] == 0
    assert data["answers"] == [{"question": "Q1", "kind": "single", "value": "a",
                                "updated_by": None, "updated_at": data["answers"][0]["updated_at"]}]


def test_sheets_filter_by_round_agency_and_state(cast, survey, api_for):
    api = api_for(cast.secretariat)
    other = make_survey(fiscal_year=2023, title="令和5年度")
    assert ids(api.get("/api/v1/sheets/", {"round": survey.round.pk})) == {
        survey.sheet.pk, survey.other_sheet.pk}
    assert ids(api.get("/api/v1/sheets/", {"agency": "aist", "fiscal_year": 2023})) == {
        other.other_sheet.pk}
    Sheet.objects.filter(pk=survey.sheet.pk).update(state=Sheet.State.SUBMITTED)
    assert ids(api.get("/api/v1/sheets/", {"state": "submitted"})) == {survey.sheet.pk}
    bad = api.get("/api/v1/sheets/", {"state": "nonsense"})
    assert bad.status_code == 400
    assert "state" in bad.json()["error"]["fields"]


def test_lists_are_paginated(cast, survey, api_for):
    data = api_for(cast.secretariat).get("/api/v1/agencies/", {"page_size": 5}).json()
    assert data["count"] == 28  # 27 国研 and JIHS
    assert len(data["results"]) == 5
    assert data["next"]


def test_agencies_are_scoped_like_the_pages(cast, api_for):
    def codes(user):
        return {a["code"] for a in api_for(user).get("/api/v1/agencies/").json()["results"]}

    assert codes(cast.editor) == {"riken"}
    assert "riken" not in codes(cast.other_reviewer)
    assert api_for(cast.other_editor).get("/api/v1/agencies/riken/").status_code == 404
    assert api_for(cast.reviewer).get("/api/v1/agencies/riken/").json()["ministries"] == ["MEXT"]


def test_ministries_are_for_their_reviewers_and_the_secretariat(cast, api_for):
    assert api_for(cast.reviewer).get("/api/v1/ministries/MEXT/").status_code == 200
    assert api_for(cast.other_reviewer).get("/api/v1/ministries/MEXT/").status_code == 404
    assert api_for(cast.editor).get("/api/v1/ministries/").json()["results"] == []


def test_rounds_in_preparation_are_for_the_secretariat_only(cast, survey, api_for):
    draft = make_survey(status=Round.Status.DRAFT, fiscal_year=2025, title="令和7年度（準備中）")

    def round_ids(user, **params):
        return ids(api_for(user).get("/api/v1/rounds/", params))

    assert round_ids(cast.editor) == {survey.round.pk}
    assert round_ids(cast.secretariat) == {survey.round.pk, draft.round.pk}
    assert round_ids(cast.secretariat, status="draft") == {draft.round.pk}
    assert round_ids(cast.secretariat, fiscal_year=2024) == {survey.round.pk}
    assert api_for(cast.editor).get(f"/api/v1/rounds/{draft.round.pk}/").status_code == 404


def test_round_targets_name_only_agencies_the_user_sees(cast, survey, api_for):
    data = api_for(cast.editor).get(f"/api/v1/rounds/{survey.round.pk}/").json()
    assert data["targets"] == ["riken"]


def test_questionnaire_detail_has_sections_questions_and_options(cast, survey, api_for):
    api = api_for(cast.editor)
    data = api.get(f"/api/v1/questionnaires/{survey.questionnaire.pk}/").json()
    question = data["sections"][0]["questions"][0]
    assert question["code"] == "Q1"
    assert [o["code"] for o in question["options"]] == ["a", "b", "c"]
    unused = make_survey(status=Round.Status.DRAFT, fiscal_year=2026, agencies=("riken",))
    assert api.get(f"/api/v1/questionnaires/{unused.questionnaire.pk}/").status_code == 404


def test_session_users_reach_the_api_too(cast, survey, client_for):
    response = client_for(cast.editor).get("/api/v1/sheets/")
    assert [row["id"] for row in response.json()["results"]] == [survey.sheet.pk]


def test_anonymous_requests_get_401_with_the_error_shape(db, client):
    response = client.get("/api/v1/sheets/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["error"]["code"] == "not_authenticated"
