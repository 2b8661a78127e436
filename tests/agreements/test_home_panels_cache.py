"""The homes' task and open-rounds panels are kept as rendered HTML (issue 18): per agency,
per ministry's viewer scope, or once for the secretariat. A cached panel is not rendered
again; another agency's or another ministry's viewer never gets it; an answer saved, a
sheet submitted or returned, a comment and a round opened show on the very next view."""

from datetime import date

import pytest
from django.core.cache import cache

from agreements import services
from agreements.models import Round
from tests.agreements.factories import make_questionnaire, open_round, submit

pytestmark = pytest.mark.django_db

AGENCY_PANELS = {"agreements/panels/tasks_agency.html", "agreements/panels/rounds.html"}
MINISTRY_PANELS = {"agreements/panels/tasks_ministry.html", "agreements/panels/rounds.html"}
SECRETARIAT_PANELS = {"agreements/panels/tasks_secretariat.html",
                      "agreements/panels/rounds.html"}


def _get(client, url) -> tuple[set[str], str]:
    """The templates rendered for the page, and the page."""
    response = client.get(url)
    assert response.status_code == 200
    return {t.name for t in response.templates}, response.content.decode()


def _section(page: str, heading_id: str) -> str:
    """The panel whose heading has ``heading_id``."""
    start = page.rindex("<section", 0, page.index(f'id="{heading_id}"'))
    return page[start:page.index("</section>", start)]


@pytest.fixture
def round(cast):
    cache.clear()
    round = open_round(cast, make_questionnaire())
    Round.objects.filter(pk=round.pk).update(due_on=date(2099, 1, 1))
    return round


def test_a_cached_agency_panel_is_not_rendered_again(cast, client_for, round):
    client = client_for(cast.editor)
    first, page = _get(client, "/agencies/riken/")
    second, again = _get(client, "/agencies/riken/")
    assert AGENCY_PANELS <= first
    assert not AGENCY_PANELS & second
    assert _section(again, "panel-tasks") == _section(page, "panel-tasks")
    assert _section(again, "panel-rounds") == _section(page, "panel-rounds")


def test_another_agency_never_gets_the_cached_agency_panels(cast, client_for, round):
    riken = round.sheets.get(agency=cast.agency)
    aist = round.sheets.get(agency=cast.other_agency)
    _get(client_for(cast.editor), "/agencies/riken/")
    _get(client_for(cast.editor), "/agencies/riken/")  # cached
    rendered, page = _get(client_for(cast.other_editor), "/agencies/aist/")
    assert AGENCY_PANELS <= rendered
    for panel in ("panel-tasks", "panel-rounds"):
        assert f"/sheets/{aist.pk}/" in _section(page, panel)
        assert f"/sheets/{riken.pk}/" not in _section(page, panel)


def test_the_approver_does_not_get_the_editors_cached_tasks(cast, client_for, round):
    sheet = round.sheets.get(agency=cast.agency)
    services.answers_save(sheet=sheet, user=cast.editor, base_version=0,
                          raw={"Q1-1": "done", "N1": "1"})
    services.sheet_transition(sheet=sheet, user=cast.editor, action="request_approval")
    confirm = f"/sheets/{sheet.pk}/confirm/"
    _get(client_for(cast.editor), "/agencies/riken/")
    _rendered, editor = _get(client_for(cast.editor), "/agencies/riken/")
    _rendered, approver = _get(client_for(cast.approver), "/agencies/riken/")
    assert confirm not in editor
    assert confirm in approver


def test_an_answer_saved_shows_on_the_next_view_of_the_agency_home(cast, client_for, round):
    sheet = round.sheets.get(agency=cast.agency)
    client = client_for(cast.editor)
    _rendered, before = _get(client, "/agencies/riken/")
    assert "必須の未回答 2件" in before
    services.answers_save(sheet=sheet, user=cast.editor, base_version=0, raw={"Q1-1": "done"})
    _rendered, after = _get(client, "/agencies/riken/")
    assert "必須の未回答 1件" in after


