"""The three reports, read back from the PDF: headings, numbers, agency names, fonts."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType  # noqa: F401  (app registry ready)

from agreements import contrib, reports
from agreements.models import Evidence, ReportJob, ReviewComment, Round, Sheet, Transition
from kokken.models import Ministry

from . import factories as f
from .pdftools import pdf_fonts, pdf_text


def render(job) -> bytes:
    _filename, mimetype, content = reports.REPORTS[job.kind].render(job)
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    return content


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def published(db):
    qn = f.questionnaire()
    f.round_with_answers(2022, {"riken": {"INT-Q1-1": f.NOT_DONE, "INT-Q1-2": f.CONSIDERING},
                                "aist": {"INT-Q1-1": f.DONE}},
                         questionnaire_obj=qn, status=Round.Status.PUBLISHED)
    return f.fy2023_round(questionnaire_obj=qn, status=Round.Status.PUBLISHED)


def test_annual_report_shows_headings_numbers_and_agencies_per_answer(published, tmp_path):
    job = ReportJob.objects.create(kind="annual", round=published)
    text = pdf_text(render(job), tmp_path)
    flat_text = flat(text)
    for heading in ("令和5年度年次フォローアップ報告書", "目次", "概要", "設問別の結果",
                    "回答別の法人の割合（年度比較）", "回答別の法人"):
        assert heading in flat_text, heading
    assert "INT-Q1-1" in text and "理解増進のための取組を実施しているか" in flat_text
    # 2 of 4 implement, 1 considers, 1 does not (figure and table); FY2022 beside it.
    assert "2（50%）" in flat_text and "1（25%）" in flat_text
    assert "2 (50%)" in text  # the chart's own label
    assert "令和4年度" in text
    for name in ("理化学研究所", "産業技術総合研究所", "科学技術振興機構", "物質・材料研究機構"):
        assert name in flat_text


def test_annual_report_of_an_unpublished_round_names_no_agency_per_answer(published, tmp_path):
    Round.objects.filter(pk=published.pk).update(status=Round.Status.CLOSED)
    published.refresh_from_db()
    text = flat(pdf_text(render(ReportJob.objects.create(kind="annual", round=published)),
                         tmp_path))
    assert "回答別の法人" not in text.replace("回答別の法人の割合", "")
    assert "2（50%）" in text


def test_annual_report_embeds_its_japanese_font(published, tmp_path):
    fonts = pdf_fonts(render(ReportJob.objects.create(kind="annual", round=published)), tmp_path)
    assert any("CJK" in row["name"] for row in fonts), fonts
    assert {row["emb"] for row in fonts} == {"yes"}, fonts


def test_annual_report_includes_sections_chapter_apps_register(published, tmp_path,
                                                                test_templates, monkeypatch):
    registry = contrib.Registry()
    seen = {}

    def context(*, fiscal_year, agencies):
        seen.update(fiscal_year=fiscal_year, agencies=sorted(a.code for a in agencies))
        return {"share": "61.5"}

    registry.register(contrib.ReportSection(
        identifier="hr.salary", order=1, chapter="II-1", title="年俸制の導入状況",
        pdf_template="tests_pdf/section.html", context=context))
    monkeypatch.setattr(reports, "registry", registry)
    published.questionnaire.sections.update(chapter="II-1")
    text = flat(pdf_text(render(ReportJob.objects.create(kind="annual", round=published)),
                         tmp_path))
    assert "年俸制の導入状況" in text and "導入率61.5%" in text
    assert seen == {"fiscal_year": 2023, "agencies": ["aist", "jst", "nims", "riken"]}


def test_annual_report_leaves_out_chapters_its_questionnaire_does_not_cover(
        published, tmp_path, test_templates, monkeypatch):
    registry = contrib.Registry()
    registry.register(contrib.ReportSection(
        identifier="hr.salary", order=1, chapter="II-1", title="年俸制の導入状況",
        pdf_template="tests_pdf/section.html", context=lambda **kw: {"share": "61.5"}))
    monkeypatch.setattr(reports, "registry", registry)
    published.questionnaire.sections.update(chapter="II-4")  # an integrity survey
    text = flat(pdf_text(render(ReportJob.objects.create(kind="annual", round=published)),
                         tmp_path))
    assert "INT-Q1-1" in text
    assert "年俸制の導入状況" not in text and "導入率" not in text


def test_agency_report_shows_answers_evidence_comments_and_timeline(published, tmp_path,
                                                                    cast):
    sheet = Sheet.objects.get(round=published, agency__code="riken")
    sheet.receipt_number = "R5-0001"
    sheet.save()
    answer = sheet.answers.get(question__code="INT-Q1-1")
    Evidence.objects.create(answer=answer, file="evidence/x.pdf", original_name="研修実施報告.pdf",
                            size=20480, content_type="application/pdf")
    ReviewComment.objects.create(sheet=sheet, question=answer.question, author=cast.reviewer,
                                 text="研修の受講率も記載してください。")
    Transition.objects.create(sheet=sheet, from_state="in_progress", to_state="submitted",
                              by=cast.approver, comment="提出します")
    job = ReportJob.objects.create(kind="agency", round=published, agency=cast.agency)
    text = flat(pdf_text(render(job), tmp_path))
    for expected in ("国立研究開発法人理化学研究所", "R5-0001", "実施している", "相談窓口を設置済み",
                     "研修実施報告.pdf", "研修の受講率も記載してください。", "文部科学省",
                     "提出します", "根拠資料", "確認コメント", "経過"):
        assert expected in text, expected
    assert "産業技術総合研究所" not in text


def test_ministry_report_puts_its_agencies_side_by_side_and_no_others(published, tmp_path):
    job = ReportJob.objects.create(kind="ministry", round=published,
                                   ministry=Ministry.objects.get(code="MEXT"))
    text = flat(pdf_text(render(job), tmp_path))
    assert "文部科学省" in text and "法人別の回答一覧" in text
    for abbr in ("RIKEN", "JST", "NIMS"):
        assert abbr in text
    assert "AIST" not in text and "産業技術総合研究所" not in text
    assert "検討している" in text and "検討していない" in text


def test_reports_come_out_in_english_for_english_requests(published, tmp_path):
    job = ReportJob.objects.create(kind="annual", round=published, language="en")
    reports.report_generate(job=job)
    job.refresh_from_db()
    assert job.status == "done", job.error
    text = pdf_text(job.file.read(), tmp_path)
    assert "Annual follow-up report" in text and "FY2023" in text and "Implemented" in text


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_annual_report_lists_numeric_questions_with_their_statistics(cast, tmp_path):
    from tests.agreements.factories import make_questionnaire, open_round, submit

    round = open_round(cast, make_questionnaire())
    for code, n in (("riken", "10"), ("aist", "20"), ("nims", "60")):
        submit(round.sheets.get(agency__code=code), {"Q1-1": "done", "N1": n})
    job = ReportJob.objects.create(kind="annual", round=round, basis="submitted")
    text = flat(pdf_text(render(job), tmp_path))
    assert "数値の設問" in text
    # N1: 3 answers, total 90, mean 30, median 20, range 10 – 60.
    assert "N1" in text and "390302010–60" in text
