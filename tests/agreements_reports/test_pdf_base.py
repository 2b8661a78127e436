"""The one WeasyPrint base: Japanese text in embedded fonts, page numbers, DEMO label."""

import re
from datetime import date

import pytest

from kokken import pdf

from .pdftools import pdf_fonts, pdf_pages, pdf_text

CONTEXT = {"title": "年次フォローアップ報告", "generated_at": date(2025, 3, 31),
           "rows": [(f"理化学研究所{i}", i * 7) for i in range(80)]}


@pytest.fixture
def sample_pdf(test_templates):
    return pdf.render_pdf("tests_pdf/sample.html", CONTEXT)


def test_japanese_text_comes_out_as_text_not_boxes(sample_pdf, tmp_path):
    text = pdf_text(sample_pdf, tmp_path)
    assert "研究インテグリティ 年次報告" in text
    assert "理化学研究所79" in text
    assert "553" in text  # 79 × 7


def test_japanese_font_is_embedded(sample_pdf, tmp_path):
    fonts = pdf_fonts(sample_pdf, tmp_path)
    cjk = [f for f in fonts if "CJK" in f["name"] or "IPA" in f["name"]]
    assert cjk, fonts
    assert all(f["emb"] == "yes" for f in fonts), fonts


def test_every_page_has_its_number_the_header_and_the_wareki_date(sample_pdf, tmp_path):
    pages = pdf_pages(sample_pdf, tmp_path)
    assert pages >= 2
    text = pdf_text(sample_pdf, tmp_path)
    for n in range(1, pages + 1):
        assert re.search(rf"\b{n}\s*/\s*{pages}\b", text), f"page {n}"
    assert text.count("年次フォローアップ報告") >= pages
    assert text.count("令和7年3月31日") >= pages


def test_table_header_repeats_on_every_page(sample_pdf, tmp_path):
    pages = pdf_pages(sample_pdf, tmp_path)
    assert pdf_text(sample_pdf, tmp_path).count("件数") == pages


def test_demo_installations_label_every_page(test_templates, settings, tmp_path):
    settings.DEMO_MODE = True
    demo = pdf.render_pdf("tests_pdf/sample.html", CONTEXT)
    pages = pdf_pages(demo, tmp_path)
    assert pdf_text(demo, tmp_path).count("DEMO") >= pages
    settings.DEMO_MODE = False
    official = pdf.render_pdf("tests_pdf/sample.html", CONTEXT)
    assert "DEMO" not in pdf_text(official, tmp_path)


def test_missing_japanese_font_fails_with_a_clear_message(test_templates, monkeypatch):
    monkeypatch.setattr(pdf, "japanese_fonts", lambda: ())
    with pytest.raises(pdf.MissingJapaneseFont) as info:
        pdf.render_pdf("tests_pdf/sample.html", CONTEXT)
    message = str(info.value)
    assert "日本語フォントがありません" in message
    assert "No Japanese font" in message
    assert "apt-get install fonts-noto-cjk" in message


def test_japanese_fonts_are_found_on_this_machine():
    assert pdf.japanese_fonts(), "install fonts-noto-cjk"
