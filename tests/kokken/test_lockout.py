"""Lockout per user name and address; tokens of a locked account; the owner is told;
an administrator unlocks."""

from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from kokken.models import ApiToken, AuditEvent, Notification
from tests.conftest import sign_in

ATTACKER, OWNER = "192.0.2.66", "198.51.100.8"


def _fail(client, username, times=5, address=ATTACKER):
    for _ in range(times):
        client.post(reverse("login"), {"username": username, "password": "wrong"},
                    REMOTE_ADDR=address)


def _sign_in(client, address):
    return client.post(reverse("login"), {"username": "t-riken-editor",
                                          "password": "test-password-123"}, REMOTE_ADDR=address)


def test_failures_from_one_address_cannot_lock_the_owner_out_elsewhere(client, cast):
    _fail(client, "t-riken-editor")
    assert _sign_in(client, ATTACKER).status_code == 429
    assert _sign_in(client, OWNER).status_code == 302
    assert client.session["_auth_user_id"] == str(cast.editor.pk)


def test_a_locked_accounts_tokens_are_refused_from_the_locked_address(client, cast):
    _token, secret = ApiToken.issue(user=cast.editor, name="script")
    api = APIClient(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/agencies/", REMOTE_ADDR=ATTACKER).status_code == 200
    _fail(client, "t-riken-editor")
    refused = api.get("/api/v1/agencies/", REMOTE_ADDR=ATTACKER)
    assert refused.status_code == 401
    assert "ロック" in refused.json()["error"]["message"]
    assert AuditEvent.objects.filter(action="token_refused", user=cast.editor).exists()
    # The owner's script elsewhere keeps working: the lock cannot be turned against them.
    assert api.get("/api/v1/agencies/", REMOTE_ADDR=OWNER).status_code == 200


def test_the_owner_is_told_once_when_their_account_is_attacked(
        client, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _fail(client, "t-riken-editor", times=8)
    note, = Notification.objects.filter(user=cast.editor)
    assert ATTACKER in note.body
    assert [m.to for m in mail.outbox] == [[cast.editor.email]]
    assert "wrong" not in mail.outbox[0].body
    locked, = AuditEvent.objects.filter(action="locked_out")
    assert (locked.username, locked.ip) == ("t-riken-editor", ATTACKER)


def test_an_administrator_unlocks_an_account_from_the_admin(client, cast):
    _fail(client, "t-riken-editor")
    assert _sign_in(client, ATTACKER).status_code == 429
    admin = sign_in(client, cast.sysadmin)
    response = admin.post("/admin/kokken/user/", {"action": "unlock",
                                                  "_selected_action": [cast.editor.pk]})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="unlocked", user=cast.sysadmin).exists()
    admin.logout()
    assert _sign_in(client, ATTACKER).status_code == 302
