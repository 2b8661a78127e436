"""Charts drawn on the server as SVG (no JavaScript), for the PDF reports and the pages.

``stacked_bar()`` draws the figure the agreement uses for the follow-up (図11):
one horizontal bar per row (a fiscal year, a group of agencies), split into the
shares of agencies per outcome (実施している / 検討している / 検討していない),
each segment labelled with its count and percentage. Outcomes differ by
pattern as well as colour, and the legend repeats them, so the chart reads in
black and white and without colour vision. A pure function of plain data.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

FONT = "Noto Sans CJK JP, IPAexGothic, Noto Sans JP, sans-serif"
# (background, line colour, pattern kind, text colour): contrast ≥ 4.5:1 for the text.
STYLES = (
    ("#0031d8", None, "solid", "#ffffff"),      # blue 900, solid
    ("#9db7f9", "#3460fb", "diagonal", "#000000"),
    ("#f2f2f2", "#767676", "dots", "#000000"),
    ("#ffd43d", "#a58000", "cross", "#000000"),
    ("#c5f0d3", "#259d63", "horizontal", "#000000"),
    ("#ffffff", "#1a1a1a", "vertical", "#000000"),
)
FONT_SIZE = 11
BAR_HEIGHT = 26
ROW_GAP = 14
OUTSIDE_LINE = 16  # room under a bar for labels of segments too narrow to hold them


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Rough advance width: CJK characters are square, Latin ones about 0.6 em."""
    return sum(size if ord(ch) > 0x2000 else size * 0.6 for ch in text)


def percent(count: int, total: int) -> str:
    if not total:
        return "0%"
    value = round(100 * count / total, 1)
    # The same rounding as agreements.aggregation.percent_label (tables and exports).
    return f"{value:.0f}%" if value == int(value) else f"{value:.1f}%"


