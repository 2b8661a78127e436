"""The UX.md form conventions and A4 printing on the pages that carry them, in one browser
session per role (tests/e2e/conventions.py and printing.py say what is checked):

- the forms of each kind the product has (a round, a register row with 年/月/日 parts, a
  programme, the Excel upload, an API token, the password change, the sign-in): 「※必須」
  on every required control, then the error state after submitting them empty —
  ``aria-invalid``, 「＊」 messages linked by ``aria-describedby``, a summary with the focus;
- the sheet's questions: 「※必須」 with ``aria-required`` (a draft may be saved without them);
- printing: the sheet, the round's matrix and the aggregate page laid out on A4 without
  navigation or buttons, nothing cut off, rows whole; and printed to PDF by Chromium.
"""

import pytest

from kokken.wareki import fiscal_year
from tests.e2e.conftest import axe_violations, open_riken_sheet, sign_in
from tests.e2e.conventions import error_state_problems, form_markup_problems
from tests.e2e.printing import pdf_problems, print_problems

pytestmark = pytest.mark.e2e
FY = fiscal_year()


def _check_forms(page, url, problems):
    page.goto(url, wait_until="load")
    problems.extend(f"{url}: {p}" for p in form_markup_problems(page, "ja"))
    problems.extend(error_state_problems(page, page.url, axe_violations))


def _check_print(page, url, problems):
    page.goto(url, wait_until="load")
    problems.extend(f"{url}: {p}" for p in form_markup_problems(page, "ja"))
    problems.extend(f"{url}: print: {p}" for p in print_problems(page))
    problems.extend(f"{url}: {p}" for p in pdf_problems(page))


def test_forms_mark_required_fields_and_link_their_errors_and_pages_print_on_a4(browser, demo):
    sheet = open_riken_sheet(fiscal_year=FY, title_ja="様式確認の試験")
    url, problems = demo.url, []
    anonymous = browser.new_context(locale="ja-JP")
    try:
        _check_forms(anonymous.new_page(), f"{url}/accounts/login/", problems)
    finally:
        anonymous.close()
    pages = {
        "secretariat": [(_check_forms, "/rounds/new/"),
                        (_check_print, f"/rounds/{sheet.round_id}/"),
                        (_check_print, f"/rounds/{sheet.round_id}/aggregate/")],
        "riken-editor": [(_check_print, f"/sheets/{sheet.pk}/"),
                         (_check_forms, f"/sheets/{sheet.pk}/upload/"),
                         (_check_forms, f"/hr/agencies/riken/cross-appointments/new/?fy={FY}"),
                         (_check_forms, f"/training/agencies/riken/programmes/new/?fy={FY}"),
                         (_check_forms, "/accounts/profile/"),
                         (_check_forms, "/accounts/password/change/")],
    }
    for username, checks in pages.items():
        context = browser.new_context(locale="ja-JP")
        try:
            page = context.new_page()
            sign_in(page, demo, username)
            for check, path in checks:
                check(page, url + path, problems)
        finally:
            context.close()
    assert problems == [], "\n".join(problems)
