"""The follow-up loop in a real browser: autosave, conditions, conflicts (the review and
the whole year: test_journey.py)."""

import pytest

from agreements import services
from agreements.models import Round, Sheet
from kokken.models import User
from tests.e2e.conftest import axe_violations, open_riken_sheet, screenshot, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def riken_sheet(demo):
    """An open FY2024 round built from the real FY2023 integrity questionnaire."""
    return open_riken_sheet(fiscal_year=2024, title_ja="ブラウザ試験")


def test_editor_answers_with_autosave_and_conditional_questions(page, demo, riken_sheet):
    sign_in(page, demo, "riken-editor")
    page.goto(f"{demo.url}/sheets/{riken_sheet.pk}/")
    page.get_by_role("link", name="回答を入力する").click()
    assert page.locator("[aria-current=step]").count() == 1
    follow_up = page.locator("#field-INT-Q1-2")
    assert follow_up.is_hidden()
    page.locator("#field-INT-Q1-1").get_by_label("実施していない").check()
    assert follow_up.is_visible()
    page.locator("#status-INT-Q1-1").get_by_text("保存しました").wait_for()
    follow_up.get_by_label("検討している").check()
    page.locator("#status-INT-Q1-2").get_by_text("保存しました").wait_for()
    timeline = page.locator("#q-INT-Q1-3")
    timeline.fill("令和7年度中に規程を整備する予定")
    assert "残り" in page.locator("#field-INT-Q1-3 .char-count").inner_text()
    timeline.blur()
    page.locator("#status-INT-Q1-3").get_by_text("保存しました").wait_for()
    assert axe_violations(page) == []
    assert page.csp_errors == []
    screenshot(page, "sheet-section")
    riken_sheet.refresh_from_db()
    assert riken_sheet.answers.get(question__code="INT-Q1-3").text == "令和7年度中に規程を整備する予定"
    assert riken_sheet.state == Sheet.State.IN_PROGRESS


def test_a_stale_autosave_tells_the_editor_instead_of_overwriting(page, demo, riken_sheet):
    sign_in(page, demo, "riken-editor")
    page.goto(f"{demo.url}/sheets/{riken_sheet.pk}/sections/{riken_sheet.round.questionnaire.sections.first().code}/")
    # Meanwhile the approver answers the same question.
    services.answers_save(sheet=riken_sheet, user=User.objects.get(username="riken-approver"),
                          raw={"INT-Q2-1": "done"}, base_version=riken_sheet.version)
    page.locator("#field-INT-Q2-1").get_by_label("整備していない").check()
    status = page.locator("#status-INT-Q2-1")
    status.get_by_text("保存されていません").wait_for()
    assert "riken-approver" in status.inner_text()
    riken_sheet.refresh_from_db()
    assert riken_sheet.answers.get(question__code="INT-Q2-1").choice == "done"


def test_secretariat_round_page_is_accessible(page, demo, riken_sheet):
    sign_in(page, demo, "secretariat")
    page.goto(f"{demo.url}/rounds/{riken_sheet.round_id}/")
    assert "27 法人" in page.locator("figcaption").first.inner_text()
    assert axe_violations(page) == []
    page.goto(f"{demo.url}/rounds/{riken_sheet.round_id}/aggregate/")
    assert page.locator("figure.chart svg").count() >= 6
    assert axe_violations(page) == []
    page.goto(f"{demo.url}/rounds/new/")
    assert axe_violations(page) == []
    assert Round.objects.count() == 1
