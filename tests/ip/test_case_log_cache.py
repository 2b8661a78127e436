"""The COI/COC case log as a register list with its cached parts (issue 18): the rows (under
exactly the rows the viewer's own query found) and the unfiltered filter fields (the same for
everybody). Whoever opened it before, the editor gets 403, other agencies 404, every view is
recorded with the rows shown, a changed case shows at once and a filter keeps its value."""

import pytest
from django.core.cache import cache
from django.test import Client

from kokken.models import AuditEvent
from tests.conftest import sign_in
from tests.ip import factories as f

CASES = "/ip/agencies/riken/coi-cases/?fy=2024"
SECRET = "【秘】共同代表"


@pytest.fixture
def get(cast):
    cache.clear()
    clients = {}

    def get(user, url=CASES):
        client = clients.get(user.pk) or clients.setdefault(user.pk, sign_in(Client(), user))
        return client.get(url)

    return get


def test_after_the_approvers_view_the_editor_and_other_agencies_still_see_nothing(cast, get):
    f.case(cast.agency, days=20, other_measure=SECRET)
    assert SECRET in get(cast.approver).content.decode()
    assert SECRET in get(cast.approver).content.decode()        # from the cache
    assert get(cast.editor).status_code == 403
    for user in cast.outsiders:
        response = get(user)
        assert response.status_code == 404 and SECRET not in response.content.decode()


def test_every_view_is_recorded_with_the_rows_shown_cached_or_not(cast, get):
    first, second = f.case(cast.agency, days=20), f.case(cast.agency, days=30)
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for user in (cast.approver, cast.approver, cast.secretariat):
        assert get(user).status_code == 200
    views = AuditEvent.objects.filter(pk__gt=before, action=AuditEvent.Action.VIEW,
                                      what__contains=f"#{first.pk}, #{second.pk}")
    assert sorted(views.values_list("username", flat=True)) == [
        cast.approver.username, cast.approver.username, cast.secretariat.username]
    assert set(views.values_list("agency_id", flat=True)) == {cast.agency.pk}


def test_a_changed_case_shows_at_once_and_edit_links_stay_with_approvers(cast, get):
    case = f.case(cast.agency, days=20, other_measure="最初の措置")
    assert "最初の措置" in get(cast.approver).content.decode()
    case.other_measure = "変えた措置"
    case.save()
    page = get(cast.approver).content.decode()
    assert "変えた措置" in page and f'href="/ip/coi-cases/{case.pk}/"' in page
    reviewer = get(cast.reviewer).content.decode()
    assert "変えた措置" in reviewer and f'href="/ip/coi-cases/{case.pk}/"' not in reviewer


def test_a_filter_keeps_its_value_and_the_unfiltered_list_selects_nothing(cast, get):
    f.case(cast.agency, days=20)
    unfiltered = get(cast.approver).content.decode()
    assert 'value="approved" selected' not in unfiltered
    filtered = get(cast.approver, CASES + "&decision=approved").content.decode()
    assert 'value="approved" selected' in filtered
    assert _filters(get(cast.approver).content.decode()) == _filters(unfiltered)


def _filters(html: str) -> str:
    return html.split('<form method="get"')[1].split("</form>")[0]
