"""/api/v1/ answers with a JSON index; personal tokens may carry an expiry date, shown on
the profile, and an expired token is refused."""

from datetime import timedelta

from django.utils import timezone

from kokken.models import ApiToken


def _bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_the_api_root_is_a_json_index(cast, client):
    _token, secret = ApiToken.issue(user=cast.editor, name="t")
    response = client.get("/api/v1/", **_bearer(secret))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["resources"]["sheets"].endswith("/api/v1/sheets/")
    assert body["resources"]["agencies"].endswith("/api/v1/agencies/")
    assert body["docs"].endswith("/api/docs/")
    assert client.get(body["resources"]["rounds"], **_bearer(secret)).status_code == 200


def test_the_api_root_asks_anonymous_clients_to_authenticate_in_json(db, client):
    response = client.get("/api/v1/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_an_expired_token_is_refused_and_one_expiring_today_works(cast, client):
    today = timezone.localdate()
    _old, expired = ApiToken.issue(user=cast.editor, name="old",
                                   expires_on=today - timedelta(days=1))
    _today, valid = ApiToken.issue(user=cast.editor, name="today", expires_on=today)
    response = client.get("/api/v1/agencies/", **_bearer(expired))
    assert response.status_code == 401
    assert "期限" in response.json()["error"]["message"] or \
        "expired" in response.json()["error"]["message"]
    assert client.get("/api/v1/agencies/", **_bearer(valid)).status_code == 200


def test_a_token_is_created_with_an_expiry_date_shown_on_the_profile(cast, client_for):
    client = client_for(cast.editor)
    day = timezone.localdate() + timedelta(days=90)
    response = client.post("/accounts/profile/tokens/", {
        "name": "集計スクリプト", "expires_on_0": day.year, "expires_on_1": day.month,
        "expires_on_2": day.day})
    assert response.status_code == 200
    token = cast.editor.api_tokens.get(name="集計スクリプト")
    assert token.expires_on == day
    from kokken.wareki import date_ja

    assert date_ja(day) in client.get("/accounts/profile/").content.decode()


def test_an_expiry_date_in_the_past_is_refused(cast, client_for):
    day = timezone.localdate() - timedelta(days=1)
    response = client_for(cast.editor).post("/accounts/profile/tokens/", {
        "name": "x", "expires_on_0": day.year, "expires_on_1": day.month, "expires_on_2": day.day})
    assert response.status_code == 400
    assert not cast.editor.api_tokens.exists()


def test_a_token_without_expiry_keeps_working(cast, client):
    _token, secret = ApiToken.issue(user=cast.editor, name="forever")
    assert client.get("/api/v1/agencies/", **_bearer(secret)).status_code == 200
