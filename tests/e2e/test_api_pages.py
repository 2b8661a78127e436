"""The token section of the profile page and the API docs, in a real Chromium."""

import re

import pytest

from tests.e2e.conftest import axe_violations, screenshot, sign_in

pytestmark = pytest.mark.e2e


def test_editor_creates_copies_and_revokes_a_token(page, demo):
    sign_in(page, demo, "riken-editor")
    page.goto(f"{demo.url}/accounts/profile/")
    page.get_by_label("トークンの名前").fill("集計スクリプト")
    page.get_by_role("button", name="トークンを作成").click()
    secret = page.get_by_label("新しいトークン").input_value()
    assert secret.startswith("kk_")
    assert axe_violations(page) == []
    assert page.csp_errors == []
    screenshot(page, "api-token-created")
    # The secret works against the API, from outside the browser session.
    response = page.request.get(f"{demo.url}/api/v1/agencies/",
                                headers={"Authorization": f"Bearer {secret}"})
    assert response.status == 200
    page.goto(f"{demo.url}/accounts/profile/")
    assert secret not in page.content()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile("「集計スクリプト」を\\s*失効させる")).click()
    page.wait_for_load_state("networkidle")
    assert "失効させました" in page.content()
    response = page.request.get(f"{demo.url}/api/v1/agencies/",
                                headers={"Authorization": f"Bearer {secret}",
                                         "Cookie": ""})
    assert response.status == 401


def test_api_docs_render_from_local_files(page, demo):
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    sign_in(page, demo, "secretariat")
    page.goto(f"{demo.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15000)
    assert page.locator(".swagger-ui .opblock").count() >= 10
    assert failed == []
    assert page.csp_errors == []  # the strict policy holds on this page too
    assert page.get_attribute("html", "lang") == "ja"
    screenshot(page, "api-docs")
