"""Printing on A4, checked in Chromium: the page laid out for print media at the width of an
A4 sheet's printable area shows no navigation or buttons, nothing sticks out past the right
edge (a table wider than the sheet is cut off on paper), and table rows are not split across
pages; ``pdf_problems`` prints the page to a PDF through Chromium and reads it back."""

import subprocess
import tempfile
from pathlib import Path

# A4 is 210 mm wide; at Chromium's 96 px per inch, less the 10 mm margins of page.pdf()
# below (and of the stylesheet's @page), the printable width is 190 mm = 718 px.
A4_MARGIN = "10mm"
A4_CONTENT = {"width": 718, "height": 1047}

PRINT_JS = """() => {
  const out = [];
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const text = (el) => (el.textContent || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 30);
  // Navigation and buttons: what a printed page cannot use. A sortable header's link is its
  // header text, and stays.
  const chrome = [...document.querySelectorAll(
    'nav, .skip-link, .header-tools, button, a.button, input[type=submit], input[type=button], [role=button]')]
    .filter((el) => shown(el) && !el.closest('th'));
  if (chrome.length)
    out.push(`navigation or buttons printed: ${chrome.slice(0, 4).map((el) => `${name(el)} “${text(el)}”`).join(', ')}`);
  // Past the right edge of the sheet: cut off on paper.
  const right = document.documentElement.clientWidth + 1;
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (!shown(el) || el.getBoundingClientRect().right <= right) continue;
    if (wide.some((w) => w.contains(el))) continue;
    wide.push(el);
    if (wide.length >= 3) break;
  }
  if (wide.length)
    out.push(`cut off at the right edge of A4: ${wide.map((el) => `${name(el)} (${Math.round(el.getBoundingClientRect().right)} px > ${right - 1})`).join(', ')}`);
  // Rows kept whole, headers repeated on each page.
  for (const table of document.querySelectorAll('table')) {
    if (!shown(table)) continue;
    const row = table.querySelector('tbody tr');
    if (row && getComputedStyle(row).breakInside !== 'avoid')
      out.push(`${name(table)}: rows may be cut across pages (break-inside is ${getComputedStyle(row).breakInside})`);
    const head = table.querySelector('thead');
    if (head && getComputedStyle(head).display !== 'table-header-group')
      out.push(`${name(table)}: its header does not repeat on each page`);
  }
  return out;
}"""


def print_problems(page) -> list[str]:
    """Lay the open page out for print at A4 width, check it, and put it back as it was."""
    viewport = page.viewport_size
    page.emulate_media(media="print")
    page.set_viewport_size(A4_CONTENT)
    try:
        return page.evaluate(PRINT_JS)
    finally:
        page.emulate_media(media="null")  # as before: page.pdf() prints with print media
        page.set_viewport_size(viewport)


def pdf_problems(page) -> list[str]:
    """Chromium's own print to an A4 PDF: the page's heading is in it, the header's
    navigation is not, and it has a page size of A4."""
    heading = page.locator("main h1").first.inner_text().strip()
    # The header's buttons (English, サインアウト) and the menu as a whole (its labels in a
    # row): a single menu word may well occur in the page's own text.
    tools = [t.strip() for t in page.locator(".header-tools button").all_inner_texts() if t.strip()]
    menu = " ".join(" ".join(page.locator(".site-nav a").all_inner_texts()).split())
    pdf = page.pdf(format="A4", print_background=True,
                   margin={side: A4_MARGIN for side in ("top", "right", "bottom", "left")})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                              text=True, check=True).stdout
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                              check=True).stdout
    problems = []
    flat = " ".join(text.split())
    if "".join(heading.split()) not in "".join(text.split()):  # long headings wrap
        problems.append(f"the printed PDF lacks the heading “{heading}”")
    printed = [t for t in tools if t in flat] + ([menu] if menu and menu in flat else [])
    if printed:
        problems.append(f"the printed PDF shows the navigation: {printed}")
    if "(A4)" not in info:
        problems.append("the printed PDF is not A4: " + next(
            (line for line in info.splitlines() if line.startswith("Page size")), "?"))
    return problems
