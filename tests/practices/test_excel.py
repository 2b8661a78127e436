"""Excel import of a batch of entries: all or nothing, each error with its sheet, row and
column; the import adds drafts and never replaces; the register's own export and template
read back unchanged."""

from io import BytesIO

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from practices.models import Practice
from practices.registers import PRACTICES
from tests.practices import factories as f

HEADERS = ["表題（日本語）", "概要（日本語）", "章", "節", "タグ", "関連する設問"]


def workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def upload(content, name="batch.xlsx"):
    return SimpleUploadedFile(name, content)


def snapshot(agency):
    names = [name for name, _label in PRACTICES.excel]
    return sorted(PRACTICES.rows(agency=agency, fiscal_year=2024).values_list(*names))


def test_a_batch_of_entries_is_imported_as_drafts(cast):
    content = workbook([
        ["通年採用", "即戦力の研究人材を通年で採用", "II-1", "II-1-S3", "採用、通年採用", "HR-17"],
        ["輸出管理の事前相談", "共同研究前の該非判定", "II-4",
         "II-4-S4-2", "輸出管理", "SEC-11"],
    ])
    with translation.override("ja"):
        result = PRACTICES.import_file(upload=upload(content), agency=cast.agency,
                                       fiscal_year=2024, user=cast.editor)
    assert result.errors == [] and result.saved == 2
    assert {(p.title_ja, p.state, p.agency_id) for p in Practice.objects.all()} == {
        ("通年採用", "draft", cast.agency.pk), ("輸出管理の事前相談", "draft", cast.agency.pk)}
    assert Practice.history.count() == 2  # history kept for imported rows


def test_one_bad_row_refuses_the_whole_batch_naming_sheet_row_and_column(cast):
    content = workbook([
        ["通年採用", "即戦力の研究人材を通年で採用", "II-1", "II-1-S3", "", ""],
        ["", "タイトルのない行", "II-1", "", "", ""],
        ["節の誤り", "章と節が合わない", "II-1", "II-4-S4-2", "", ""],
    ])
    with translation.override("ja"):
        result = PRACTICES.import_file(upload=upload(content), agency=cast.agency,
                                       fiscal_year=2024, user=cast.editor)
    messages = " ".join(map(str, result.errors))
    assert not result.ok and Practice.objects.count() == 0
    assert "3行目" in messages and "4行目" in messages
    assert "表題（日本語）" in messages


def test_the_import_page_never_replaces_entries(cast, client_for):
    published = f.practice(cast.agency, state=Practice.State.PUBLISHED)
    content = workbook([["通年採用", "採用の事例", "II-1", "", "", ""]])
    url = reverse("practices:practice_import", kwargs={"agency": cast.agency.code})
    response = client_for(cast.editor).post(url + "?fy=2024", {
        "file": upload(content), "replace": "on"})
    assert response.status_code == 302
    assert Practice.objects.filter(pk=published.pk, state="published").exists()
    assert Practice.objects.count() == 2


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_registers_own_export_uploaded_unchanged_changes_nothing(cast, language):
    f.practice(cast.agency, title_ja="=HYPERLINK(\"http://x\")", tags="", questions="")
    f.practice(cast.agency, title_ja="クロスアポイントメント", summary_ja="@二行\n目",
               title_en="Cross-appointments", chapter="II-1", section="", body="本文")
    before = snapshot(cast.agency)
    with translation.override(language):
        content = PRACTICES.export_workbook(PRACTICES.rows(agency=cast.agency,
                                                           fiscal_year=2024))
        result = PRACTICES.import_file(upload=upload(content), agency=cast.agency,
                                       fiscal_year=2024, user=cast.editor, replace=True)
    assert result.errors == [] and result.saved == 2
    assert snapshot(cast.agency) == before


def test_the_registers_own_template_uploaded_unchanged_changes_nothing(cast):
    f.practice(cast.agency)
    before = snapshot(cast.agency)
    result = PRACTICES.import_file(upload=upload(PRACTICES.template_workbook()),
                                   agency=cast.agency, fiscal_year=2024, user=cast.editor)
    assert result.errors == [] and result.saved == 0
    assert snapshot(cast.agency) == before
    assert load_workbook(BytesIO(PRACTICES.template_workbook())).active.max_row >= 1


def test_search_page_runs_a_fixed_number_of_queries(cast, client_for,
                                                    django_assert_max_num_queries):
    client = client_for(cast.other_editor)
    url = reverse("practices:search") + "?q=年俸制"
    f.practice(cast.agency, state=Practice.State.PUBLISHED)
    client.get(url)
    cache.clear()  # the ranking and the results are cached: count the queries of making them
    with django_assert_max_num_queries(30) as baseline:
        client.get(url)
    for i in range(15):
        f.practice(cast.agency if i % 2 else cast.other_agency,
                   state=Practice.State.PUBLISHED, title_ja=f"年俸制の事例{i}")
    cache.clear()
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get(url)
    assert response.context["total"] == 16
