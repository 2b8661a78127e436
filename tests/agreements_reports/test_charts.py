"""Server-drawn stacked bars (図11 style): proportional, labelled, readable without colour."""

import base64
import re
import xml.etree.ElementTree as ET

import pytest

from agreements.charts import percent, stacked_bar

NS = {"s": "http://www.w3.org/2000/svg"}
OUTCOMES = ["実施している", "検討している", "検討していない"]


def row(label, *counts):
    return {"label": label, "segments": [{"label": o, "count": c} for o, c in zip(OUTCOMES, counts)]}


def segments(svg: str) -> list[ET.Element]:
    return ET.fromstring(svg).findall(".//s:rect[@data-count]", NS)


def test_the_svg_is_well_formed_and_titled():
    svg = stacked_bar([row("FY2023", 20, 5, 2)], title="Q1 理解増進の取組")
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Q1 理解増進の取組"
    assert root.find("s:title", NS).text == "Q1 理解増進の取組"
    desc = root.find("s:desc", NS).text
    assert "実施している 20 (74.1%)" in desc and "検討していない 2 (7.4%)" in desc


def test_segment_widths_are_proportional_to_the_counts():
    svg = stacked_bar([row("FY2023", 20, 5, 2)], title="t", width=640, label_width=110)
    widths = [float(r.get("width")) for r in segments(svg)]
    counts = [int(r.get("data-count")) for r in segments(svg)]
    assert counts == [20, 5, 2]
    bar = 640 - 110 - 8
    assert sum(widths) == pytest.approx(bar, abs=0.05)
    for w, c in zip(widths, counts):
        assert abs(w - bar * c / 27) < 0.01


def test_counts_and_percentages_are_written_on_the_chart():
    svg = stacked_bar([row("FY2023", 20, 5, 2)], title="t")
    texts = [t.text for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    assert "20 (74.1%)" in texts
    assert "5 (18.5%)" in texts
    assert "2 (7.4%)" in texts  # too narrow for the bar: written under it
    assert "n=27" in texts


def test_each_outcome_has_its_own_pattern_and_a_legend_entry():
    svg = stacked_bar([row("FY2022", 10, 10, 7), row("FY2023", 20, 5, 2)], title="t")
    root = ET.fromstring(svg)
    patterns = root.findall(".//s:pattern", NS)
    assert len(patterns) == 3
    # Beyond colour: each pattern draws something different (or is the solid one).
    drawings = {ET.tostring(p[1]) if len(p) > 1 else b"solid" for p in patterns}
    assert len(drawings) == 3
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    for outcome in OUTCOMES:
        assert outcome in texts
    # The same outcome uses the same pattern in every row (year-on-year reads across).
    fills = [r.get("fill") for r in segments(svg)]
    assert fills[:3] == fills[3:]


def test_a_row_without_answers_is_drawn_empty_not_divided_by_zero():
    svg = stacked_bar([row("FY2023", 0, 0, 0)], title="t", empty_label="回答なし")
    root = ET.fromstring(svg)
    assert segments(svg) == []
    assert "回答なし" in [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert stacked_bar([], title="t").startswith("<svg")


def test_zero_segments_take_no_space():
    svg = stacked_bar([row("FY2023", 27, 0, 0)], title="t")
    assert [int(r.get("data-count")) for r in segments(svg)] == [27]


def test_labels_and_titles_are_escaped():
    svg = stacked_bar([{"label": "<script>alert(1)</script>",
                        "segments": [{"label": 'A & "B"', "count": 1}]}], title="<b>x</b>")
    assert "<script>" not in svg and "<b>" not in svg
    root = ET.fromstring(svg)  # still well-formed XML
    assert root.find("s:title", NS).text == "<b>x</b>"
    assert 'A & "B"' in [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_ids_do_not_clash_between_different_charts():
    a = stacked_bar([row("FY2023", 1, 2, 3)], title="a")
    b = stacked_bar([row("FY2023", 1, 2, 3)], title="b")
    ids = lambda svg: set(re.findall(r'id="([^"]+)"', svg))
    assert not ids(a) & ids(b)


def test_percentages_read_naturally():
    assert percent(1, 4) == "25%"
    assert percent(1, 3) == "33.3%"
    assert percent(0, 0) == "0%"


def test_every_label_inside_a_bar_sits_on_an_opaque_box_of_its_own():
    svg = stacked_bar([row("FY2023", 10, 10, 7)], title="t")
    root = ET.fromstring(svg)
    boxes = [r for r in root.iter("{http://www.w3.org/2000/svg}rect")
             if r.get("rx") == "2"]
    labels = [t for t in root.iter("{http://www.w3.org/2000/svg}text") if "(" in (t.text or "")]
    assert len(boxes) == len(labels) == 3
    for box, label in zip(boxes, labels):
        # Never white text on a white box, nor text over the pattern itself.
        assert box.get("fill") != label.get("fill")
        assert box.get("fill-opacity") is None


def test_multiple_choice_bars_are_shares_of_respondents_not_of_all_ticks():
    from agreements.charts import share_bars

    svg = share_bars(["任期付き", "定年制", "事務職"],
                     [{"label": "令和6年度", "n": 2, "counts": [2, 1, 0], "note": "非該当 2"}],
                     title="HR-02", width=640, label_width=200)
    bars = segments(svg)
    assert [b.get("data-share") for b in bars] == ["100%", "50%"]  # 3 ticks, 2 respondents
    full = 640 - 200 - 80
    assert float(bars[0].get("width")) == pytest.approx(full)
    assert float(bars[1].get("width")) == pytest.approx(full / 2)
    texts = [t.text for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    assert "0 (0%)" in texts and any("n=2" in (t or "") and "非該当 2" in t for t in texts)


def test_a_pdf_chart_is_an_image_of_the_very_same_svg_named_by_its_label():
    from kokken.pdf import svg_image

    svg = stacked_bar([{"label": "令和5年度", "segments": [
        {"label": "実施している", "count": 2}, {"label": "検討していない", "count": 2}]}],
        title="INT-Q1 <取組>")
    img = str(svg_image(svg))
    assert img.startswith('<img class="chart" alt="INT-Q1 &lt;取組&gt;" ') and "<svg" not in img
    data = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', img).group(1)
    assert base64.b64decode(data).decode() == str(svg)
    assert str(svg_image("")) == ""


def test_the_print_chart_draws_its_patterns_out_with_the_same_segments_and_labels():
    from agreements.charts import for_print

    svg = stacked_bar([row("令和5年度", 2, 1, 1), row("令和6年度", 3, 0, 1)], title="INT-Q1")
    printed = str(for_print(svg))
    assert "<pattern" not in printed and "url(#" not in printed
    assert [(r.get("x"), r.get("width"), r.get("data-count")) for r in segments(printed)] == [
        (f'{float(r.get("x")):.2f}', r.get("width"), r.get("data-count")) for r in segments(svg)]
    texts = lambda s: [t.text for t in ET.fromstring(s).iter(f"{{{NS['s']}}}text")]
    assert texts(printed) == texts(svg)
    # The second outcome's diagonal lines and the third's dots, inside their segments only.
    paths = ET.fromstring(printed).findall("s:path[@stroke='#3460fb']", NS)
    assert paths and all(re.fullmatch(r"(M[\d.]+,[\d.]+L[\d.]+,[\d.]+)+", p.get("d")) for p in paths)
    dots = ET.fromstring(printed).findall("s:path[@stroke-linecap='round']", NS)
    assert dots and all(p.get("stroke-width") == "2.2" for p in dots)
