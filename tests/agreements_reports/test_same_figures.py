"""One figure, one definition: the aggregate page (chart and table), the annual PDF and the
Excel export state the same n, counts and shares for a single-choice, a multiple-choice and a
conditional question, and keep 非該当 (not applicable) apart from 無回答 (no answer)."""

import io
import re
import xml.etree.ElementTree as ET
from datetime import date
from html import unescape

import pytest
from openpyxl import load_workbook

from agreements import reports
from agreements.models import (
    Answer,
    Option,
    Question,
    Questionnaire,
    ReportJob,
    Round,
    Section,
    Sheet,
)
from kokken.models import Agency

from .pdftools import pdf_text

K = Question.Kind
SVG = "{http://www.w3.org/2000/svg}"

# What the four accepted sheets answer (see ``round_``):
#   S1 single:                riken a, aist a, jst b, nims b         → n=4
#   M1 multiple, only if S1=a: riken x+y, aist x                      → n=2, 非該当 2
#   C1 single, only if S1=a:   riken p, aist (blank)                  → n=2, 非該当 2, 無回答 1
EXPECTED = {
    "S1": {"n": 4, "not_applicable": 0,
           "rows": [("a", "導入している", 2, "50%"), ("b", "導入していない", 2, "50%")]},
    "M1": {"n": 2, "not_applicable": 2,
           "rows": [("x", "任期付き", 2, "100%"), ("y", "定年制", 1, "50%"), ("z", "事務職", 0, "0%")]},
    "C1": {"n": 2, "not_applicable": 2,
           "rows": [("p", "固定給と業績給", 1, "50%"), ("q", "職責に応じた額", 0, "0%"),
                    ("__no_answer__", "無回答", 1, "50%")]},
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def round_(db):
    return figures_round()


def figures_round() -> Round:
    """The round described above EXPECTED (also used by the API's test)."""
    qn = Questionnaire.objects.create(code="figures", version=1, title_ja="図表テスト",
                                      title_en="Figures")
    section = Section.objects.create(questionnaire=qn, code="S", title_ja="給与", order=1,
                                     chapter="II-1")

    def question(code, kind, order, options=(), parent=None, when=()):
        q = Question.objects.create(questionnaire=qn, section=section, code=code, kind=kind,
                                    order=order, text_ja=f"{code}の設問", text_en=code,
                                    required=False, show_if_question=parent,
                                    show_if_values=list(when))
        for i, (ocode, label) in enumerate(options, start=1):
            Option.objects.create(question=q, code=ocode, label_ja=label, label_en=ocode, order=i)
        return q

    s1 = question("S1", K.SINGLE, 1, [("a", "導入している"), ("b", "導入していない")])
    m1 = question("M1", K.MULTIPLE, 2, [("x", "任期付き"), ("y", "定年制"), ("z", "事務職")],
                  parent=s1, when=["a"])
    c1 = question("C1", K.SINGLE, 3, [("p", "固定給と業績給"), ("q", "職責に応じた額")],
                  parent=s1, when=["a"])
    t1 = question("T1", K.LONG_TEXT, 4, parent=s1, when=["b"])
    n1 = question("N1", K.INTEGER, 5)
    d1 = question("D1", K.DATE, 6)
    question("E1", K.EVIDENCE, 7)
    round = Round.objects.create(fiscal_year=2024, questionnaire=qn,
                                 status=Round.Status.PUBLISHED, title_ja="令和6年度 図表テスト",
                                 title_en="FY2024 figures", opens_on=date(2024, 6, 1),
                                 due_on=date(2024, 7, 31))
    codes = ["riken", "aist", "jst", "nims", "jaxa"]
    round.targets.set(Agency.objects.filter(code__in=codes))
    sheets = {code: Sheet.objects.create(round=round, agency=Agency.objects.get(code=code),
                                         state=Sheet.State.ACCEPTED) for code in codes[:4]}
    # JAXA submitted but was not accepted: counted only in the working view.
    sheets["jaxa"] = Sheet.objects.create(round=round, agency=Agency.objects.get(code="jaxa"),
                                          state=Sheet.State.SUBMITTED)
    answer = Answer.objects.create
    answer(sheet=sheets["riken"], question=s1, choice="a")
    answer(sheet=sheets["riken"], question=m1, choices=["x", "y"])
    answer(sheet=sheets["riken"], question=c1, choice="p")
    answer(sheet=sheets["aist"], question=s1, choice="a")
    answer(sheet=sheets["aist"], question=m1, choices=["x"])
    answer(sheet=sheets["jst"], question=s1, choice="b")
    answer(sheet=sheets["jst"], question=t1, text="検討中です（JSTの自由記述）")
    # A stale answer left from before NIMS chose b: C1 no longer applies to NIMS.
    answer(sheet=sheets["nims"], question=s1, choice="b")
    answer(sheet=sheets["nims"], question=c1, choice="q")
    answer(sheet=sheets["nims"], question=n1, number=12)
    answer(sheet=sheets["riken"], question=d1, date=date(2024, 9, 14))
    answer(sheet=sheets["jaxa"], question=s1, choice="a")
    return round


def page_figures(html: str, code: str) -> dict:
    """n, 非該当 and the table rows of one question's section on the aggregate page."""
    section = re.search(rf'<section class="aggregate"[^>]*data-code="{code}">(.*?)</section>',
                        html, re.DOTALL).group(1)
    rows = [(c, unescape(label).strip(), int(n), pct) for c, label, n, pct in re.findall(
        r'<tr data-code="([^"]+)"><th scope="row">([^<]+)</th><td class="num">(\d+)</td>'
        r'<td class="num">([\d.]+%)</td>', section)]
    n = int(re.search(r'<tr><th scope="row">n</th><td class="num">(\d+)</td>', section).group(1))
    na = re.search(r'<th scope="row">非該当</th><td class="num">(\d+)</td>', section)
    chart = ET.fromstring(re.search(r"(<svg.*?</svg>)", section, re.DOTALL).group(1))
    return {"n": n, "not_applicable": int(na.group(1)) if na else 0, "rows": rows,
            "chart": [t.text for t in chart.iter(f"{SVG}text")]}


def pdf_figures(text: str, code: str) -> str:
    """The PDF's results block of one question (from its heading to the next one)."""
    start = text.index(f"{code} {code}の設問", text.index("設問別の結果", text.index("目次") + 200))
    following = [text.find(f"{c} {c}の設問", start + 5) for c in ("S1", "M1", "C1", "T1", "N1")]
    end = min([i for i in following if i > start] or [len(text)])
    return re.sub(r"[ \t]+", " ", text[start:end])


def export_figures(content: bytes, code: str) -> dict:
    ws = load_workbook(io.BytesIO(content))["aggregate"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, [c.value for c in row])) for row in ws.iter_rows(min_row=2)]
    mine = [r for r in rows if r["question_code"] == code]
    return {"n": mine[0]["n"], "not_applicable": mine[0]["not_applicable"],
            "rows": [(r["option_code"], r["回答"], r["count"], r["share_percent"]) for r in mine]}


