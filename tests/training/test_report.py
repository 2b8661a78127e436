"""II-2 in the annual report (PDF, read back through its extracted text), in the round Excel
export (read back with openpyxl) and on the indicators page: one hand-checked FY2023 set,
and every output states the same figures because each reads the same functions.

The set, over the four agencies of ``fy2023_round`` (RIKEN, AIST, JST, NIMS):
* programmes open to others: RIKEN (5 seats) and NIMS; NIMS got 2 seats accepted at RIKEN,
  AIST's request there was declined; RIKEN got 3 seats accepted at NIMS
  → 2 of 4 agencies offer, 3 requests, 5 seats accepted;
* needs: RIKEN uses outside training; AIST wants it (accounting and IP unmet); JST neither;
  NIMS did not report → 2 of 4 (50%), 1 not reported; unmet accounting 1/4 = 25%;
* strategy: RIKEN yes, AIST no, two not reported → 1 of 4;
* uptake: RIKEN 2 + 3 = 5 participants (1 URA-certified), AIST 4 → 9; FY2022: RIKEN 1.
"""

import datetime
import io
import re

import pytest
from django.template.loader import render_to_string
from openpyxl import load_workbook

from agreements import excel
from agreements import reports as round_reports
from agreements.models import ReportJob, Round
from kokken.models import Agency
from tests.agreements_reports import factories as rf
from tests.agreements_reports.pdftools import pdf_text
from tests.training import factories as f
from training import reports
from training.models import Strategy, Uptake

pytestmark = pytest.mark.django_db
CODES = ["aist", "jst", "nims", "riken"]


def hand_checked(cast):
    riken, aist, nims = cast.agency, cast.other_agency, f.nims()
    jst = Agency.objects.get(code="jst")
    at_riken = f.programme(riken, fiscal_year=2023, capacity=5)
    at_nims = f.programme(nims, fiscal_year=2023, title="知財基礎研修", category="ip")
    f.seat_request(nims, at_riken, seats=2, state="accepted")
    f.seat_request(aist, at_riken, seats=1, state="declined")
    f.seat_request(riken, at_nims, seats=3, state="accepted")
    f.needs(riken, uses=True, research_management="outside")
    f.needs(aist, wants=True, accounting="unmet", ip="unmet")
    f.needs(jst, ip="own")
    Strategy.objects.create(agency=riken, fiscal_year=2023, exists=True,
                            adopted_on=datetime.date(2023, 4, 1), title="専門人材育成戦略")
    Strategy.objects.create(agency=aist, fiscal_year=2023, exists=False)
    Uptake.objects.create(agency=riken, fiscal_year=2023, research_management=2, ip=3,
                          ura_certified=1)
    Uptake.objects.create(agency=aist, fiscal_year=2023, accounting=4)
    Uptake.objects.create(agency=riken, fiscal_year=2022, ip=1)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_section_states_the_hand_checked_figures(cast):
    hand_checked(cast)
    context = reports.section_context(fiscal_year=2023,
                                      agencies=Agency.objects.filter(code__in=CODES))
    values = {row["indicator"].identifier: row["all"] for row in context["indicators"]}
    external = values["training.external"]
    assert (external.numerator, external.denominator, external.value) == (2, 4, 50.0)
    assert external.not_reported == 1
    assert {str(k): v for k, v in external.breakdown}["経理・会計"] == 25.0
    assert [n for _l, n in values["training.open_programmes"].breakdown] == [3, 5]
    assert (values["training.strategy"].numerator, values["training.strategy"].not_reported
            ) == (1, 2)
    uptake = values["training.uptake"]
    assert (uptake.value, uptake.not_reported, uptake.breakdown[-1][1]) == (9, 2, 1)
    rows = {a.code: a for a in context["table"]}
    assert (rows["riken"].open_programmes, rows["riken"].seats_given, rows["riken"].seats_taken,
            rows["riken"].participants, rows["riken"].strategy_exists) == (1, 2, 3, 5, True)
    assert (rows["aist"].unmet_needs, rows["aist"].wants_external) == (2, True)
    # Not reported stays blank, never 0.
    assert (rows["nims"].unmet_needs, rows["nims"].participants,
            rows["nims"].strategy_exists) == (None, None, None)
    trend = {row["fiscal_year"]: row for row in context["trend"]}
    assert (trend[2023]["participants"], trend[2023]["reported"]) == (9, 2)
    assert (trend[2022]["participants"], trend[2021]["participants"]) == (1, None)


def test_the_annual_pdf_has_the_ii2_section_with_its_figures(cast, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    hand_checked(cast)
    qn = rf.questionnaire()
    qn.sections.update(chapter="II-2")          # a questionnaire that covers II-2
    round = rf.fy2023_round(questionnaire_obj=qn, status=Round.Status.PUBLISHED)
    job = ReportJob.objects.create(kind="annual", round=round)
    _name, _mime, pdf = round_reports.REPORTS["annual"].render(job)
    text = flat(pdf_text(pdf, tmp_path))
    assert "II-2専門人材の確保・育成（令和5年度）" in text
    assert "外部の研修を利用している、又はニーズがある機関" in text and "2/4" in text
    assert "50.0" in text and "25.0" in text           # the share and unmet accounting
    assert "年度別の研修受講者数" in text
    assert "令和4年度" in text                            # the trend's year before
    assert "理研" in text or "理化学研究所" in text


def test_the_pdf_leaves_ii2_out_of_a_questionnaire_that_does_not_cover_it(cast, tmp_path,
                                                                           settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    hand_checked(cast)
    round = rf.fy2023_round(status=Round.Status.PUBLISHED)   # an II-4 integrity survey
    _name, _mime, pdf = round_reports.REPORTS["annual"].render(
        ReportJob.objects.create(kind="annual", round=round))
    assert "II-2専門人材の確保・育成" not in flat(pdf_text(pdf, tmp_path))


def test_the_round_excel_export_carries_the_ii2_sheets(cast):
    hand_checked(cast)
    round = rf.fy2023_round(status=Round.Status.PUBLISHED)
    export = excel.round_workbook(rounds=[round], agencies=Agency.objects.filter(code__in=CODES))
    book = load_workbook(io.BytesIO(export.content))
    names = [n for n in book.sheetnames if n.startswith("II-2")]
    assert len(names) == 4, book.sheetnames
    indicators = [list(r) for r in book[names[0]].iter_rows(values_only=True)]
    header = indicators[0]
    external = next(r for r in indicators[1:] if r[header.index("指標")].startswith("外部の研修")
                    and not r[header.index("内訳")])
    assert external[header.index("値")] == 50 and external[header.index("分子")] == 2
    assert external[header.index("分母")] == 4
    by_agency = [list(r) for r in book[names[1]].iter_rows(values_only=True)]
    riken = next(r for r in by_agency if r[1] == "riken")
    nims = next(r for r in by_agency if r[1] == "nims")
    assert riken[3:6] == [1, 2, 3] and riken[10] == 5
    assert nims[6] is None and nims[10] is None          # not reported: blank, not 0
    trend = [list(r) for r in book[names[3]].iter_rows(values_only=True)]
    assert [r[0] for r in trend[1:]] == [2019, 2020, 2021, 2022, 2023]
    assert trend[-1][2] == 2 and trend[-1][trend[0].index("研修受講者数（人）")] == 9


def test_the_pdf_section_template_renders_the_same_table(cast):
    hand_checked(cast)
    agencies = Agency.objects.filter(code__in=CODES)
    html = render_to_string("training/report/section.html",
                            reports.section_context(fiscal_year=2023, agencies=agencies))
    assert "2/4" in html and "chapter-II-2" in html
