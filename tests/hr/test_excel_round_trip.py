"""What the product writes, it reads back: every register's own export and own template,
uploaded unchanged, give no error and change nothing (in Japanese and in English)."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from hr.registers import REGISTERS
from kokken.models import DataTransfer
from tests.hr import factories as f

TRICKY = "=HYPERLINK(\"http://x\")"     # a formula someone typed: exported as text, read back


def seed(agency):
    """Rows using every kind of cell: codes, yes/no both ways, blanks, dates, formula-like text."""
    f.crossappointment(agency, partner_name=TRICKY, settles_salary=True, reference="-1",
                       end_date=date(2025, 3, 31), direction="outbound", partner_type="company")
    f.crossappointment(agency, partner_name="+大学", effort_percent=0, settles_ip=True)
    f.secondment(agency, end_date=date(2026, 3, 31))
    f.secondment(agency, direction="inbound", kind="katsuai", partner_type="company")
    f.initiative(agency, title=TRICKY)
    f.initiative(agency, kind="other", title="", description="@説明\n二行目")


def snapshot(register, agency):
    names = [name for name, _label in register.excel]
    return sorted(register.rows(agency=agency, fiscal_year=2024).values_list(*names))


def upload(content, name="back.xlsx"):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("register", REGISTERS, ids=lambda r: r.key)
def test_the_registers_own_export_uploaded_unchanged_changes_nothing(cast, register, language):
    seed(cast.agency)
    before = snapshot(register, cast.agency)
    with translation.override(language):
        content = register.export_workbook(register.rows(agency=cast.agency, fiscal_year=2024))
        result = register.import_file(upload=upload(content), agency=cast.agency,
                                      fiscal_year=2024, user=cast.editor, replace=True)
    assert result.errors == [] and result.saved == result.replaced == len(before) == 2
    assert snapshot(register, cast.agency) == before


@pytest.mark.parametrize("register", REGISTERS, ids=lambda r: r.key)
def test_the_registers_own_template_uploaded_unchanged_changes_nothing(cast, register):
    seed(cast.agency)
    before = snapshot(register, cast.agency)
    result = register.import_file(upload=upload(register.template_workbook()),
                                  agency=cast.agency, fiscal_year=2024, user=cast.editor,
                                  replace=True)
    assert result.errors == [] and result.saved == 0
    assert snapshot(register, cast.agency) == before


def test_the_export_writes_typed_formulas_as_text_and_yes_no_as_words(cast):
    from hr.registers import CROSSAPPOINTMENTS

    seed(cast.agency)
    content = CROSSAPPOINTMENTS.export_workbook(
        CROSSAPPOINTMENTS.rows(agency=cast.agency, fiscal_year=2024).order_by("partner_name"))
    ws = load_workbook(io.BytesIO(content)).worksheets[0]
    header = [c.value for c in ws[1]]
    partner = ws.cell(row=3, column=header.index("相手機関") + 1)
    assert partner.value == TRICKY and partner.data_type == "s" and partner.quotePrefix
    salary = [ws.cell(row=r, column=header.index("給与の取扱い") + 1).value for r in (2, 3)]
    assert salary == ["非該当", "該当"]          # _("No"), _("Yes"): as the export always wrote
    assert ws.cell(row=3, column=header.index("開始日") + 1).value == "2024-04-01"


def test_a_wareki_date_cell_is_refused_with_its_cell_as_before(cast):
    from tests.hr.test_excel_import import GOOD, run, workbook

    row = list(GOOD)
    row[4] = "令和6年4月1日"
    result = run(cast, workbook([row]))
    assert result.errors == [("『クロスアポイントメント』シート 2行目 E列："
                              "『開始日』は西暦の日付で入力してください。例）2024-04-01")]


# --- The preview ---------------------------------------------------------------------

def test_the_import_page_previews_the_rows_then_saves_them_on_confirmation(client_for, cast):
    from hr.models import Secondment
    from tests.hr.test_excel_import_registers import SECONDMENT, secondments

    f.secondment(cast.agency, partner_type="university")
    client = client_for(cast.editor)
    url = "/hr/agencies/riken/secondments/import/?fy=2024"
    response = client.post(url, {"file": secondments([SECONDMENT, SECONDMENT]), "replace": "on",
                                 "step": "preview"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "取り込む前に確認" in page and "送出（当法人から相手機関へ）" in page
    assert response.context["preview"]["result"].new == 2
    assert response.context["preview"]["result"].replaced == 1
    assert list(Secondment.objects.values_list("partner_type", flat=True)) == ["university"]
    assert not DataTransfer.objects.exists()         # nothing happened yet

    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    assert sorted(Secondment.objects.values_list("partner_type", flat=True)) == ["ministry"] * 2
    assert DataTransfer.objects.get().succeeded
    again = client.post(url, {"confirm": "1"})       # the preview is used once
    assert again.status_code == 302 and Secondment.objects.count() == 2


def test_a_preview_with_errors_lists_them_and_keeps_nothing(client_for, cast):
    from hr.models import Secondment
    from tests.hr.test_excel_import_registers import SECONDMENT, secondments

    bad = list(SECONDMENT)
    bad[0] = "横"
    client = client_for(cast.editor)
    url = "/hr/agencies/riken/secondments/import/?fy=2024"
    response = client.post(url, {"file": secondments([bad]), "step": "preview"})
    assert "2行目 A列" in response.content.decode() and response.context["preview"] is None
    client.post(url, {"confirm": "1"})
    assert Secondment.objects.count() == 0


def test_a_confirmation_is_refused_to_an_outsider(client_for, cast):
    from hr.models import Secondment
    from tests.hr.test_excel_import_registers import SECONDMENT, secondments

    url = "/hr/agencies/riken/secondments/import/?fy=2024"
    client_for(cast.editor).post(url, {"file": secondments([SECONDMENT]), "step": "preview"})
    for user in cast.outsiders:
        assert client_for(user).post(url, {"confirm": "1"}).status_code in (403, 404)
    assert Secondment.objects.count() == 0
