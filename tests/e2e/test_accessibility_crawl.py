"""Every page each role can reach, in Japanese and in English, meets WCAG 2.x AA
(JIS X 8341-3) as axe-core checks it: no page list to keep up to date.

From each role's home the crawler follows every same-origin link (GET only: sign-out and
every change are forms), loads one URL per URL pattern (Django's route name) and role, and
on each page checks:
- axe-core's WCAG 2.0/2.1 A and AA rules: zero violations;
- ``<html lang>`` is the language chosen, one ``<h1>``, and every pattern has its own
  ``<title>``; the browser blocked nothing under the Content Security Policy;
- no horizontal scroll at 320 px (WCAG 1.4.10 reflow) outside scrolling tables;
- every link it found answers 200 (a link to a 403, 404 or 500 is a bug as well);
- in Japanese, the UX.md conventions (tests/e2e/conventions.py, printing.py): 「※必須」 on
  required controls and no bare ``*``, targets of 44×44 px, ``aria-sort`` on sortable
  headers, A4 printing without navigation or buttons; and every form submitted with its
  required fields empty, its error state checked (``aria-invalid``, 「＊」 messages tied by
  ``aria-describedby``, a summary that takes the focus) and run through axe.
The English pass revisits the same URLs at 320 px wide after switching the language with
the header's button, so both languages and both widths cost one page load each.
"""

import time
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from tests.e2e.conftest import axe_violations, sign_in
from tests.e2e.conventions import (
    error_state_problems,
    form_markup_problems,
    page_convention_problems,
)
from tests.e2e.printing import print_problems

pytestmark = pytest.mark.e2e

# Every role with pages of ours: the agency approver in the editor's test (ALSO), the
# others one test each. The system administrator's home is Django's admin (not crawled,
# below); its other pages (profile, password, second factor) are every role's.
ROLES = ["riken-editor", "mext-reviewer", "secretariat"]
ALSO = {"riken-editor": ["riken-approver"]}
# Fewer patterns than this means the crawl lost its way (a broken home or navigation), not
# that the pages are fine. Last counted: 86, 45 and 45.
MINIMUM_PATTERNS = {"riken-editor": 60, "mext-reviewer": 30, "secretariat": 30}
# Route names never loaded: files and exports (downloads, not pages), the notification
# redirect (it marks as read and forwards to a page the crawl reaches anyway), Django's
# admin and the API (JSON; its docs page is Swagger UI, checked in test_api_pages).
SKIP_NAMES = {"logout", "notification", "audit_export", "agreements:round_export",
              "agreements:sheet_template", "agreements:evidence_download",
              "agreements:government_evidence"}
SKIP_PREFIXES = ("/admin/", "/api/", "/static/", "/media/")
SKIP_NAME_PARTS = ("download", "export", "template", "evidence", "document", "attachment")
NARROW = {"width": 320, "height": 800}
WIDE = {"width": 1280, "height": 900}
OVERFLOW_JS = """() => {
  // Wider than the viewport, not counting what scrolls inside its own box (tables).
  if (document.documentElement.scrollWidth <= window.innerWidth) return [];
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > window.innerWidth + 1 && !el.closest('.table-wrap, pre, table')) {
      out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
               (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''));
      if (out.length >= 3) break;
    }
  }
  return out;
}"""


@pytest.fixture
def full_demo(transactional_db, live_server, _demo_snapshot):
    """What `make run` shows: organisations, agreement data, users, rounds in every state,
    the chapter registers (``seed_demo``, run once per test session and restored, committed,
    into the live server's database)."""
    from tests import snapshots

    snapshots.restore(_demo_snapshot)
    return live_server


def route_name(url: str) -> str | None:
    """The Django route name of a same-origin page URL, or None when it is not a page."""
    path = urlsplit(url).path
    if path.startswith(SKIP_PREFIXES):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    name = match.view_name
    if name in SKIP_NAMES or any(part in name for part in SKIP_NAME_PARTS):
        return None
    return name


