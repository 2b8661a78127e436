"""The shared catalogue keeps its count and a page's rows (as HTML) in the cache under the II-2
registers' version (issue 18): every viewer gets the seat-request links of their own agency
only; a new, changed or withdrawn programme, an accepted request and a renamed agency show on
the next view."""

import pytest
from django.core.cache import cache
from django.test import Client

from tests.conftest import sign_in
from tests.training import factories as f
from training.models import SeatRequest

URL = "/training/catalogue/?fy=2024"


@pytest.fixture
def page(cast):
    cache.clear()
    clients = {}

    def get(user, url=URL):
        client = clients.get(user.pk) or clients.setdefault(user.pk, sign_in(Client(), user))
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    return get


def _link(programme) -> str:
    return f'href="/training/programmes/{programme.pk}/request/"'


def _row(html: str, title: str) -> str:
    return html.split(title)[1].split("</tr>")[0]


def test_each_viewer_gets_the_links_of_their_own_agency(cast, page):
    aist = f.programme(cast.other_agency, title="産総研の研修")
    riken = f.programme(cast.agency, title="理研の研修")
    riken_view, aist_view = page(cast.editor), page(cast.other_editor)
    assert _link(aist) in _row(riken_view, "産総研の研修")
    assert _link(riken) not in _row(riken_view, "理研の研修")
    assert _link(riken) in _row(aist_view, "理研の研修")
    assert _link(aist) not in _row(aist_view, "産総研の研修")
    assert _link(aist) in _row(page(cast.approver), "産総研の研修")
    # The secretariat and a ministry's reviewer request no seats: no link at all.
    for user in (cast.secretariat, cast.reviewer):
        rows = page(user).split("<tbody>")[1].split("</tbody>")[0]
        assert "産総研の研修" in rows and "<a href" not in rows


def test_a_new_changed_or_withdrawn_programme_and_an_accepted_request_show_at_once(cast, page):
    offered = f.programme(cast.other_agency, title="最初の研修", capacity=10)
    first = page(cast.editor)
    assert "最初の研修" in first
    f.programme(cast.other_agency, title="追加の研修")
    second = page(cast.editor)
    assert "追加の研修" in second
    assert second.split("<caption>")[1].split("</caption>")[0] != (
        first.split("<caption>")[1].split("</caption>")[0])          # the count
    request = f.seat_request(cast.agency, offered, seats=3)
    assert "0 / 10" in page(cast.editor)
    request.state = SeatRequest.State.ACCEPTED
    request.save()
    assert "3 / 10" in page(cast.editor)
    offered.title = "改題した研修"
    offered.save()
    assert "改題した研修" in page(cast.editor) and "最初の研修" not in page(cast.editor)
    offered.open_to_others = False
    offered.save()
    assert "改題した研修" not in page(cast.editor)


def test_a_renamed_provider_shows_at_once(cast, page):
    f.programme(cast.other_agency, title="産総研の研修")
    before = page(cast.editor)
    cast.other_agency.short_name_ja = "産総研改"
    cast.other_agency.name_en = "AIST renamed"
    cast.other_agency.save()
    after = page(cast.editor)
    assert after != before and ("産総研改" in after or "AIST renamed" in after)


def test_pages_and_categories_are_kept_apart(cast, page):
    from kokken.registers import PAGE_SIZE

    for i in range(PAGE_SIZE + 1):
        f.programme(f.nims(), title=f"公開{i:02d}")
    f.programme(f.nims(), title="知財の研修", category="ip")
    first, second = page(cast.editor), page(cast.editor, URL + "&page=2")
    assert "公開00" in first and "公開00" not in second
    assert "公開23" in first and "公開23" not in second        # "ip" sorts first
    assert "公開24" not in first and "公開24" in second
    ip_only = page(cast.editor, URL + "&category=ip")
    assert "知財の研修" in ip_only and "公開00" not in ip_only
    assert "公開00" in page(cast.editor, URL + "&category=nonsense")   # ignored, as before