def _pattern(uid: str, index: int) -> str:
    background, line, kind, _text = STYLES[index % len(STYLES)]
    pid = f"{uid}-p{index}"
    shapes = {
        "solid": "",
        "diagonal": f'<path d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2" stroke="{line}" stroke-width="1.2"/>',
        "dots": f'<circle cx="3" cy="3" r="1.1" fill="{line}"/>',
        "cross": f'<path d="M0,0 L6,6 M6,0 L0,6" stroke="{line}" stroke-width="0.8"/>',
        "horizontal": f'<path d="M0,3 H6" stroke="{line}" stroke-width="1.2"/>',
        "vertical": f'<path d="M3,0 V6" stroke="{line}" stroke-width="1.2"/>',
    }[kind]
    return (f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" fill="{background}"/>{shapes}</pattern>')


def stacked_bar(rows: Sequence[dict[str, Any]], *, title: str, width: int = 640,
                label_width: int = 110, legend: bool = True,
                empty_label: str | None = None) -> SafeString:
    """An SVG of horizontal 100% stacked bars.

    ``rows``: ``[{"label": "FY2023", "segments": [{"label": "実施している", "count": 20}, …]}]``.
    Segments with the same label share a style in every row; the legend lists them
    in order of first appearance. A row whose counts are all zero is drawn as an
    empty outlined bar marked ``empty_label``.
    """
    empty_label = empty_label if empty_label is not None else _("No answers")
    outcomes: list[str] = []
    for row in rows:
        for seg in row["segments"]:
            if seg["label"] not in outcomes:
                outcomes.append(seg["label"])
    style_of = {label: i for i, label in enumerate(outcomes)}
    uid = "c" + hashlib.sha1(repr((title, rows, width)).encode()).hexdigest()[:10]

    bar_x, bar_w = label_width, width - label_width - 8
    body: list[str] = []
    descriptions: list[str] = []
    y = 4
    for row in rows:
        segments = [s for s in row["segments"]]
        total = sum(int(s["count"]) for s in segments)
        row_label = str(row["label"])
        body.append(f'<text x="{bar_x - 8}" y="{y + BAR_HEIGHT / 2 - 2:.1f}" text-anchor="end" '
                    f'font-weight="700">{escape(row_label)}</text>')
        body.append(f'<text x="{bar_x - 8}" y="{y + BAR_HEIGHT / 2 + 11:.1f}" text-anchor="end" '
                    f'font-size="9" fill="#4d4d4d">n={total}</text>')
        if row.get("note"):  # e.g. 非該当 3: outside n, written beside it
            body.append(f'<text x="{bar_x - 8}" y="{y + BAR_HEIGHT / 2 + 22:.1f}" '
                        f'text-anchor="end" font-size="9" fill="#4d4d4d">'
                        f'{escape(str(row["note"]))}</text>')
        if total == 0:
            body.append(f'<rect x="{bar_x}" y="{y}" width="{bar_w}" height="{BAR_HEIGHT}" '
                        f'fill="#ffffff" stroke="#767676" stroke-dasharray="4 3"/>')
            body.append(f'<text x="{bar_x + bar_w / 2:.1f}" y="{y + BAR_HEIGHT / 2 + 4:.1f}" '
                        f'text-anchor="middle" fill="#4d4d4d">{escape(empty_label)}</text>')
            descriptions.append(f"{row_label}: {empty_label}")
            y += BAR_HEIGHT + ROW_GAP
            continue
        x = float(bar_x)
        outside: list[tuple[float, str]] = []
        parts = []
        for seg in segments:
            count = int(seg["count"])
            label = str(seg["label"])
            share = percent(count, total)
            parts.append(f"{label} {count} ({share})")
            if count == 0:
                continue
            w = bar_w * count / total
            index = style_of[label]
            text_colour = STYLES[index % len(STYLES)][3]
            body.append(
                f'<rect x="{x:.2f}" y="{y}" width="{w:.2f}" height="{BAR_HEIGHT}" '
                f'fill="url(#{uid}-p{index})" stroke="#ffffff" stroke-width="1" '
                f'data-count="{count}"><title>{escape(label)}: {count} ({share})</title></rect>')
            text = f"{count} ({share})"
            if text_width(text) + 8 <= w:
                # Every label sits on an opaque box of its own, so it never meets the pattern.
                tw = text_width(text)
                cx = x + w / 2
                box = "#0031d8" if STYLES[index % len(STYLES)][2] == "solid" else "#ffffff"
                body.append(f'<rect x="{cx - tw / 2 - 3:.1f}" y="{y + BAR_HEIGHT / 2 - 8:.1f}" '
                            f'width="{tw + 6:.1f}" height="15" rx="2" fill="{box}" '
                            f'stroke="#1a1a1a" stroke-width="0.4"/>')
                body.append(f'<text x="{cx:.1f}" y="{y + BAR_HEIGHT / 2 + 4:.1f}" '
                            f'text-anchor="middle" fill="{text_colour}">{escape(text)}</text>')
            else:
                outside.append((x + w / 2, text))
            x += w
        body.append(f'<rect x="{bar_x}" y="{y}" width="{bar_w}" height="{BAR_HEIGHT}" '
                    f'fill="none" stroke="#1a1a1a" stroke-width="0.8"/>')
        descriptions.append(f"{row_label}: " + "、".join(parts))
        y += BAR_HEIGHT
        if outside:
            # Labels of narrow segments go under the bar, pushed right so they never overlap.
            widths = [text_width(text, 10) for _c, text in outside]
            xs, edge = [], bar_x - 4.0
            for (centre, _t), tw in zip(outside, widths):
                xs.append(max(centre, edge + 6 + tw / 2))
                edge = xs[-1] + tw / 2
            edge = width - 2.0  # then pull back from the right edge, keeping the gaps
            for i in range(len(xs) - 1, -1, -1):
                xs[i] = min(xs[i], edge - widths[i] / 2)
                edge = xs[i] - widths[i] / 2 - 6
            for (centre, text), lx in zip(outside, xs):
                body.append(f'<path d="M{centre:.1f},{y} L{lx:.1f},{y + 4}" stroke="#4d4d4d" '
                            f'stroke-width="0.6"/>')
                body.append(f'<text x="{lx:.1f}" y="{y + 14}" text-anchor="middle" '
                            f'font-size="10">{escape(text)}</text>')
            y += OUTSIDE_LINE
        y += ROW_GAP

    if legend and outcomes:
        lx, ly = float(bar_x), y + 2
        for label in outcomes:
            item_w = 14 + 6 + text_width(label) + 18
            if lx + item_w > width and lx > bar_x:
                lx, ly = float(bar_x), ly + 20
            body.append(f'<rect x="{lx:.1f}" y="{ly}" width="14" height="14" '
                        f'fill="url(#{uid}-p{style_of[label]})" stroke="#1a1a1a" stroke-width="0.6"/>')
            body.append(f'<text x="{lx + 20:.1f}" y="{ly + 11}">{escape(label)}</text>')
            lx += item_w
        y = ly + 22

    height = int(y + 2)
    defs = "".join(_pattern(uid, i) for i in range(len(outcomes)))
    desc = "。".join(descriptions)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-stacked-bar" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-label="{escape(title)}" aria-describedby="{uid}-d" '
        f'font-family="{FONT}" font-size="{FONT_SIZE}" fill="#1a1a1a">'
        f'<title>{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>'
        f'<defs>{defs}</defs>{"".join(body)}</svg>'
    )