def links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    return [h.split("#")[0] for h in hrefs if h.startswith(origin)]


def check_page(page, url: str, lang: str, problems: list[str], titles: dict,
               seen: set | None = None, narrow: bool = False) -> str | None:
    """Load ``url`` and check it; returns its route name after redirects, or None when it
    was not checked (an error, or a redirect to a pattern already checked)."""
    response = page.goto(url, wait_until="load")
    where = f"[{lang}] {urlsplit(url).path}"
    if response is None or response.status != 200:
        problems.append(f"{where}: HTTP {response.status if response else '?'}")
        return None
    name = route_name(page.url)
    if seen is not None:
        if name is None or name in seen:
            return None
        seen.add(name)
    if page.locator("html").get_attribute("lang") != lang:
        problems.append(f"{where}: <html lang> is {page.locator('html').get_attribute('lang')}")
    headings = page.locator("h1").count()
    if headings != 1:
        problems.append(f"{where}: {headings} <h1> elements (one names the page)")
    csp = getattr(page, "csp_errors", [])
    problems.extend(f"{where}: Content Security Policy: {text}" for text in csp)
    csp.clear()
    title = page.title()
    if titles.setdefault(title, name) != name:
        problems.append(f"{where}: <title> “{title}” is also the title of {titles[title]}")
    problems.extend(f"{where}: {v}" for v in axe_violations(page))
    if narrow:
        wide = page.evaluate(OVERFLOW_JS)
        if wide:
            problems.append(f"{where}: scrolls sideways at 320 px: {wide}")
    return name


def convention_problems(page, url: str, kinds: set) -> list[str]:
    """UX.md's conventions on the page open in ``page`` (Japanese): 「※必須」 on required
    controls, 44×44 px targets, aria-sort, A4 printing; then each form submitted with its
    required fields empty, and the error state checked (aria-invalid, 「＊」 messages, the
    focused summary) and run through axe, once per kind of form (``kinds``: where it posts
    and its fields). Leaves ``page`` wherever the last form went."""
    where = f"[ja] {urlsplit(url).path}"
    problems = [f"{where}: {p}" for p in form_markup_problems(page, "ja")]
    problems += [f"{where}: {p}" for p in page_convention_problems(page)]
    problems += [f"{where}: print: {p}" for p in print_problems(page)]
    return problems + error_state_problems(page, url, axe_violations, kinds)


def crawl(page, origin: str, start: str, lang: str, problems: list[str], seen: set,
          known: frozenset = frozenset()) -> list[str]:
    """Breadth-first from ``start``: one URL per route name; returns the URLs checked.
    Patterns in ``known`` (checked already, as another role) are only passed through."""
    checked, queue, titles, passed, kinds = [], [start], {}, set(), set()
    while queue:
        url = queue.pop(0)
        name = route_name(url)
        if name is None or name in seen or name in passed:
            continue
        if name in known:
            passed.add(name)
            response = page.goto(url, wait_until="load")
            if response is None or response.status != 200:
                problems.append(f"[{lang}] {urlsplit(url).path}: HTTP "
                                f"{response.status if response else '?'}")
            else:
                queue.extend(links(page, origin))
            continue
        if check_page(page, url, lang, problems, titles, seen):
            checked.append(page.url)
            queue.extend(links(page, origin))
            problems.extend(convention_problems(page, page.url, kinds))
    return checked


def test_the_sign_in_pages_meet_wcag_aa(browser, full_demo):
    problems = []
    anonymous = browser.new_context(locale="ja-JP", viewport=WIDE)
    try:
        page = watched_page(anonymous)
        for path in ("/accounts/login/", "/accounts/password/reset/"):
            check_page(page, full_demo.url + path, "ja", problems, {})
    finally:
        anonymous.close()
    assert problems == [], "\n".join(problems)


def watched_page(context):
    """A page that keeps the browser's Content Security Policy reports (check_page reads
    and clears them: an inline script or style the policy blocked is a broken page)."""
    page = context.new_page()
    page.csp_errors = []
    page.on("console", lambda m: m.type == "error" and "Content Security Policy" in m.text
            and page.csp_errors.append(m.text))
    return page


