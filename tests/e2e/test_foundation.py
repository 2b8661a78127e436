import pytest

from tests.e2e.conftest import axe_violations, screenshot, sign_in

pytestmark = pytest.mark.e2e

HOMES = [
    ("secretariat", "/agencies/", "国立研究開発法人一覧"),
    ("mext-reviewer", "/ministries/MEXT/", "文部科学省"),
    ("meti-reviewer", "/ministries/METI/", "経済産業省"),
    ("riken-editor", "/agencies/riken/", "国立研究開発法人理化学研究所"),
    ("riken-approver", "/agencies/riken/", "国立研究開発法人理化学研究所"),
    ("aist-editor", "/agencies/aist/", "国立研究開発法人産業技術総合研究所"),
    ("aist-approver", "/agencies/aist/", "国立研究開発法人産業技術総合研究所"),
    ("jst-editor", "/agencies/jst/", "国立研究開発法人科学技術振興機構"),
]


def test_sign_in_page_is_japanese_and_meets_wcag_aa(page, demo):
    page.goto(f"{demo.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.locator("h1").inner_text() == "ログイン"
    assert "デモ環境" in page.locator(".demo-banner").inner_text()
    screenshot(page, "login")
    assert axe_violations(page) == []
    assert page.csp_errors == []


@pytest.mark.parametrize(("username", "path", "heading"), HOMES, ids=[h[0] for h in HOMES])
def test_each_demo_user_lands_on_their_home(page, demo, username, path, heading):
    sign_in(page, demo, username)
    assert page.url == f"{demo.url}{path}"
    assert heading in page.locator("h1").inner_text()
    assert axe_violations(page) == []
    assert page.csp_errors == []


def test_wrong_password_shows_an_error_summary_that_takes_focus(page, demo):
    sign_in(page, demo, "riken-editor", password="wrong-password")
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert axe_violations(page) == []


def test_switching_to_english_and_back(page, demo):
    sign_in(page, demo, "secretariat")
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "National R&D agencies"
    page.get_by_role("button", name="日本語").click()
    assert page.locator("html").get_attribute("lang") == "ja"


def test_agency_list_filters_by_keyboard_only(page, demo):
    sign_in(page, demo, "secretariat")
    page.get_by_label("特定国研").select_option("1")
    page.get_by_label("特定国研").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "絞り込む"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "3 法人" in page.locator(".result-count").inner_text()
    screenshot(page, "agency-list")


def test_no_horizontal_scroll_at_320px(page, demo):
    sign_in(page, demo, "riken-editor")
    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    screenshot(page, "agency-home-320")
    assert not overflow
