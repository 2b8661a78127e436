"""The whole return cycle in a real browser: missing answers block the request, the
approver sends back with a note, the ministry returns with a reason, the agency replies
in the comment's thread and resubmits without changes, and the ministry accepts."""

import pytest

from agreements import services
from agreements.models import ReviewComment, Sheet
from kokken.models import User
from tests.e2e.conftest import axe_violations, open_riken_sheet, screenshot, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def riken_sheet(demo):
    return open_riken_sheet(fiscal_year=2026, title_ja="差戻し試験")


def _as(page, demo, username):
    page.context.clear_cookies()
    sign_in(page, demo, username)


def _click(page, name):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state("networkidle")


def test_return_reply_and_resubmit_without_change(page, demo, riken_sheet):
    url = f"{demo.url}/sheets/{riken_sheet.pk}/"
    answers = {f"INT-Q{n}-1": "done" for n in range(1, 6)}  # INT-Q6-1 left out
    services.answers_save(sheet=riken_sheet, user=User.objects.get(username="riken-editor"),
                          raw=answers, base_version=riken_sheet.version)

    # The editor sees the missing answer as a link, not the request button.
    _as(page, demo, "riken-editor")
    page.goto(url)
    missing = page.locator("#missing-answers")
    assert "INT-Q6-1" in missing.inner_text()
    assert page.get_by_role("button", name="承認を依頼する").count() == 0
    missing.get_by_role("link").first.click()
    page.locator("#field-INT-Q6-1 input[value=done]").check()
    page.locator("#status-INT-Q6-1").get_by_text("保存しました").wait_for()
    page.goto(url)
    assert page.locator("#missing-answers").count() == 0
    _click(page, "承認を依頼する")
    assert "承認待ち" in page.locator(".summary-list").inner_text()
    assert "編集不可" in page.content()
    assert page.get_by_role("link", name="回答を入力する").count() == 0

    # The approver sends it back with a note; the editor reads it at the top.
    _as(page, demo, "riken-approver")
    page.goto(url)
    page.get_by_label("入力担当者に修正してほしい内容").fill("Q6の記載を確認してください")
    _click(page, "入力担当者に戻す")
    _as(page, demo, "riken-editor")
    page.goto(url)
    assert "Q6の記載を確認してください" in page.locator("#send-back-note").inner_text()
    _click(page, "承認を依頼する")

    # The approver submits through the confirmation screen.
    _as(page, demo, "riken-approver")
    page.goto(url)
    page.get_by_role("link", name="確認して提出する").click()
    _click(page, "提出する")
    assert "受付番号" in page.content()

    # The ministry comments on a question and returns the sheet with a reason.
    _as(page, demo, "mext-reviewer")
    page.goto(url)
    page.locator("summary", has_text="この設問にコメントする").first.click()
    page.locator("textarea[name=text]").first.fill("規程の名称を教えてください")
    _click(page, "コメントを追加する")
    page.get_by_label("修正してほしい内容").fill("全体として根拠の記載が不足しています")
    page.once("dialog", lambda dialog: dialog.accept())
    _click(page, "法人に差し戻す")

    # The agency sees the reason on top, replies in the thread and marks it resolved.
    _as(page, demo, "riken-approver")
    page.goto(url)
    reason = page.locator("#return-reason")
    assert "全体として根拠の記載が不足しています" in reason.inner_text()
    comment = ReviewComment.objects.get(sheet=riken_sheet, question__isnull=False)
    thread = page.locator(f"#comment-{comment.pk}")
    thread.get_by_label("返信内容").fill("研究インテグリティ規程（令和5年制定）です")
    thread.get_by_label("対応済みにする").check()
    thread.get_by_role("button", name="送信する").click()
    page.wait_for_load_state("networkidle")
    thread = page.locator(f"#comment-{comment.pk}")
    assert "研究インテグリティ規程（令和5年制定）です" in thread.inner_text()
    assert "対応済み" in thread.inner_text()
    assert axe_violations(page) == []
    screenshot(page, "sheet-returned-thread")

    # Resubmitting without changes needs a note.
    page.get_by_label("変更しない理由（府省の確認者に表示されます）").fill(
        "回答内容は正しく、コメントに返信したとおりです")
    _click(page, "変更せずに再提出する")
    riken_sheet.refresh_from_db()
    assert riken_sheet.state == Sheet.State.SUBMITTED

    # The ministry reads the note and accepts.
    _as(page, demo, "mext-reviewer")
    page.goto(url)
    assert "回答内容は正しく" in page.locator("#agency-note").inner_text()
    page.once("dialog", lambda dialog: dialog.accept())
    _click(page, "受理する")
    riken_sheet.refresh_from_db()
    assert riken_sheet.state == Sheet.State.ACCEPTED
    assert page.csp_errors == []
