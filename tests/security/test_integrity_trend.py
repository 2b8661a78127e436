"""Q1–Q6 across the rounds (FY2022 → FY2023 → later) on the indicator definitions of 図11:
accepted sheets of each year's round, among the bodies that round surveyed. One computation,
``selectors.integrity_trend``, feeds the page, the PDF section and the Excel sheet.

Hand-checked set: FY2022 (v1, Q1–Q3) surveys RIKEN and AIST, both accepted, RIKEN done on Q1,
AIST not done (considering) → Q1 1/2 = 50 %; FY2023 is test_integrity_indicators' set →
Q1 3/4 = 75 %, Q4 2/4 = 50 %.
"""

import io

from django.template.loader import render_to_string
from openpyxl import load_workbook

from agreements.models import Round
from kokken.models import Agency
from security import reports, selectors

from .test_integrity_indicators import ANSWERS, integrity_round

FY2022 = {"riken": ("accepted", {"INT-Q1-1": "done"}),
          "aist": ("accepted", {"INT-Q1-1": "not_done", "INT-Q1-2": "considering"})}


def _publish(*rounds):
    Round.objects.filter(pk__in=[r.pk for r in rounds]).update(status=Round.Status.PUBLISHED)


def _q(year, n):
    return year.figures[n - 1]


def test_each_year_of_the_trend_is_that_year_s_figure(cast):
    integrity_round(cast, 2022, 1, FY2022)
    integrity_round(cast, 2023, 2, ANSWERS)
    agencies = Agency.objects.all()
    trend = selectors.integrity_trend(until=2023, agencies=agencies)
    assert [y.fiscal_year for y in trend] == [2022, 2023]
    fy2022, fy2023 = trend
    assert (_q(fy2022, 1).value, _q(fy2022, 1).accepted) == (50.0, 2)
    assert _q(fy2022, 1).share("considering") == 50.0
    assert not _q(fy2022, 4).asked and _q(fy2022, 4).value is None
    assert (_q(fy2023, 1).value, _q(fy2023, 4).value) == (75.0, 50.0)
    assert fy2022.population.label == "2 国研"
    for year in trend:
        alone = selectors.integrity_figures(fiscal_year=year.fiscal_year, agencies=agencies)
        assert [(f.asked, f.accepted, f.not_reported, f.counts) for f in year.figures] == \
            [(f.asked, f.accepted, f.not_reported, f.counts) for f in alone.figures]
    assert [y.fiscal_year for y in selectors.integrity_trend(until=2022,
                                                             agencies=agencies)] == [2022]


def test_an_unpublished_round_counts_only_the_viewer_s_scope(cast):
    fy2022 = integrity_round(cast, 2022, 1, FY2022)
    integrity_round(cast, 2023, 2, ANSWERS)
    _publish(fy2022)
    supervised = Agency.objects.filter(ministries__code="MEXT")
    trend = selectors.integrity_trend(until=2023, agencies=Agency.objects.all(),
                                      unpublished=supervised)
    assert _q(trend[0], 1).accepted == 2                 # published: every surveyed body
    assert (_q(trend[1], 1).accepted, _q(trend[1], 1).value) == (2, 100.0)  # RIKEN, JST
    nothing = selectors.integrity_trend(until=2023, agencies=Agency.objects.all(),
                                        unpublished=Agency.objects.none())
    assert not nothing[0].empty and nothing[1].empty


def test_the_page_the_pdf_and_the_excel_show_the_same_trend(cast, client_for):
    integrity_round(cast, 2022, 1, FY2022)
    integrity_round(cast, 2023, 2, ANSWERS)
    client = client_for(cast.secretariat)
    response = client.get("/security/integrity/?fy=2023")
    body = response.content.decode()
    assert [y.fiscal_year for y in response.context["trend_years"]] == [2022, 2023]
    assert "令和4年度" in body and "1/2" in body
    q4 = response.context["trend_rows"][3]["cells"]
    assert (q4[0].asked, q4[1].value) == (False, 50.0)
    pdf = render_to_string("security/report/section.html", reports.section_context(
        fiscal_year=2023, agencies=Agency.objects.all()))
    assert "令和4年度" in pdf and "50%" in pdf and "1/2" in pdf
    book = load_workbook(io.BytesIO(client.get("/security/integrity/export.xlsx?fy=2023").content))
    rows = [list(r) for r in book.worksheets[1].iter_rows(values_only=True)]
    by = {(r[0], r[2]): r for r in rows[1:]}
    assert by[(2022, "Q1")][4:7] == [1, 1, 50]
    assert by[(2022, "Q4")][4:7] == [0, None, None]
    assert by[(2023, "Q1")][4:7] == [1, 3, 75]
    assert by[(2023, "Q1")][11:13] == [4, 1]


def test_the_trend_takes_the_same_queries_for_one_round_or_three(cast,
                                                                 django_assert_num_queries):
    integrity_round(cast, 2023, 2, ANSWERS)
    agencies = Agency.objects.all()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        selectors.integrity_trend(until=2023, agencies=agencies)
    integrity_round(cast, 2022, 1, FY2022)
    integrity_round(cast, 2024, 2, ANSWERS)
    with django_assert_num_queries(len(one.captured_queries)):
        trend = selectors.integrity_trend(until=2024, agencies=agencies)
    assert [y.fiscal_year for y in trend] == [2022, 2023, 2024]


def test_the_annual_report_has_the_integrity_chapter_with_the_trend(cast, tmp_path):
    import re

    from agreements import reports as agreement_reports
    from agreements.models import ReportJob
    from tests.agreements_reports.pdftools import pdf_text

    _publish(integrity_round(cast, 2022, 1, FY2022))
    round_ = integrity_round(cast, 2023, 2, ANSWERS)
    job = ReportJob.objects.create(kind="annual", round=round_)
    flat = re.sub(r"\s+", "", pdf_text(agreement_reports.REPORTS["annual"].render(job)[2],
                                       tmp_path))
    assert "II-4研究インテグリティ（図11）" in flat and "II-4研究セキュリティの取組" in flat
    assert "研究インテグリティの推移" in flat
    trend = flat[flat.index("研究インテグリティの推移"):]
    assert "令和4年度" in trend and "令和5年度" in trend
    # Q1: FY2022 then FY2023 (pdftotext puts each cell's two lines side by side)
    assert "50.0%75.0%" in trend and "1/23/4" in trend
