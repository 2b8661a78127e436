from django.core import mail
from django.urls import reverse

from kokken.models import Role


def test_sign_in_page_is_in_japanese_by_default(client, db):
    response = client.get(reverse("login"))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ja">' in body
    assert "<title>ログイン | 国研フォローアップ</title>" in body


def test_the_english_switch_changes_the_language(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"},
                           follow=True)
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Sign in" in body


def test_signing_in_lands_on_the_role_home(client, cast):
    response = client.post(reverse("login"), {"username": "t-riken-editor",
                                               "password": "test-password-123"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("agency_detail", kwargs={"agency": "riken"})


def test_five_failures_lock_the_account_for_15_minutes(client, cast):
    for _ in range(5):
        client.post(reverse("login"), {"username": "t-riken-editor", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "t-riken-editor",
                                              "password": "test-password-123"})
    assert response.status_code == 429
    assert "ロック" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_ends_the_session(client_for, cast):
    client = client_for(cast.editor)
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link_only(client, cast):
    client.post(reverse("password_reset"), {"email": cast.editor.email})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "/accounts/password/reset/" in message.body
    assert "国研フォローアップ" in message.subject


def test_password_reset_link_sets_a_new_password(client, cast):
    client.post(reverse("password_reset"), {"email": cast.editor.email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    new = "a-much-better-passphrase-42"
    response = client.post(response.redirect_chain[-1][0],
                           {"new_password1": new, "new_password2": new}, follow=True)
    assert response.status_code == 200
    cast.editor.refresh_from_db()
    assert cast.editor.check_password(new)


def test_password_change_requires_the_old_password(client_for, cast):
    client = client_for(cast.editor)
    response = client.post(reverse("password_change"), {
        "old_password": "wrong", "new_password1": "x-new-passphrase-99",
        "new_password2": "x-new-passphrase-99"})
    body = response.content.decode()
    assert 'aria-invalid="true"' in body
    assert "＊" in body


def test_a_user_must_belong_to_the_organisation_its_role_needs(db):
    import pytest
    from django.db import IntegrityError, transaction

    from kokken.models import Agency, User

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="bad1", role=Role.AGENCY_EDITOR)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="bad2", role=Role.SECRETARIAT,
                            agency=Agency.objects.get(code="riken"))


def test_help_text_is_linked_to_its_control(client_for, cast):
    import re

    body = client_for(cast.editor).get("/accounts/password/change/").content.decode()
    described = set(re.findall(r'aria-describedby="([^"]+)"', body))
    ids = set(re.findall(r'id="([^"]+)"', body))
    for value in described:
        for target in value.split():
            assert target in ids, f"aria-describedby points at a missing id: {target}"
    assert described
