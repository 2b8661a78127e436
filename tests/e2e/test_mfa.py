"""The second factor in a real browser: the demo secretariat signs in with its password and
a TOTP code from the published demo secret; a reviewer without an app sets one up."""

import base64
import time

import pytest
from django.conf import settings
from django_otp.oath import TOTP

from tests.e2e.conftest import axe_violations, screenshot

pytestmark = pytest.mark.e2e


def _code(secret: str, offset_steps: int = 0) -> str:
    totp = TOTP(base64.b32decode(secret))
    totp.time = time.time() + 30 * offset_steps
    return f"{totp.token():06d}"


def _password(page, url, username):
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill("kokken-demo")
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_load_state("networkidle")


def test_the_demo_secretariat_signs_in_with_password_and_totp(page, demo):
    _password(page, demo.url, "secretariat")
    assert "/accounts/mfa/" in page.url
    assert page.locator("h1").inner_text() == "二要素認証"
    assert axe_violations(page) == []
    page.get_by_label("確認コード").fill(_code(settings.DEMO_TOTP_SECRET))
    page.get_by_role("button", name="確認").click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{demo.url}/agencies/"
    assert "国立研究開発法人一覧" in page.locator("h1").inner_text()
    assert page.csp_errors == []


def test_a_reviewer_without_an_app_sets_one_up_from_the_page(page, demo):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user__username="meti-reviewer").delete()
    _password(page, demo.url, "meti-reviewer")
    assert "/accounts/mfa/setup/" in page.url
    assert page.get_by_role("img", name="認証アプリ用のQRコード").is_visible()
    screenshot(page, "mfa-setup")
    assert axe_violations(page) == []
    secret = page.locator("#mfa-secret").inner_text().strip()
    page.get_by_label("確認コード").fill(_code(secret))
    page.get_by_role("button", name="確認").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "リカバリーコード"
    assert page.locator(".recovery-codes li").count() == 10
    page.get_by_role("link", name="続ける").click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{demo.url}/ministries/METI/"
    assert page.csp_errors == []
