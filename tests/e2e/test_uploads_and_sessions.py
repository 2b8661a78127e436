"""Uploads and the edges of a session in a real browser: the Excel round trip of a sheet,
a register import, the language switch with unsaved answers, and the sign-in lockout."""

import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tests.e2e.conftest import axe_violations, open_riken_sheet, sign_in

pytestmark = pytest.mark.e2e


def _xlsx(book) -> dict:
    out = io.BytesIO()
    book.save(out)
    return {"name": "回答.xlsx", "buffer": out.getvalue(),
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def test_excel_round_trip_names_the_bad_cell_then_previews_and_applies(page, demo):
    sheet = open_riken_sheet(fiscal_year=2024, title_ja="Excel試験")
    sign_in(page, demo, "riken-editor")
    page.goto(f"{demo.url}/sheets/{sheet.pk}/")
    page.get_by_role("link", name="Excelで回答する").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="回答票をExcelファイルでダウンロードする").click()
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))  # no suffix
    answers = book["回答"]
    row = next(r[0].row for r in answers.iter_rows(min_row=2) if r[0].value == "INT-Q2-1")

    # A value that is not one of the choices: nothing saved, the cell named.
    answers.cell(row=row, column=3, value="たぶん")
    page.get_by_label("記入済みのExcelファイル（.xlsx）").set_input_files(_xlsx(book))
    with page.expect_navigation():
        page.get_by_role("button", name="ファイルを確認する").click()
    error = page.get_by_role("alert").inner_text()
    assert f"『回答』シート {row}行目 C列" in error
    assert page.evaluate("document.activeElement.getAttribute('role')") == "alert"
    assert axe_violations(page) == []
    assert sheet.answers.count() == 0

    # The corrected file: a preview of the change, then applied.
    answers.cell(row=row, column=3, value="整備している")
    page.get_by_label("記入済みのExcelファイル（.xlsx）").set_input_files(_xlsx(book))
    with page.expect_navigation():
        page.get_by_role("button", name="ファイルを確認する").click()
    preview = page.locator("table").inner_text()
    assert "INT-Q2-1" in preview and "整備している" in preview
    assert axe_violations(page) == []
    assert sheet.answers.count() == 0  # a preview saves nothing
    with page.expect_navigation():
        page.get_by_role("button", name="この内容で反映する").click()
    assert sheet.answers.get(question__code="INT-Q2-1").choice == "done"
    assert page.csp_errors == []


CA_HEADERS = ["方向", "相手機関", "相手機関の種別", "努力割合（％）", "開始日", "終了日",
              "給与の取扱い", "社会保険の取扱い", "就業の在り方", "知的財産の取扱い", "法人内の管理番号"]
CA_ROW = ["受入（相手機関から当法人へ）", "デモ大学E2E", "国立大学・大学共同利用機関", 50,
          date(2024, 4, 1), date(2025, 3, 31), "はい", "はい", "いいえ", "はい", "E2E-001"]


def test_a_register_import_lists_the_bad_cell_then_previews_and_imports_the_corrected_file(page, demo):
    from hr.models import CrossAppointment

    def upload(rows):
        book = Workbook()
        book.active.title = "クロスアポイントメント"
        book.active.append(CA_HEADERS)
        for r in rows:
            book.active.append(r)
        page.locator("input[type=file]").set_input_files(_xlsx(book))
        with page.expect_navigation():
            page.get_by_role("button", name="アップロードして確認").click()

    sign_in(page, demo, "riken-editor")
    page.goto(f"{demo.url}/hr/agencies/riken/cross-appointments/import/?fy=2024")
    bad = list(CA_ROW)
    bad[3] = 150
    upload([CA_ROW, bad])
    assert "3行目 D列" in page.locator(".import-errors").inner_text()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert axe_violations(page) == []
    assert CrossAppointment.objects.count() == 0
    upload([CA_ROW])
    assert "デモ大学E2E" in page.locator(".import-preview table").inner_text()
    assert CrossAppointment.objects.count() == 0  # a preview saves nothing
    with page.expect_navigation():
        page.get_by_role("button", name="この内容で取り込む").click()
    assert "/hr/agencies/riken/cross-appointments/" in page.url
    assert "1件登録しました" in page.locator(".banner").first.inner_text()
    assert "デモ大学E2E" in page.locator("table").inner_text()
    assert CrossAppointment.objects.get().reference == "E2E-001"


def test_the_language_switch_keeps_the_page_and_warns_before_losing_an_answer(page, demo):
    sheet = open_riken_sheet(fiscal_year=2024, title_ja="言語切替試験")
    sign_in(page, demo, "riken-editor")
    path = f"/sheets/{sheet.pk}/sections/{sheet.round.questionnaire.sections.first().code}/"
    page.goto(f"{demo.url}{path}")
    server = {"down": True}
    page.route("**/autosave/", lambda route: route.fulfill(status=503, body="down")
               if server["down"] else route.continue_())
    page.locator("#field-INT-Q1-1").get_by_label("実施していない").check()
    page.locator("#status-INT-Q1-1").get_by_text("再試行").wait_for()

    # The answer is not saved yet: switching the language asks first; staying keeps it.
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.once("dialog", stay)
    page.get_by_role("button", name="English").click()
    page.wait_for_function("() => true")  # let the dialog event arrive
    assert dialogs == ["beforeunload"]
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.locator("#field-INT-Q1-1 input[value=not_done]").is_checked()

    # Once saved, the switch goes through without a question, to the same page in English.
    server["down"] = False
    page.locator("#status-INT-Q1-1").get_by_text("保存しました").wait_for(timeout=15_000)
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.url == f"{demo.url}{path}"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#field-INT-Q1-1 input[value=not_done]").is_checked()
    assert dialogs == ["beforeunload"]
    assert sheet.answers.get(question__code="INT-Q1-1").choice == "not_done"


def test_five_wrong_passwords_lock_the_account_with_a_message(page, demo):
    for _ in range(5):
        sign_in(page, demo, "riken-editor", password="wrong-password")
    assert page.locator("h1").inner_text() == "アカウントが一時的にロックされています"
    assert "15分" in page.get_by_role("alert").inner_text()
    assert axe_violations(page) == []
    sign_in(page, demo, "riken-editor")  # the right password is refused while locked
    assert page.locator("h1").inner_text() == "アカウントが一時的にロックされています"
    assert "/accounts/login/" in page.url
