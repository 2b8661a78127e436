"""A keyboard-only journey, with no mouse event at all: sign in → answer → 一時保存 →
reload and resume → 確認 → 提出. Every element the Tab key reaches on the way shows a
visible focus outline."""

import pytest

from agreements import services
from agreements.models import Sheet
from kokken.models import User
from tests.e2e.conftest import open_riken_sheet

pytestmark = pytest.mark.e2e

# Counts pointer events on every page of the context (kept across navigations).
COUNT_POINTER = """
for (const type of ["mousedown", "mouseup", "pointerdown", "pointerup"]) {
  window.addEventListener(type, () => {
    sessionStorage.setItem("pointer", String(Number(sessionStorage.getItem("pointer") || 0) + 1));
  }, true);
}
"""
FOCUSED = """() => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  return {what: e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + " " +
                (e.textContent || e.value || "").trim().slice(0, 20),
          // The document itself (before the first stop) is no stop.
          visible: e === document.body ||
                   (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2)};
}"""


def tab_to(page, selector: str, unseen: list, limit: int = 80) -> None:
    """Press Tab until ``selector`` has focus, noting any stop without a visible outline."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if not focused["visible"]:
            unseen.append(f"{page.url}: {focused['what']}")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached with {limit} Tabs on {page.url}")


def test_sign_in_answer_save_resume_check_and_submit_with_the_keyboard_only(page, demo):
    sheet = open_riken_sheet(fiscal_year=2024, title_ja="キーボード試験")
    services.answers_save(sheet=sheet, user=User.objects.get(username="riken-editor"),
                          raw={f"INT-Q{n}-1": "done" for n in range(1, 6)},
                          base_version=sheet.version)
    page.context.add_init_script(COUNT_POINTER)
    unseen = []

    page.goto(f"{demo.url}/accounts/login/")
    tab_to(page, "#id_username", unseen)
    page.keyboard.type("riken-approver")
    page.keyboard.press("Tab")
    page.keyboard.type("kokken-demo")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{demo.url}/agencies/riken/"

    # Answer the last question and save the draft with Enter on 一時保存する.
    section = sheet.round.questionnaire.questions.get(code="INT-Q6-1").section.code
    page.goto(f"{demo.url}/sheets/{sheet.pk}/sections/{section}/")
    tab_to(page, "input[name=q-INT-Q6-1]", unseen)
    page.keyboard.press("Space")
    # Saved already: 一時保存する must still post at the first press (it once needed two).
    page.locator("#status-INT-Q6-1").get_by_text("保存しました").wait_for()
    tab_to(page, "#section-form button[type=submit]", unseen)
    assert page.evaluate("document.activeElement.textContent.trim()") == "一時保存する"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "保存しました" in page.locator(".banner").first.inner_text()

    # Reload and resume: the answer is there.
    page.reload()
    assert page.locator("input[name=q-INT-Q6-1]:checked").get_attribute("value") == "done"

    # 確認 → 提出.
    page.goto(f"{demo.url}/sheets/{sheet.pk}/")
    tab_to(page, f"a[href='/sheets/{sheet.pk}/confirm/']", unseen)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "button[value=submit]", unseen)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "受付番号" in page.locator(".summary-list").inner_text()

    sheet.refresh_from_db()
    assert sheet.state == Sheet.State.SUBMITTED
    assert unseen == []
    assert page.evaluate("sessionStorage.getItem('pointer')") is None