def crawl_role(browser, live_server, username: str, problems: list[str],
               known: frozenset = frozenset()) -> list[str]:
    """Sign in as ``username`` and crawl from its home in Japanese at 1280 px, then visit
    the same URLs in English at 320 px; returns the route names checked."""
    origin = live_server.url
    context = browser.new_context(locale="ja-JP", viewport=WIDE)
    try:
        page = watched_page(context)
        sign_in(page, live_server, username)
        home = page.url
        seen = set()
        urls = crawl(page, origin, home, "ja", problems, seen, known)
        page.goto(home)
        with page.expect_navigation():
            page.get_by_role("button", name="English").click()
        page.set_viewport_size(NARROW)
        titles = {}
        for url in urls:
            if check_page(page, url, "en", problems, titles, narrow=True):
                problems.extend(f"[en] {urlsplit(url).path}: {p}"
                                for p in form_markup_problems(page, "en"))
    finally:
        context.close()
    return sorted(seen)


# One test per audience, so that pytest-xdist can run them side by side. The agency
# approver sees the editor's pages and a few of its own (the 確認 screen, 提出, the
# approval of seat requests): it is crawled in the editor's test, and only the patterns the
# editor did not reach are checked again.
@pytest.mark.parametrize("username", ROLES)
def test_every_page_a_role_reaches_meets_wcag_aa_in_japanese_and_english(
        browser, full_demo, username):
    problems = []
    started = time.monotonic()
    names = crawl_role(browser, full_demo, username, problems)
    counts = {username: len(names)}
    for also in ALSO.get(username, ()):
        counts[also] = len(crawl_role(browser, full_demo, also, problems, frozenset(names)))
    print(f"\naccessibility crawl: URL patterns checked in ja and en {counts}, "
          f"{round(time.monotonic() - started)} s")
    assert counts[username] >= MINIMUM_PATTERNS[username], counts
    assert problems == [], "\n".join(problems)


PLANTED = """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>planted</title></head><body>
<main><h1>Planted</h1><h1>Twice</h1><img src="data:,">
<script>document.title = document.title;</script><input type="text" name="q">
<p style="color:#bbb;background:#fff">faint text</p>
<div style="width:600px">too wide</div>
<form method="post"><label for="who">部署名</label><input id="who" name="who" required>
<label for="n">人数 *</label><input id="n" name="n"><button>送信</button></form>
<table style="width:900px"><thead><tr><th><a href="?sort=name">名称</a></th></tr></thead>
<tbody><tr><td>wider than A4</td></tr></tbody></table>
</main></body></html>"""


def test_the_crawl_checks_fail_on_a_planted_violation(browser):
    """The same checks the crawl runs, on a page with one violation of each kind."""
    context = browser.new_context(viewport=NARROW)
    try:
        page = watched_page(context)
        page.route("http://planted.invalid/**", lambda route: route.fulfill(
            status=200, content_type="text/html", body=PLANTED,
            headers={"Content-Security-Policy": "script-src 'self'"}))
        problems = []
        check_page(page, "http://planted.invalid/page/", "en", problems, {}, narrow=True)
        problems.extend(form_markup_problems(page, "ja"))
        problems.extend(page_convention_problems(page))
        problems.extend(print_problems(page))
    finally:
        context.close()
    found = "\n".join(problems)
    for expected in ("<html lang> is ja", "2 <h1> elements", "Content Security Policy",
                     "image-alt", "label", "color-contrast",
                     "scrolls sideways at 320 px",
                     "input#who[name=who] is required but its label does not say “※必須”",
                     "bare asterisk in the label “人数 *”",
                     "navigation or buttons printed: button “送信”",
                     "cut off at the right edge of A4: table",
                     "target smaller than 44×44 px", "button “送信”",
                     "sortable header “名称” has no aria-sort"):
        assert expected in found, found
