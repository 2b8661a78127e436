"""Who sees an agency's COI/COC decision speed (median and 90th-percentile days), decided in
kokken.access.case_speed_agencies: an aggregate, so whoever may view the agency sees it, its
editors included, on the indicators page, its download and the home panel; with fewer than
CASE_SPEED_MIN_CASES decided cases the days would be single cases' durations, so only those
who see the case log (approvers, supervising reviewers, the secretariat) see them."""

import io

import pytest
from openpyxl import load_workbook

from ip import contrib
from kokken import access
from tests.ip import factories as f

pytestmark = pytest.mark.django_db
PAGE = "/ip/indicators/?fy=2024"


def _riken_row(client):
    [row] = [r for r in client.get(PAGE).context["table"] if r.code == "riken"]
    return row


def _export_row(client):
    book = load_workbook(io.BytesIO(client.get("/ip/indicators/export.xlsx?fy=2024").content))
    by_agency = book.worksheets[1]
    return [list(r) for r in by_agency.iter_rows(values_only=True) if r[1] == "riken"][0]


def test_the_agency_s_editor_sees_its_own_days_once_enough_cases_are_decided(cast, client_for):
    for days in (10, 20, 30):
        f.case(cast.agency, days=days)
    client = client_for(cast.editor)
    row = _riken_row(client)
    assert (row.decided, row.median, row.speed_hidden) == (3, 20.0, False)
    assert _export_row(client)[4:7] == [3, 20, 28]
    assert client.get("/ip/agencies/riken/coi-cases/?fy=2024").status_code == 403  # not the log


def test_with_fewer_cases_only_those_who_see_the_log_see_the_days(cast, client_for):
    f.case(cast.agency, days=12)
    f.case(cast.agency, days=30)
    editor = client_for(cast.editor)
    row = _riken_row(editor)
    assert (row.decided, row.median, row.p90, row.speed_hidden) == (2, None, None, True)
    assert "件数が少ない" in editor.get(PAGE).content.decode()
    assert _export_row(editor)[4:7] == [2, None, None]
    for user in (cast.approver, cast.reviewer, cast.secretariat):
        row = _riken_row(client_for(user))
        assert (row.median, row.speed_hidden) == (21.0, False), user


def test_the_agency_home_panel_follows_the_same_rule(cast, rf):
    def own(user):
        request = rf.get("/")            # a request of its own: panels cache per request
        request.user = user
        return contrib.agency_panel(request=request, agency=cast.agency,
                                    fiscal_year=2024)["ip_own"]

    f.case(cast.agency, days=12)
    assert own(cast.editor) is None
    assert own(cast.approver)["median"] == 12.0
    for days in (20, 30):
        f.case(cast.agency, days=days)
    assert own(cast.editor)["median"] == 20.0


def test_outsiders_never_see_an_agency_s_days(cast):
    decided = {cast.agency.pk: 10}
    for user in cast.outsiders:
        assert access.case_speed_agencies(user, decided) == set()
    assert access.case_speed_agencies(cast.reviewer, decided) == {cast.agency.pk}
    assert access.case_speed_agencies(cast.editor, {cast.agency.pk: 2}) == set()