def share_bars(options: Sequence[str], series: Sequence[dict[str, Any]], *, title: str,
               width: int = 640, label_width: int = 250) -> SafeString:
    """An SVG of horizontal bars for a multiple-choice question: each option's share of n.

    ``series``: one entry per fiscal year, oldest first:
    ``[{"label": "令和6年度", "n": 20, "counts": [12, 3, …], "note": "非該当 2"}]``, the
    counts in the order of ``options``. A respondent may choose several options, so the
    bars are not stacked and their shares may add up to more than 100%. Years differ by
    pattern; the legend names them with their n.
    """
    uid = "m" + hashlib.sha1(repr((title, options, series, width)).encode()).hexdigest()[:10]
    bar_x = label_width
    bar_w = width - label_width - 80  # room on the right for "12 (60%)"
    bar_h = 14 if len(series) > 1 else 18
    body: list[str] = []
    descriptions: list[str] = []
    y = 4
    for i, option in enumerate(options):
        group_h = bar_h * len(series)
        label = str(option)
        if text_width(label) > label_width - 10:  # long labels: shrink rather than overflow
            shown = label[:max(int((label_width - 10) / FONT_SIZE) - 1, 4)] + "…"
        else:
            shown = label
        body.append(f'<text x="{bar_x - 8}" y="{y + group_h / 2 + 4:.1f}" text-anchor="end">'
                    f'<title>{escape(label)}</title>{escape(shown)}</text>')
        parts = []
        for j, year in enumerate(series):
            n = int(year["n"])
            count = int(year["counts"][i])
            share = percent(count, n)
            parts.append(f"{year['label']} {count} ({share})")
            w = bar_w * count / n if n else 0
            by = y + j * bar_h
            if w:
                body.append(f'<rect x="{bar_x}" y="{by + 1}" width="{w:.2f}" height="{bar_h - 2}" '
                            f'fill="url(#{uid}-p{len(series) - 1 - j})" stroke="#1a1a1a" '
                            f'stroke-width="0.6" data-count="{count}" data-share="{share}">'
                            f'<title>{escape(label)}: {count} ({share})</title></rect>')
            body.append(f'<text x="{bar_x + w + 4:.1f}" y="{by + bar_h / 2 + 4:.1f}" '
                        f'font-size="10">{escape(f"{count} ({share})")}</text>')
        descriptions.append(f"{label}: " + "、".join(parts))
        body.append(f'<path d="M{bar_x},{y} V{y + group_h}" stroke="#1a1a1a" stroke-width="0.8"/>')
        y += group_h + 6
    notes = [f"{year['label']} n={year['n']}" + (f"（{year['note']}）" if year.get("note") else "")
             for year in series]
    lx, ly = float(bar_x), y + 2
    for j, year in enumerate(series):
        text = notes[j]
        item_w = (20 if len(series) > 1 else 0) + text_width(text) + 18
        if lx + item_w > width and lx > bar_x:
            lx, ly = float(bar_x), ly + 20
        if len(series) > 1:
            body.append(f'<rect x="{lx:.1f}" y="{ly}" width="14" height="14" '
                        f'fill="url(#{uid}-p{len(series) - 1 - j})" stroke="#1a1a1a" '
                        f'stroke-width="0.6"/>')
            body.append(f'<text x="{lx + 20:.1f}" y="{ly + 11}">{escape(text)}</text>')
        else:
            body.append(f'<text x="{lx:.1f}" y="{ly + 11}" font-size="10" fill="#4d4d4d">'
                        f'{escape(text)}</text>')
        lx += item_w
    y = ly + 22
    height = int(y + 2)
    defs = "".join(_pattern(uid, j) for j in range(len(series)))
    desc = _("Share of respondents; an agency may choose several answers.") + " " + \
        "。".join(notes) + "。" + "。".join(descriptions)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-share-bars" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-label="{escape(title)}" aria-describedby="{uid}-d" '
        f'font-family="{FONT}" font-size="{FONT_SIZE}" fill="#1a1a1a">'
        f'<title>{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>'
        f'<defs>{defs}</defs>{"".join(body)}</svg>'
    )


