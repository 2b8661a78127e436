"""II-2 相互乗り入れ in a real browser, one browser session per role: an editor of RIKEN
requests seats in AIST's open programme from the shared catalogue; AIST's approver finds the
request on AIST's II-2 page, tries to decline without a reason (refused, nothing changes),
then accepts; both agencies' II-2 pages show the request as accepted, and the catalogue
counts the seats as taken."""

import datetime

import pytest
from django.utils import translation

from kokken.models import Agency
from kokken.wareki import fiscal_year
from tests.e2e.conftest import axe_violations, sign_in
from training.models import Category, Format, Programme, SeatRequest

pytestmark = pytest.mark.e2e
State = SeatRequest.State
THIS_YEAR = fiscal_year()


def ja(text) -> str:
    """The Japanese the pages show for a msgid or a lazy label."""
    with translation.override("ja"):
        return translation.gettext(text) if isinstance(text, str) else str(text)


def _session(browser, live_server, username):
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    sign_in(page, live_server, username)
    return context, page


def _row(page, caption, title):
    """The row for ``title`` in the seat-request table captioned ``caption``."""
    table = page.locator("table", has=page.locator("caption", has_text=caption))
    return table.locator("tr", has=page.get_by_role("link", name=title))


def test_a_seat_request_between_two_agencies_is_decided_by_the_provider(browser, demo):
    aist = Agency.objects.get(code="aist")
    title = "研究インテグリティ実務研修（相互乗り入れ試験）"
    programme = Programme.objects.create(
        agency=aist, fiscal_year=THIS_YEAR, title=title, category=Category.RESEARCH_MANAGEMENT,
        format=Format.ONLINE, start_date=datetime.date(THIS_YEAR, 10, 1), capacity=5,
        open_to_others=True)
    url = demo.url
    requester, editor = _session(browser, demo, "riken-editor")
    provider, approver = _session(browser, demo, "aist-approver")
    try:
        # 1. RIKEN's editor finds the programme in the shared catalogue and asks for 2 seats.
        editor.goto(f"{url}/training/catalogue/?fy={THIS_YEAR}")
        row = editor.locator("tr", has=editor.get_by_text(title))
        assert "0 / 5" in row.inner_text()
        with editor.expect_navigation():
            row.get_by_role("link", name=ja("Request seats")).click()
        field = SeatRequest._meta.get_field
        editor.get_by_label(ja(field("seats").verbose_name)).fill("2")
        editor.get_by_label(ja(field("note").verbose_name)).fill("研究推進部の担当者向け")
        with editor.expect_navigation():
            editor.get_by_role("button", name=ja("Send the request")).click()
        request = SeatRequest.objects.get(programme=programme)
        assert (request.requesting_agency.code, request.seats, request.state) == ("riken", 2,
                                                                                  State.REQUESTED)
        assert ja(State.REQUESTED.label) in editor.locator("main").inner_text()
        assert not editor.get_by_role("button", name=ja("Record the decision")).count()
        assert axe_violations(editor) == []

        # 2. AIST's approver sees it on AIST's II-2 page, among the requests for its programmes.
        approver.goto(f"{url}/training/agencies/aist/?fy={THIS_YEAR}")
        incoming = _row(approver, ja("Seat requests for your programmes"), title)
        assert ja(State.REQUESTED.label) in incoming.inner_text()
        with approver.expect_navigation():
            incoming.get_by_role("link", name=title).click()
        # Declining needs a reason: refused with the reason named, and nothing changes.
        approver.get_by_label(ja("Decline"), exact=True).check()
        with approver.expect_navigation():
            approver.get_by_role("button", name=ja("Record the decision")).click()
        assert ja("Give the reason for declining.") in approver.locator(".banner").first.inner_text()
        request.refresh_from_db()
        assert request.state == State.REQUESTED
        # Then it accepts.
        approver.get_by_label(ja("Accept"), exact=True).check()
        with approver.expect_navigation():
            approver.get_by_role("button", name=ja("Record the decision")).click()
        assert ja("Decision recorded.") in approver.locator(".banner").first.inner_text()
        request.refresh_from_db()
        assert request.state == State.ACCEPTED and request.decided_at is not None
        assert axe_violations(approver) == []

        # 3. Both sides see it accepted on their own II-2 page; the catalogue counts the seats.
        approver.goto(f"{url}/training/agencies/aist/?fy={THIS_YEAR}")
        assert ja(State.ACCEPTED.label) in _row(
            approver, ja("Seat requests for your programmes"), title).inner_text()
        editor.goto(f"{url}/training/agencies/riken/?fy={THIS_YEAR}")
        assert ja(State.ACCEPTED.label) in _row(
            editor, ja("Seat requests from your agency"), title).inner_text()
        editor.goto(f"{url}/training/catalogue/?fy={THIS_YEAR}")
        assert "2 / 5" in editor.locator("tr", has=editor.get_by_text(title)).inner_text()
    finally:
        requester.close()
        provider.close()