def as_number(percent: str) -> float:
    return float(percent.rstrip("%"))


@pytest.mark.parametrize("code", ["S1", "M1", "C1"])
def test_page_pdf_and_export_state_the_same_figures(round_, code, client_for, cast, tmp_path):
    expected = EXPECTED[code]
    client = client_for(cast.secretariat)
    html = client.get(f"/rounds/{round_.pk}/aggregate/").content.decode()
    job = ReportJob.objects.create(kind="annual", round=round_)  # accepted only, by default
    _name, _type, pdf = reports.REPORTS["annual"].render(job)
    text = pdf_text(pdf, tmp_path)
    export = client.get(f"/rounds/{round_.pk}/export.xlsx")
    assert export.status_code == 200

    page = page_figures(html, code)
    assert (page["n"], page["not_applicable"]) == (expected["n"], expected["not_applicable"])
    assert page["rows"] == expected["rows"]
    # The chart writes the same counts and shares, and the same n.
    for _code, _label, count, percent in expected["rows"]:
        if count:
            assert f"{count} ({percent})" in page["chart"], (code, page["chart"])
    assert any(re.search(rf"(^|\s)n={expected['n']}(\D|$)", t or "") for t in page["chart"])

    block = pdf_figures(text, code)
    for _code, label, count, percent in expected["rows"]:
        assert re.search(rf"{re.escape(label)}\s.*?{count}（{re.escape(percent)}）", block), \
            (label, block)
    assert re.search(rf"n（.*?\s{expected['n']}\b", block, re.DOTALL), block
    if expected["not_applicable"]:
        assert re.search(rf"非該当\s+{expected['not_applicable']}\b", block), block

    sheet = export_figures(b"".join(export.streaming_content) if export.streaming
                           else export.content, code)
    assert (sheet["n"], sheet["not_applicable"]) == (expected["n"], expected["not_applicable"])
    assert [(c, label, n, p) for c, label, n, p in sheet["rows"]] == [
        (c, label, n, as_number(p)) for c, label, n, p in expected["rows"]]


def test_multiple_choice_shares_are_of_respondents_and_may_exceed_100_percent(round_):
    from agreements import aggregation

    agg = aggregation.aggregate(rounds=[round_], agencies=round_.targets.all(),
                                basis=aggregation.Basis.ACCEPTED)[round_.pk].by_code()["M1"]
    assert sum(o.share for o in agg.outcomes) == pytest.approx(1.5)


def test_the_working_view_also_counts_submitted_sheets(round_, client_for, cast):
    html = client_for(cast.secretariat).get(
        f"/rounds/{round_.pk}/aggregate/?basis=submitted").content.decode()
    assert "提出済・受理" in html or "Submitted and accepted" in html
    assert page_figures(html, "S1")["rows"][0] == ("a", "導入している", 3, "60%")
    accepted = client_for(cast.secretariat).get(f"/rounds/{round_.pk}/aggregate/").content.decode()
    assert page_figures(accepted, "S1")["rows"][0] == ("a", "導入している", 2, "50%")


def test_the_annual_report_has_every_question_kind(round_, tmp_path):
    job = ReportJob.objects.create(kind="annual", round=round_)
    text = pdf_text(reports.REPORTS["annual"].render(job)[2], tmp_path)
    flat = re.sub(r"\s+", "", text)
    for code in ("S1", "M1", "C1", "T1", "N1", "D1", "E1"):
        assert f"{code}{code}の設問" in flat, code
    # Free text in the annex, anonymous by default; the date answer in 和暦.
    assert "検討中です（JSTの自由記述）" in flat and "令和6年9月14日" in flat
    assert "科学技術振興機構：検討中です" not in flat


def test_the_annex_names_agencies_when_the_secretariat_asks(round_, tmp_path):
    job = ReportJob.objects.create(kind="annual", round=round_, name_agencies=True)
    flat = re.sub(r"\s+", "", pdf_text(reports.REPORTS["annual"].render(job)[2], tmp_path))
    assert "科学技術振興機構：検討中です（JSTの自由記述）" in flat
