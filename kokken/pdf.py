"""The one WeasyPrint base: every PDF of the project is rendered here.

``render_pdf("pdf/annual.html", context)`` renders a template that extends
``pdf/base.html`` (A4, page numbers 「n / N」, running header with the report's
title, round and 和暦 date, DEMO label when settings.DEMO_MODE) and returns the
PDF's bytes.

A Japanese font must be installed, or WeasyPrint would silently print boxes
(豆腐) for every kanji; ``MissingJapaneseFont`` says what to install instead.
"""

from __future__ import annotations

import base64
import functools
import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

# Debian's names first (fonts-noto-cjk, fonts-ipaexfont); templates/pdf/base.css lists the same.
FONT_FAMILIES = ("Noto Sans CJK JP", "IPAexGothic", "Noto Sans JP", "IPAGothic")
# Where fonts live when fc-list itself is missing (fontconfig's tools are a separate package).
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts"),
             str(Path.home() / ".local/share/fonts"))
FONT_FILE_HINTS = ("notosanscjk", "notoserifcjk", "ipaex", "ipag", "notosansjp")


class MissingJapaneseFont(RuntimeError):
    """No Japanese font is installed: the PDF would show boxes instead of text."""

    def __init__(self) -> None:
        super().__init__(
            "日本語フォントがありません。PDFの日本語が豆腐（□）になるため生成を中止しました。"
            "`sudo apt-get install fonts-noto-cjk`（または fonts-ipaexfont）を実行してください。 / "
            "No Japanese font is installed, so the PDF would print boxes instead of Japanese "
            "text. Install one: `sudo apt-get install fonts-noto-cjk` (or fonts-ipaexfont)."
        )


@functools.cache
def japanese_fonts() -> tuple[str, ...]:
    """Families (or, without fontconfig's tools, files) of the installed Japanese fonts."""
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            out = subprocess.run([fc_list, ":lang=ja", "family"], capture_output=True,
                                 text=True, timeout=20, check=False).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        families = {name.strip() for line in out.splitlines() for name in line.split(",")}
        if families - {""}:
            return tuple(sorted(families - {""}))
    found = []
    for root in FONT_DIRS:
        base = Path(root)
        if base.is_dir():
            found += [p.name for p in base.rglob("*") if p.suffix.lower() in {".otf", ".ttf", ".ttc"}
                      and any(h in p.name.lower().replace("-", "") for h in FONT_FILE_HINTS)]
    return tuple(sorted(found))


def ensure_japanese_font() -> None:
    if not japanese_fonts():
        raise MissingJapaneseFont


def render_html(template_name: str, context: dict) -> str:
    return render_to_string(template_name, {"DEMO_MODE": settings.DEMO_MODE, **context})


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a template (extending ``pdf/base.html``) to PDF bytes."""
    ensure_japanese_font()
    from weasyprint import HTML  # heavy import: only where PDFs are made

    html = render_html(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


_SVG_LABEL = re.compile(r'<svg\b[^>]*?\baria-label="([^"]*)"')


def svg_image(svg: str) -> SafeString:
    """A chart drawn as inline SVG, as an ``<img>`` of that same SVG (a ``data:`` URI).

    WeasyPrint draws the image as vectors and its text as text, exactly as the inline
    SVG, but an inline SVG's every shape and label is also an element of the page:
    parsed by the HTML parser and given CSS (a third of the annual report's elements
    were its charts' shapes). As an image the SVG is parsed once, by the XML parser.
    """
    svg = str(svg).strip()
    if not svg.startswith("<svg"):
        return mark_safe(svg)
    label = _SVG_LABEL.match(svg)
    data = base64.b64encode(svg.encode()).decode("ascii")
    return mark_safe(f'<img class="chart" alt="{label.group(1) if label else ""}" '
                     f'src="data:image/svg+xml;base64,{data}">')
