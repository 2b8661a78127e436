"""The good-practice database in a real browser (issue 16's "Done when"): RIKEN's editor
searches 年俸制 in Japanese and finds the agreement's named examples, opens one; answering
the follow-up sheet, sees the related practices beside a question and follows "propose",
which opens an entry pre-filled with the question; submits it; the council's curator
(国研協, nims-approver as in the demo) publishes it for every agency. axe on each page."""

import datetime

import pytest
from django.utils import translation

from agreements import services as loop
from agreements.models import Questionnaire, Sheet
from kokken.models import User
from practices import services
from practices.models import Practice
from tests.e2e.conftest import axe_violations, sign_in

pytestmark = pytest.mark.e2e


def ja(text) -> str:
    with translation.override("ja"):
        return translation.gettext(text)


def _session(browser, live_server, username):
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    sign_in(page, live_server, username)
    return context, page


def _open_sheet() -> Sheet:
    from django.test import TestCase

    secretariat = User.objects.get(username="secretariat")
    round = loop.round_create(
        user=secretariat, fiscal_year=2024, title_ja="機能強化フォローアップ（好事例試験）",
        questionnaire=Questionnaire.objects.get(code="kinou-kyouka", version=2),
        opens_on=datetime.date(2024, 6, 1), due_on=datetime.date(2099, 7, 31))
    with TestCase.captureOnCommitCallbacks(execute=True):
        loop.round_open(round=round, user=secretariat)
    return Sheet.objects.get(round=round, agency__code="riken")


def test_an_editor_finds_examples_sees_them_beside_a_question_and_proposes_one(browser, demo):
    services.examples_load()
    User.objects.filter(username="nims-approver").update(council_member=True)
    sheet = _open_sheet()
    url = demo.url
    agency, editor = _session(browser, demo, "riken-editor")
    council, curator = _session(browser, demo, "nims-approver")
    try:
        # 1. Search in Japanese, no spaces: the agreement's 年俸制 examples (JST, RIKEN).
        editor.goto(f"{url}/practices/")
        editor.get_by_label(ja("Words")).fill("年俸制")
        with editor.expect_navigation():
            editor.get_by_role("button", name=ja("Search"), exact=True).click()
        results = editor.locator(".practice-results")
        for title in ("研究開発マネジメント人材の職種新設と年俸制の適用", "複数パターンの年俸制の設定"):
            assert results.get_by_role("link", name=title).count() == 1
        assert axe_violations(editor) == []
        with editor.expect_navigation():
            results.get_by_role("link", name="複数パターンの年俸制の設定").click()
        assert editor.locator("h1").inner_text() == "複数パターンの年俸制の設定"
        assert "II-1-S1" in editor.locator("main").inner_text()

        # 2. Answering the sheet: beside HR-01, how others do it, and "propose yours".
        editor.goto(f"{url}/sheets/{sheet.pk}/sections/HR/")
        beside = editor.locator("#practices-HR-01")
        beside.locator("summary").click()
        assert beside.get_by_role("link", name="研究開発マネジメント人材の職種新設と年俸制の適用"
                                  ).is_visible()
        assert axe_violations(editor) == []
        propose = editor.locator(".propose-practice a[href*='question=HR-01']")
        with agency.expect_page() as opened:
            propose.click()
        form = opened.value
        form.wait_for_load_state()
        assert form.get_by_label(ja("related questions"), exact=False).input_value() \
            .startswith("HR-01")
        form.get_by_label(ja("title (Japanese)")).fill("研究支援職への年俸制の拡大（提案）")
        form.get_by_label(ja("summary (Japanese)")).fill("研究支援職にも年俸制を選べるようにした。")
        assert axe_violations(form) == []
        with form.expect_navigation():
            form.get_by_role("button", name=ja("Save")).click()
        entry = Practice.objects.get(title_ja="研究支援職への年俸制の拡大（提案）")
        assert (entry.agency.code, entry.state) == ("riken", "draft")
        assert "HR-01" in entry.question_codes and entry.chapter == "II-1"
        form.goto(f"{url}/practices/{entry.pk}/")
        with form.expect_navigation():
            form.get_by_role("button", name=ja("Submit for publication")).click()
        entry.refresh_from_db()
        assert entry.state == "submitted"

        # 3. The council's curator publishes it; every agency then finds it.
        curator.goto(f"{url}/practices/{entry.pk}/")
        assert axe_violations(curator) == []
        with curator.expect_navigation():
            curator.get_by_role("button", name=ja("Publish to every agency")).click()
        entry.refresh_from_db()
        assert entry.state == "published" and entry.published_by.username == "nims-approver"
        curator.goto(f"{url}/practices/?q=研究支援職")
        assert curator.get_by_role("link", name="研究支援職への年俸制の拡大（提案）").count() == 1
    finally:
        agency.close()
        council.close()
