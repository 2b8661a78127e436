"""Bulk import of cross-appointments from Excel: all or nothing, every error names row and cell."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from hr import services
from hr.models import CrossAppointment
from kokken.models import DataTransfer

HEADERS = ["方向", "相手機関", "相手機関の種別", "努力割合（％）", "開始日", "終了日",
           "給与の取扱い", "社会保険の取扱い", "就業の在り方", "知的財産の取扱い", "法人内の管理番号"]
GOOD = ["受入（相手機関から当法人へ）", "デモ大学A", "国立大学・大学共同利用機関", 50,
        date(2024, 4, 1), date(2025, 3, 31), "はい", "はい", "いいえ", "はい", "CA-001"]


def workbook(rows, headers=HEADERS, name="ca.xlsx", title="クロスアポイントメント"):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def run(cast, upload, **kwargs):
    return services.rows_import(kind="crossappointment", agency=cast.agency, fiscal_year=2024,
                                upload=upload, user=cast.editor, **kwargs)


def test_a_valid_workbook_saves_every_row(cast):
    second = ["outbound", "Demo Company B", "Private company", "20", "2024/10/1", None,
              None, None, None, None, None]
    result = run(cast, workbook([GOOD, second]))
    assert result.errors == [] and result.saved == 2
    rows = list(CrossAppointment.objects.filter(agency=cast.agency, fiscal_year=2024)
                .order_by("start_date"))
    assert [(r.direction, r.partner_type, r.effort_percent) for r in rows] == [
        ("inbound", "national_university", 50), ("outbound", "company", 20)]
    assert rows[0].settles_salary and not rows[0].settles_work and rows[0].reference == "CA-001"
    assert rows[1].start_date == date(2024, 10, 1) and rows[1].end_date is None
    transfer = DataTransfer.objects.get()
    assert transfer.direction == "import" and transfer.succeeded and transfer.agency == cast.agency


def test_one_bad_cell_saves_nothing_and_names_row_and_column(cast):
    bad = list(GOOD)
    bad[3] = 150
    result = run(cast, workbook([GOOD, bad, GOOD]))
    assert CrossAppointment.objects.count() == 0
    assert result.saved == 0
    assert result.errors == [
        "『クロスアポイントメント』シート 3行目 D列：『努力割合（％）』は0〜100の整数で入力してください。"]
    assert DataTransfer.objects.get().succeeded is False


def test_every_error_is_reported_not_only_the_first(cast):
    bad = list(GOOD)
    bad[0] = "横"
    bad[4] = "来年"
    empty_partner = list(GOOD)
    empty_partner[1] = None
    result = run(cast, workbook([bad, empty_partner]))
    assert len(result.errors) == 3
    assert result.errors[0].startswith("『クロスアポイントメント』シート 2行目 A列：")
    assert result.errors[1].startswith("『クロスアポイントメント』シート 2行目 E列：")
    assert "3行目 B列：『相手機関』は必須です" in result.errors[2]
    assert CrossAppointment.objects.count() == 0


def test_end_before_start_is_reported_on_the_end_date_cell(cast):
    bad = list(GOOD)
    bad[5] = date(2024, 1, 1)
    result = run(cast, workbook([bad]))
    assert result.errors == ["『クロスアポイントメント』シート 2行目 F列：終了日が開始日より前です。"]


def test_a_missing_required_column_is_named_and_nothing_is_saved(cast):
    headers = [h for h in HEADERS if h != "努力割合（％）"]
    rows = [[v for i, v in enumerate(GOOD) if i != 3]]
    result = run(cast, workbook(rows, headers=headers))
    assert result.errors == ["『クロスアポイントメント』シート 1行目：必須の列『努力割合（％）』がありません。"]
    assert CrossAppointment.objects.count() == 0


@pytest.mark.parametrize(("name", "content"), [
    ("ca.xlsx", b"this is not a workbook"),
    ("ca.csv", b"a,b,c\n1,2,3\n"),
    ("ca.xlsx", b"PK\x03\x04broken zip"),
])
def test_a_file_that_is_not_an_xlsx_gets_one_clear_message(cast, name, content):
    result = run(cast, SimpleUploadedFile(name, content))
    assert result.errors == [("Excelブック（.xlsx）として読み込めませんでした。"
                              "「Excel ブック (*.xlsx)」形式で保存して、もう一度アップロードしてください。")]
    assert CrossAppointment.objects.count() == 0


def test_english_headers_and_any_column_order_are_accepted(cast):
    headers = ["Start date", "Effort share (%)", "Partner type", "Partner institution", "Direction"]
    result = run(cast, workbook([[date(2024, 5, 1), 30, "rd_agency", "Demo Agency", "inbound"]],
                                headers=headers))
    assert result.errors == [] and CrossAppointment.objects.get().effort_percent == 30


def test_replace_removes_the_years_rows_only_when_the_file_is_valid(cast):
    from tests.hr.factories import crossappointment

    crossappointment(cast.agency, partner_name="残る大学")
    bad = list(GOOD)
    bad[3] = "半分"
    run(cast, workbook([bad]), replace=True)
    assert list(CrossAppointment.objects.values_list("partner_name", flat=True)) == ["残る大学"]
    run(cast, workbook([GOOD]), replace=True)
    assert list(CrossAppointment.objects.values_list("partner_name", flat=True)) == ["デモ大学A"]


def test_the_template_workbook_has_the_import_headers_in_row_one(cast):
    wb = load_workbook(io.BytesIO(services.rows_template(kind="crossappointment")))
    headers = [c.value for c in next(wb.worksheets[0].iter_rows(max_row=1))]
    assert headers == HEADERS
    # and an empty template filled with one row imports cleanly
    ws = wb.worksheets[0]
    ws.append(GOOD)
    out = io.BytesIO()
    wb.save(out)
    assert run(cast, SimpleUploadedFile("t.xlsx", out.getvalue())).saved == 1


def test_an_exported_sheet_imports_again_with_its_yes_no_cells(cast):
    """The export and the template's allowed values write 該当/非該当; the import reads them."""
    from hr.registers import CROSSAPPOINTMENTS
    from tests.hr.factories import crossappointment

    crossappointment(cast.agency, fiscal_year=2023, settles_salary=True, partner_name="往復大学")
    content = CROSSAPPOINTMENTS.export_workbook(CrossAppointment.objects.filter(fiscal_year=2023))
    result = run(cast, SimpleUploadedFile("export.xlsx", content))
    assert result.errors == [] and result.saved == 1
    copied = CrossAppointment.objects.get(fiscal_year=2024)
    assert copied.partner_name == "往復大学" and copied.settles_salary and not copied.settles_ip