def test_a_return_and_a_comment_show_on_the_next_view_of_the_agency_home(cast, client_for,
                                                                         round):
    sheet = round.sheets.get(agency=cast.agency)
    submit(sheet, {"Q1-1": "done", "N1": "1"})
    client = client_for(cast.editor)
    _rendered, before = _get(client, "/agencies/riken/")
    assert "#return-reason" not in before
    sheet.refresh_from_db()
    services.sheet_transition(sheet=sheet, user=cast.reviewer, action="return", comment="理由")
    _rendered, returned = _get(client, "/agencies/riken/")
    assert f"/sheets/{sheet.pk}/#return-reason" in returned
    assert "未対応の指摘 1件" in returned  # the reason
    # A comment does not change the sheet (its version guards the answers): it shows anyway.
    services.comment_add(sheet=sheet, user=cast.reviewer, text="ここを確認してください")
    _rendered, commented = _get(client, "/agencies/riken/")
    assert "未対応の指摘 2件" in commented


def test_another_ministry_never_gets_the_cached_ministry_panels(cast, client_for, round):
    submit(round.sheets.get(agency=cast.agency), {"Q1-1": "done", "N1": "1"})    # MEXT
    mext = client_for(cast.reviewer)
    _get(mext, "/ministries/MEXT/")
    rendered, page = _get(mext, "/ministries/MEXT/")
    assert not MINISTRY_PANELS & rendered  # cached
    assert "確認待ち 1件" in page
    rendered, meti = _get(client_for(cast.other_reviewer), "/ministries/METI/")
    assert MINISTRY_PANELS <= rendered
    assert "確認待ち 0件" in meti
    assert _section(meti, "panel-rounds") != _section(page, "panel-rounds")


def test_the_secretariat_does_not_get_the_reviewers_cached_tasks(cast, client_for, round):
    _get(client_for(cast.reviewer), "/ministries/MEXT/")
    _rendered, reviewer = _get(client_for(cast.reviewer), "/ministries/MEXT/")  # cached
    rendered, page = _get(client_for(cast.secretariat), "/ministries/MEXT/")
    assert "agreements/panels/tasks_ministry.html" in rendered
    assert "確認待ち" in reviewer
    assert "確認待ち" not in page  # the secretariat reviews nothing: no task panel
    # Both see the same agencies of the ministry: the same rounds panel.
    assert _section(page, "panel-rounds") == _section(reviewer, "panel-rounds")


def test_a_submission_shows_on_the_next_view_of_the_ministry_and_secretariat_homes(
        cast, client_for, round):
    _rendered, before = _get(client_for(cast.reviewer), "/ministries/MEXT/")
    _rendered, secretariat_before = _get(client_for(cast.secretariat), "/agencies/")
    assert "確認待ち 0件" in before
    submit(round.sheets.get(agency=cast.agency), {"Q1-1": "done", "N1": "1"})
    _rendered, after = _get(client_for(cast.reviewer), "/ministries/MEXT/")
    assert "確認待ち 1件" in after
    assert f"/sheets/{round.sheets.get(agency=cast.agency).pk}/" in after
    assert _section(after, "panel-rounds") != _section(before, "panel-rounds")
    rendered, secretariat_after = _get(client_for(cast.secretariat), "/agencies/")
    assert SECRETARIAT_PANELS <= rendered
    assert (_section(secretariat_after, "panel-tasks")
            != _section(secretariat_before, "panel-tasks"))


def test_a_round_opened_shows_on_the_next_view_of_every_home(cast, client_for, round):
    homes = [(cast.editor, "/agencies/riken/"), (cast.reviewer, "/ministries/MEXT/"),
             (cast.secretariat, "/agencies/")]
    for user, url in homes:
        _get(client_for(user), url)
        _rendered, page = _get(client_for(user), url)
        assert "2025年度テスト調査" not in page
    open_round(cast, make_questionnaire(code="b"), fiscal_year=2025)
    for user, url in homes:
        _rendered, page = _get(client_for(user), url)
        assert "2025年度テスト調査" in _section(page, "panel-rounds")
