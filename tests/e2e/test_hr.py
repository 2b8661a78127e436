"""Chapter II-1 in a real browser: keyboard-only entry and WCAG AA (axe)."""

import pytest

from tests.e2e.conftest import axe_violations, screenshot, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def hr_demo(demo):
    """The demo users plus the II-1 demo registers (FY2023, FY2024)."""
    from hr import demo as registers

    registers.seed()
    return demo


def test_editor_adds_a_cross_appointment_by_keyboard(page, hr_demo):
    demo = hr_demo
    sign_in(page, demo, "riken-editor")
    page.goto(f"{demo.url}/hr/agencies/riken/cross-appointments/new/?fy=2024")
    assert axe_violations(page) == []

    page.get_by_label("方向").focus()
    page.keyboard.press("ArrowDown")                 # 受入
    page.keyboard.press("Tab")
    page.keyboard.type("デモ大学Z")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")                 # 国立大学・大学共同利用機関
    page.keyboard.press("Tab")
    page.keyboard.type("30")
    for part in ("2024", "10", "1"):                 # 開始日 年 / 月 / 日
        page.keyboard.press("Tab")
        page.keyboard.type(part)
    for _ in range(3):                               # 終了日: left blank
        page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")                     # 給与の取扱い
    page.keyboard.press("Tab")
    page.keyboard.press("Space")                     # 社会保険の取扱い
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("DEMO-E2E-1")                 # 法人内の管理番号
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "保存する"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "/hr/agencies/riken/cross-appointments/" in page.url
    assert "保存しました" in page.locator(".banner").first.inner_text()
    row = page.locator("tr", has_text="DEMO-E2E-1")
    assert "デモ大学Z" in row.inner_text() and "令和6年10月1日" in row.inner_text()
    screenshot(page, "hr-crossappointments")
    assert axe_violations(page) == []
    assert page.csp_errors == []


def test_errors_are_summarised_and_focused(page, demo):
    sign_in(page, demo, "riken-editor")
    page.goto(f"{demo.url}/hr/agencies/riken/cross-appointments/new/?fy=2024")
    page.get_by_role("button", name="保存する").click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert page.locator("[aria-invalid=true]").count() >= 3
    assert axe_violations(page) == []


def test_long_text_shows_characters_left(page, hr_demo):
    sign_in(page, hr_demo, "mext-reviewer")
    page.goto(f"{hr_demo.url}/hr/agencies/riken/salary/review/?fy=2024")
    counter = page.locator(".char-count")
    page.get_by_label("法人へのコメント（1,000文字以内）").fill("確認しました")
    assert counter.inner_text() == "残り994文字"
    page.get_by_text("妥当", exact=True).click()
    with page.expect_navigation():
        page.get_by_role("button", name="保存する").click()
    assert "確認結果を記録しました" in page.locator(".banner").first.inner_text()
