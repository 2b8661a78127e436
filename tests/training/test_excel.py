"""The catalogue's Excel: its own export and template, uploaded unchanged, give no error and
change nothing; a nonsense row is refused with its cell and nothing is written."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tests.training import factories as f
from training.models import Programme
from training.registers import PROGRAMMES

pytestmark = pytest.mark.django_db


def seed(agency):
    f.programme(agency, title="=HYPERLINK(\"http://x\")", in_english=True,
                end_date=datetime.date(2024, 7, 1))
    f.programme(agency, title="eラーニング", format="elearning", always_open=True,
                start_date=None, capacity=None, open_to_others=False, provider="APRIN",
                url="https://edu.aprin.or.jp/")


def snapshot(agency):
    names = [name for name, _label in PROGRAMMES.excel]
    return sorted(PROGRAMMES.rows(agency=agency, fiscal_year=2024).values_list(*names))


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_catalogues_own_export_uploaded_unchanged_changes_nothing(cast, language):
    seed(cast.agency)
    before = snapshot(cast.agency)
    with translation.override(language):
        content = PROGRAMMES.export_workbook(PROGRAMMES.rows(agency=cast.agency,
                                                             fiscal_year=2024))
        result = PROGRAMMES.import_file(upload=SimpleUploadedFile("back.xlsx", content),
                                        agency=cast.agency, fiscal_year=2024,
                                        user=cast.editor, replace=True)
    assert result.errors == [] and result.saved == 2
    assert snapshot(cast.agency) == before


def test_the_catalogues_own_template_uploaded_unchanged_changes_nothing(cast):
    seed(cast.agency)
    before = snapshot(cast.agency)
    result = PROGRAMMES.import_file(
        upload=SimpleUploadedFile("t.xlsx", PROGRAMMES.template_workbook()),
        agency=cast.agency, fiscal_year=2024, user=cast.editor, replace=True)
    assert result.errors == [] and result.saved == 0
    assert snapshot(cast.agency) == before


def test_a_row_breaking_the_programme_rules_is_refused_with_its_cell_and_nothing_written(cast):
    seed(cast.agency)
    rows = PROGRAMMES.rows(agency=cast.agency, fiscal_year=2024)
    content = PROGRAMMES.export_workbook(rows)
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(content))
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    # The first data row: not always open, and no start date.
    sheet.cell(row=2, column=headers.index(str(PROGRAMMES.excel[7][1])) + 1).value = None
    sheet.cell(row=2, column=headers.index(str(PROGRAMMES.excel[6][1])) + 1).value = "いいえ"
    out = BytesIO()
    book.save(out)
    with translation.override("ja"):
        result = PROGRAMMES.import_file(upload=SimpleUploadedFile("bad.xlsx", out.getvalue()),
                                        agency=cast.agency, fiscal_year=2024,
                                        user=cast.editor, replace=False)
    assert result.errors and "開始日" in " ".join(map(str, result.errors))
    assert Programme.objects.count() == 2
