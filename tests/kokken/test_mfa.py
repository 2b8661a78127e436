"""Second factor: TOTP with recovery codes, required for the secretariat, reviewers and
administrators; for agency users when the secretariat says so (else optional)."""

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from kokken import demo, mfa
from kokken.models import AuditEvent, SecuritySettings
from tests.conftest import sign_in, totp_code

PASSWORD = "test-password-123"


def _password_step(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD},
                       follow=True)


def _device(user):
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def test_the_secretariat_signs_in_with_password_then_a_code(client, cast, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no wait after the wrong code (see the next test)
    device = _device(cast.secretariat)
    response = _password_step(client, cast.secretariat)
    assert response.redirect_chain[-1][0].startswith(reverse("mfa_verify"))
    assert "認証アプリ" in response.content.decode()
    wrong = client.post(reverse("mfa_verify"), {"code": "000000", "next": "/agencies/"})
    assert wrong.status_code == 400
    assert client.get("/agencies/").status_code == 302  # still only half signed in
    right = client.post(reverse("mfa_verify"), {"code": totp_code(device), "next": "/agencies/"})
    assert right.status_code == 302 and right.url == "/agencies/"
    assert client.get("/agencies/").status_code == 200
    assert AuditEvent.objects.filter(action="mfa_failed", user=cast.secretariat).exists()
    assert AuditEvent.objects.filter(action="mfa_verified", user=cast.secretariat).exists()


def test_wrong_codes_slow_the_next_try_down(client, cast):
    device = _device(cast.secretariat)
    _password_step(client, cast.secretariat)
    client.post(reverse("mfa_verify"), {"code": "000000"})
    # Right, but within a second of a wrong one: refused (guessing 10^6 codes is hopeless).
    assert client.post(reverse("mfa_verify"), {"code": totp_code(device)}).status_code == 400


def test_a_password_alone_opens_neither_pages_nor_the_api(client, cast):
    _device(cast.reviewer)
    _password_step(client, cast.reviewer)
    assert client.get("/rounds/").url.startswith(reverse("mfa_verify"))
    api = client.get("/api/v1/agencies/")
    assert api.status_code == 403
    assert api.json()["error"]["code"] == "mfa_required"
    assert client.get("/admin/").status_code in (302, 403)


def test_a_reviewer_without_a_device_sets_one_up_and_gets_recovery_codes(client, cast):
    response = _password_step(client, cast.reviewer)
    assert response.redirect_chain[-1][0].startswith(reverse("mfa_setup"))
    body = response.content.decode()
    pending = TOTPDevice.objects.get(user=cast.reviewer, confirmed=False)
    assert mfa.secret_of(pending) in body and 'src="data:image/svg+xml' in body
    done = client.post(reverse("mfa_setup"), {"code": totp_code(pending)})
    codes = done.context["codes"]
    assert len(codes) == 10 and all(c in done.content.decode() for c in codes)
    assert client.get("/rounds/").status_code == 200
    # A recovery code signs in once, not twice.
    client.logout()
    _password_step(client, cast.reviewer)
    assert client.post(reverse("mfa_verify"), {"code": codes[0]}).status_code == 302
    client.logout()
    _password_step(client, cast.reviewer)
    assert client.post(reverse("mfa_verify"), {"code": codes[0]}).status_code == 400


def test_a_password_alone_cannot_replace_an_existing_device(client, cast):
    _device(cast.secretariat)
    _password_step(client, cast.secretariat)
    response = client.get(reverse("mfa_setup"))
    assert response.url.startswith(reverse("mfa_verify"))
    assert not TOTPDevice.objects.filter(user=cast.secretariat, confirmed=False).exists()


def test_agency_users_need_a_second_factor_only_when_the_secretariat_requires_it(client, cast):
    _password_step(client, cast.editor)
    assert client.get("/rounds/").status_code == 200
    client.logout()
    secretariat = sign_in(client, cast.secretariat)
    secretariat.post(reverse("security_settings"), {"agency_mfa_required": "on"})
    assert SecuritySettings.current().agency_mfa_required
    assert AuditEvent.objects.filter(action="setting_changed", user=cast.secretariat).exists()
    client.logout()
    response = _password_step(client, cast.editor)
    assert response.redirect_chain[-1][0].startswith(reverse("mfa_setup"))


def test_an_agency_user_who_opted_in_is_asked_for_the_code(client, cast):
    device = _device(cast.editor)
    response = _password_step(client, cast.editor)
    assert response.redirect_chain[-1][0].startswith(reverse("mfa_verify"))
    assert client.post(reverse("mfa_verify"), {"code": totp_code(device)}).status_code == 302
    assert client.get("/rounds/").status_code == 200


def test_demo_users_who_must_use_a_second_factor_get_the_demo_secret(cast, settings):
    settings.DEMO_TOTP_SECRET = "KOKKENDEMOKOKKENDEMOKOKKENDEMO23"
    users = {u.username: u for u in demo.seed("kokken-demo")}
    for name in ("secretariat", "mext-reviewer", "admin"):
        device = mfa.totp_device(users[name])
        assert mfa.secret_of(device) == "KOKKENDEMOKOKKENDEMOKOKKENDEMO23"
    assert mfa.totp_device(users["riken-editor"]) is None


def test_seed_demo_prints_the_demo_secret_and_demo_totp_the_current_code(demo_data, settings):
    import io

    from django.core.management import call_command

    settings.DEMO_TOTP_SECRET = "KOKKENDEMOKOKKENDEMOKOKKENDEMO23"
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "KOKKENDEMOKOKKENDEMOKOKKENDEMO23" in out.getvalue()
    from kokken.models import User

    device = mfa.totp_device(User.objects.get(username="secretariat"))
    code = io.StringIO()
    call_command("demo_totp", stdout=code)
    assert device.verify_token(code.getvalue().split()[0])