def distribution_chart(series: Sequence[tuple[str, Any]], *, title: str) -> SafeString:
    """The chart of one question's distribution, year on year, for the page and the PDF.

    ``series``: ``[(row label, QuestionAggregate)]``, oldest first; each aggregate gives
    ``rows`` (outcomes then 無回答), ``n`` and ``not_applicable`` (see
    ``agreements.aggregation``). Single choice: 100% stacked bars of n. Multiple choice:
    one bar per option, its share of n.
    """
    if not series:
        return mark_safe("")
    latest = series[-1][1]
    if latest.multiple:
        options = [o.label for o in latest.rows]
        codes = [o.code for o in latest.rows]
        years = []
        for label, agg in series:
            counts = {o.code: o.count for o in agg.rows}
            years.append({"label": label, "n": agg.n, "counts": [counts.get(c, 0) for c in codes],
                          "note": _not_applicable(agg)})
        return share_bars(options, years, title=title)
    rows = [{"label": label, "note": _not_applicable(agg),
             "segments": [{"label": o.label, "count": o.count} for o in agg.rows]}
            for label, agg in series]
    return stacked_bar(rows, title=title)


def _not_applicable(agg) -> str:
    return _("Not applicable: %(n)s") % {"n": agg.not_applicable} if agg.not_applicable else ""


# A patterned shape as the charts above write it: position and size first, then the fill.
_PATTERNED = re.compile(
    r'<rect x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)" '
    r'fill="url\(#[\w-]+-p(\d+)\)"([^>]*?)(/>|>(.*?)</rect>)', re.DOTALL)
TILE = 6  # the patterns' tile, in user space from the origin (patternUnits="userSpaceOnUse")


def for_print(svg: str) -> SafeString:
    """The same chart with every pattern drawn out as plain shapes, for the PDF.

    WeasyPrint draws an SVG pattern afresh for every shape it fills (a nested drawing
    per bar segment and legend key: about a third of a chart's drawing time). Here each
    patterned rectangle becomes its background, the pattern's lines or dots as one path
    clipped to it (the same tile, aligned the same way), and its outline; the defs go.
    The page keeps the patterns (a browser draws them cheaply).
    """
    def flat(m: re.Match) -> str:
        x, y, w, h = (float(v) for v in m.group(1, 2, 3, 4))
        background, line, kind, _text = STYLES[int(m.group(5)) % len(STYLES)]
        out = [(f'<rect x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" '
                f'fill="{background}"/>')]
        d = _hatch(kind, x, y, w, h)
        if d:
            width, cap = {"dots": ("2.2", ' stroke-linecap="round"'),
                          "cross": ("0.8", "")}.get(kind, ("1.2", ""))
            out.append(f'<path d="{d}" fill="none" stroke="{line}" stroke-width="{width}"{cap}/>')
        rest, inner = m.group(6), m.group(8)
        outline = f'<rect x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" fill="none"{rest}'
        out.append(f"{outline}>{inner}</rect>" if inner is not None else f"{outline}/>")
        return "".join(out)

    svg = _PATTERNED.sub(flat, str(svg))
    return mark_safe(re.sub(r"<defs>(<pattern .*?</pattern>)*</defs>", "", svg, flags=re.DOTALL))


def _hatch(kind: str, x0: float, y0: float, w: float, h: float) -> str:
    """Path data of a pattern's lines (or dots) inside one rectangle."""
    x1, y1 = x0 + w, y0 + h
    parts: list[str] = []

    def segment(ax, ay, bx, by):
        parts.append(f"M{ax:.1f},{ay:.1f}L{bx:.1f},{by:.1f}")

    def rising():  # x + y = c: the tile's diagonal from bottom left to top right
        for k in range(math.floor((x0 + y0) / TILE), math.ceil((x1 + y1) / TILE) + 1):
            c = k * TILE
            a, b = max(x0, c - y1), min(x1, c - y0)
            if a < b:
                segment(a, c - a, b, c - b)

    def falling():  # x - y = c
        for k in range(math.floor((x0 - y1) / TILE), math.ceil((x1 - y0) / TILE) + 1):
            c = k * TILE
            a, b = max(x0, c + y0), min(x1, c + y1)
            if a < b:
                segment(a, a - c, b, b - c)

    def centres(lo, hi):  # the tile's middle line (3, 9, 15, …) within [lo, hi]
        first = math.ceil((lo - TILE / 2) / TILE)
        return [k * TILE + TILE / 2 for k in range(first, math.floor((hi - TILE / 2) / TILE) + 1)]

    if kind == "diagonal":
        rising()
    elif kind == "cross":
        rising()
        falling()
    elif kind == "horizontal":
        for cy in centres(y0, y1):
            segment(x0, cy, x1, cy)
    elif kind == "vertical":
        for cx in centres(x0, x1):
            segment(cx, y0, cx, y1)
    elif kind == "dots":  # round caps on a zero-length line: a dot of the stroke's width
        parts += [f"M{cx:.1f},{cy:.1f}h0.01" for cx in centres(x0 + 1, x1 - 1)
                  for cy in centres(y0 + 1, y1 - 1)]
    return "".join(parts)
