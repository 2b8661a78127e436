"""Bulk import of secondments and other initiatives: the cross-appointment import's rules
(all or nothing, every error names sheet, row and column) on the other two row registers."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from hr import services
from hr.models import Initiative, Secondment
from kokken.models import DataTransfer
from tests.hr import factories as f
from tests.hr.test_excel_import import workbook

SECONDMENT_HEADERS = ["方向", "出向の類型", "相手機関の種別", "開始日", "終了日"]
SECONDMENT = ["送出（当法人から相手機関へ）", "在籍出向（身分を維持）", "省庁・政府機関",
              date(2024, 4, 1), date(2026, 3, 31)]
INITIATIVE_HEADERS = ["取組", "名称", "説明"]
INITIATIVE = ["テニュアトラック", "若手PI制度", "5年の任期後に審査して無期雇用へ移行する。"]


def secondments(rows, **kwargs):
    return workbook(rows, headers=SECONDMENT_HEADERS, title="出向", **kwargs)


def initiatives(rows, **kwargs):
    return workbook(rows, headers=INITIATIVE_HEADERS, title="その他の取組", **kwargs)


def run(cast, kind, upload, **kwargs):
    return services.rows_import(kind=kind, agency=cast.agency, fiscal_year=2024, upload=upload,
                                user=cast.editor, **kwargs)


def test_a_valid_secondment_workbook_saves_every_row(cast):
    english = ["inbound", "Leave and be hired by the partner (割愛)", "company", "2024/10/1", None]
    result = run(cast, "secondment", secondments([SECONDMENT, english]))
    assert result.errors == [] and result.saved == 2
    rows = list(Secondment.objects.filter(agency=cast.agency, fiscal_year=2024)
                .order_by("start_date"))
    assert [(r.direction, r.kind, r.partner_type, r.start_date, r.end_date) for r in rows] == [
        ("outbound", "zaiseki", "ministry", date(2024, 4, 1), date(2026, 3, 31)),
        ("inbound", "katsuai", "company", date(2024, 10, 1), None)]
    assert rows[0].updated_by == cast.editor
    transfer = DataTransfer.objects.get()
    assert transfer.direction == "import" and transfer.succeeded and transfer.agency == cast.agency
    assert transfer.what == "hr.secondments 2024"


def test_a_valid_initiative_workbook_saves_every_row(cast):
    untitled = ["career_support", None, "研究者のキャリア相談窓口を設けた。"]
    result = run(cast, "initiative", initiatives([INITIATIVE, untitled]))
    assert result.errors == [] and result.saved == 2
    assert sorted(Initiative.objects.values_list("kind", "title")) == [
        ("career_support", ""), ("tenure_track", "若手PI制度")]


def test_secondment_errors_in_several_cells_are_each_named_and_nothing_is_saved(cast):
    bad_kind = list(SECONDMENT)
    bad_kind[1] = "派遣"
    bad_dates = list(SECONDMENT)
    bad_dates[3] = "来月"
    ends_early = list(SECONDMENT)
    ends_early[4] = date(2024, 3, 1)
    result = run(cast, "secondment", secondments([SECONDMENT, bad_kind, bad_dates, ends_early]))
    assert [e.split("：")[0] for e in result.errors] == [
        "『出向』シート 3行目 B列", "『出向』シート 4行目 D列", "『出向』シート 5行目 E列"]
    assert "『出向の類型』は次のいずれかを入力してください" in result.errors[0]
    assert result.errors[2].endswith("終了日が開始日より前です。")
    assert result.saved == 0 and Secondment.objects.count() == 0
    assert DataTransfer.objects.get().succeeded is False


def test_initiative_errors_in_several_cells_are_each_named_and_nothing_is_saved(cast):
    no_description = ["tenure_track", "題名", None]
    too_long = ["other", "長" * 101, "説明"]
    result = run(cast, "initiative", initiatives([INITIATIVE, no_description, too_long]))
    assert result.errors == [
        "『その他の取組』シート 3行目 C列：『説明』は必須です。",
        "『その他の取組』シート 4行目 B列：『名称』は100文字以内で入力してください。"]
    assert Initiative.objects.count() == 0


@pytest.mark.parametrize("kind", ["secondment", "initiative"])
@pytest.mark.parametrize(("name", "content"), [
    ("rows.xlsx", b"this is not a workbook"),
    ("rows.csv", b"a,b,c\n1,2,3\n"),
])
def test_a_file_that_is_not_an_xlsx_gets_one_clear_message(cast, kind, name, content):
    result = run(cast, kind, SimpleUploadedFile(name, content))
    assert result.errors == [("Excelブック（.xlsx）として読み込めませんでした。"
                              "「Excel ブック (*.xlsx)」形式で保存して、もう一度アップロードしてください。")]
    assert Secondment.objects.count() == Initiative.objects.count() == 0


def test_replace_swaps_the_years_secondments_only_when_the_file_is_valid(cast):
    kept = f.secondment(cast.agency, partner_type="university")
    other_year = f.secondment(cast.agency, fiscal_year=2023)
    bad = list(SECONDMENT)
    bad[0] = "横"
    run(cast, "secondment", secondments([bad]), replace=True)
    assert set(Secondment.objects.values_list("pk", flat=True)) == {kept.pk, other_year.pk}
    run(cast, "secondment", secondments([SECONDMENT]), replace=True)
    assert Secondment.objects.filter(fiscal_year=2024).get().partner_type == "ministry"
    assert Secondment.objects.filter(pk=other_year.pk).exists()


@pytest.mark.parametrize(("kind", "headers", "row"), [
    ("secondment", SECONDMENT_HEADERS, SECONDMENT),
    ("initiative", INITIATIVE_HEADERS, INITIATIVE),
])
def test_the_template_has_the_import_headers_and_imports_once_filled(cast, kind, headers, row):
    wb = load_workbook(io.BytesIO(services.rows_template(kind=kind)))
    assert [c.value for c in next(wb.worksheets[0].iter_rows(max_row=1))] == headers
    assert wb.worksheets[1].max_row > 1          # the allowed values of the coded columns
    wb.worksheets[0].append(row)
    out = io.BytesIO()
    wb.save(out)
    assert run(cast, kind, SimpleUploadedFile("t.xlsx", out.getvalue())).saved == 1


# --- Pages ---------------------------------------------------------------------

@pytest.mark.parametrize(("segment", "upload", "model"), [
    ("secondments", lambda: secondments([SECONDMENT]), Secondment),
    ("initiatives", lambda: initiatives([INITIATIVE]), Initiative),
])
def test_the_import_page_saves_and_returns_to_the_list(client_for, cast, segment, upload, model):
    client = client_for(cast.editor)
    url = f"/hr/agencies/riken/{segment}/import/?fy=2024"
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": upload()})
    assert response.status_code == 302
    assert response.url == f"/hr/agencies/riken/{segment}/?fy=2024"
    assert model.objects.filter(agency=cast.agency, fiscal_year=2024).count() == 1
    page = client.get(response.url).content.decode()
    assert "1件登録しました" in page and f"/hr/agencies/riken/{segment}/import/" in page


def test_the_import_page_lists_every_error(client_for, cast):
    bad = ["横", "在籍出向", "省庁・政府機関", "来年", None]
    response = client_for(cast.editor).post("/hr/agencies/riken/secondments/import/?fy=2024",
                                            {"file": secondments([bad])})
    body = response.content.decode()
    assert response.status_code == 200
    assert "2行目 A列" in body and "2行目 D列" in body and Secondment.objects.count() == 0


@pytest.mark.parametrize("segment", ["secondments", "initiatives"])
def test_export_holds_the_years_rows_under_the_import_headers(client_for, cast, segment):
    f.secondment(cast.agency)
    f.initiative(cast.agency)
    f.secondment(cast.other_agency)
    response = client_for(cast.reviewer).get(f"/hr/agencies/riken/{segment}/export.xlsx?fy=2024")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(
        values_only=True))
    headers = SECONDMENT_HEADERS if segment == "secondments" else INITIATIVE_HEADERS
    assert list(rows[0]) == ["年度", *headers] and len(rows) == 2
    assert DataTransfer.objects.get().direction == "export"


@pytest.mark.parametrize("segment", ["secondments", "initiatives"])
def test_outsiders_cannot_import_or_download_another_agencys_register(client_for, cast, segment):
    f.secondment(cast.agency)
    f.initiative(cast.agency)
    for user in cast.outsiders:
        client = client_for(user)
        for path in ("import/?fy=2024", "template.xlsx", "export.xlsx?fy=2024"):
            url = f"/hr/agencies/riken/{segment}/{path}"
            assert client.get(url).status_code in (403, 404), (user.username, url)
        response = client.post(f"/hr/agencies/riken/{segment}/import/?fy=2024",
                               {"file": secondments([SECONDMENT])})
        assert response.status_code in (403, 404), user.username
    assert Secondment.objects.count() == 1 and Initiative.objects.count() == 1


@pytest.mark.parametrize("who", ["reviewer", "secretariat"])
def test_viewers_download_the_export_but_cannot_import(client_for, cast, who):
    client = client_for(getattr(cast, who))
    assert client.get("/hr/agencies/riken/initiatives/export.xlsx?fy=2024").status_code == 200
    assert client.get("/hr/agencies/riken/initiatives/import/?fy=2024").status_code == 403
