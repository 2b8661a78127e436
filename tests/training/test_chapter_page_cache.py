"""The agency's II-2 page keeps the year's records and its seat requests (as HTML) in the
cache under the II-2 registers' version (issue 18): each agency's page shows its own, whoever
opens it; a new or decided request, a changed record and a renamed agency show on the next
view."""

import pytest
from django.core.cache import cache
from django.test import Client

from tests.conftest import sign_in
from tests.training import factories as f
from training.models import SeatRequest

URL = "/training/agencies/{}/?fy=2024"


@pytest.fixture
def page(cast):
    cache.clear()
    clients = {}

    def get(user, agency):
        client = clients.get(user.pk) or clients.setdefault(user.pk, sign_in(Client(), user))
        response = client.get(URL.format(agency.code))
        return response.content.decode() if response.status_code == 200 else response.status_code

    return get


def test_a_new_or_decided_request_and_a_changed_record_show_on_the_next_view(cast, page):
    offered = f.programme(cast.other_agency, title="他法人の研修")
    assert "他法人の研修" not in page(cast.editor, cast.agency)
    request = f.seat_request(cast.agency, offered)
    assert "他法人の研修" in page(cast.editor, cast.agency)
    request.state = SeatRequest.State.ACCEPTED
    request.save()
    assert str(SeatRequest.State.ACCEPTED.label) in page(cast.editor, cast.agency)
    needs = f.needs(cast.agency, fiscal_year=2024, uses=True)
    with_needs = page(cast.editor, cast.agency)
    needs.uses_external = False
    needs.save()
    assert page(cast.editor, cast.agency) != with_needs


def test_a_renamed_agency_shows_at_once(cast, page):
    f.seat_request(cast.agency, f.programme(cast.other_agency))
    assert "<td>AIST</td>" in page(cast.editor, cast.agency)
    cast.other_agency.abbr = "産総研X"
    cast.other_agency.save()
    assert "<td>産総研X</td>" in page(cast.editor, cast.agency)


def test_each_agency_keeps_its_own_requests_and_outsiders_still_get_404(cast, page):
    f.seat_request(cast.agency, f.programme(cast.other_agency, title="理研が申し込んだ研修"))
    f.seat_request(cast.other_agency, f.programme(cast.agency, title="理研が提供する研修"))
    nims = f.programme(f.nims(), title="第三の法人の研修")
    f.seat_request(cast.other_agency, nims)
    riken = page(cast.editor, cast.agency)
    assert "理研が申し込んだ研修" in riken and "理研が提供する研修" in riken
    assert "第三の法人の研修" not in riken
    assert "第三の法人の研修" in page(cast.other_editor, cast.other_agency)
    assert "第三の法人の研修" not in page(cast.reviewer, cast.agency)
    assert page(cast.other_editor, cast.agency) == 404
