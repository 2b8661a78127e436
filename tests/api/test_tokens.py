"""Personal API tokens: created on the profile page, shown once, stored hashed, revocable."""

import re
from io import StringIO

from django.core.management import call_command
from rest_framework.test import APIClient

from kokken.models import ApiToken


def create_token(client, name="upload script"):
    response = client.post("/accounts/profile/tokens/", {"name": name})
    assert response.status_code == 200
    match = re.search(r'id="new-api-token" value="([^"]+)"', response.content.decode())
    return match.group(1)


def api(secret, keyword="Bearer"):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{keyword} {secret}")
    return client


def test_created_token_is_shown_once_and_works(cast, client_for):
    client = client_for(cast.editor)
    secret = create_token(client)
    assert api(secret).get("/api/v1/agencies/").json()["results"][0]["code"] == "riken"
    assert api(secret, "Token").get("/api/v1/agencies/").status_code == 200
    page = client.get("/accounts/profile/").content.decode()
    assert secret not in page
    assert "upload script" in page
    assert ApiToken.objects.get().last_used_at is not None


def test_the_database_never_contains_the_secret(cast, client_for):
    secret = create_token(client_for(cast.editor))
    dump = StringIO()
    call_command("dumpdata", stdout=dump)
    assert secret not in dump.getvalue()
    token = ApiToken.objects.get()
    assert token.digest == ApiToken.hash(secret) and len(token.digest) == 64
    assert secret.startswith(token.prefix)


def test_revoked_token_gets_401(cast, client_for):
    client = client_for(cast.editor)
    secret = create_token(client)
    token = ApiToken.objects.get()
    response = client.post(f"/accounts/profile/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = api(secret).get("/api/v1/agencies/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_token_of_inactive_user_gets_401(cast):
    _token, secret = ApiToken.issue(user=cast.editor, name="x")
    cast.editor.is_active = False
    cast.editor.save()
    assert api(secret).get("/api/v1/agencies/").status_code == 401


def test_unknown_or_malformed_tokens_get_401(db):
    assert api("kk_nonsense").get("/api/v1/agencies/").status_code == 401
    assert api("two parts").get("/api/v1/agencies/").status_code == 401


def test_nobody_revokes_another_users_token(cast, client_for):
    token, _secret = ApiToken.issue(user=cast.editor, name="mine")
    client = client_for(cast.other_editor)
    assert client.post(f"/accounts/profile/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.is_active
    assert "mine" not in client.get("/accounts/profile/").content.decode()


def test_token_needs_a_name(cast, client_for):
    response = client_for(cast.editor).post("/accounts/profile/tokens/", {"name": ""})
    assert response.status_code == 400
    assert 'aria-invalid' in response.content.decode() or "field-invalid" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_asks_for_confirmation(cast, client_for):
    ApiToken.issue(user=cast.editor, name="mine")
    page = client_for(cast.editor).get("/accounts/profile/").content.decode()
    assert "data-confirm=" in page


def test_administrator_revokes_a_leaked_token(cast, client_for):
    token, secret = ApiToken.issue(user=cast.editor, name="leaked")
    client = client_for(cast.sysadmin)
    page = client.get("/admin/kokken/apitoken/").content.decode()
    assert "leaked" in page and secret not in page
    client.post("/admin/kokken/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert api(secret).get("/api/v1/agencies/").status_code == 401
