"""The II-4 home panel is kept as rendered HTML (issue 18) under the II-4 registers' version
and who may see its restricted count of open incidents: an editor never gets the approver's
cached panel, a ministry never gets another's, and an incident opened or closed shows on
the next view."""

import pytest
from django.core.cache import cache

from tests.security import factories as f

pytestmark = pytest.mark.django_db

PANEL = "security/panels/panel.html"
COUNT = "対応中のインシデント（閲覧制限あり）：{}件"


def _get(client, url) -> tuple[set[str], str]:
    response = client.get(url)
    assert response.status_code == 200
    return {t.name for t in response.templates}, response.content.decode()


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def test_the_editor_never_gets_the_approvers_cached_panel(cast, client_for):
    f.incident(cast.agency)
    _get(client_for(cast.approver), "/agencies/riken/")
    rendered, approver = _get(client_for(cast.approver), "/agencies/riken/")
    assert PANEL not in rendered  # cached
    assert COUNT.format(1) in approver
    rendered, editor = _get(client_for(cast.editor), "/agencies/riken/")
    assert PANEL in rendered
    assert "インシデント" not in editor
    _rendered, again = _get(client_for(cast.approver), "/agencies/riken/")
    assert COUNT.format(1) in again


def test_each_ministry_gets_its_own_count(cast, client_for):
    f.incident(cast.agency)                                     # RIKEN: MEXT
    f.incident(cast.other_agency)                               # AIST: METI
    f.incident(cast.other_agency)
    _get(client_for(cast.reviewer), "/ministries/MEXT/")
    rendered, mext = _get(client_for(cast.reviewer), "/ministries/MEXT/")
    assert PANEL not in rendered
    rendered, meti = _get(client_for(cast.other_reviewer), "/ministries/METI/")
    assert PANEL in rendered
    assert COUNT.format(1) in mext and COUNT.format(2) in meti


def test_an_incident_opened_or_closed_shows_on_the_next_view(cast, client_for):
    homes = [(cast.approver, "/agencies/riken/"), (cast.reviewer, "/ministries/MEXT/"),
             (cast.secretariat, "/agencies/")]
    for user, url in homes:
        _get(client_for(user), url)
        _rendered, page = _get(client_for(user), url)
        assert COUNT.format(0) in page
    incident = f.incident(cast.agency)
    for user, url in homes:
        _rendered, page = _get(client_for(user), url)
        assert COUNT.format(1) in page
    incident.status = "closed"
    incident.save()
    for user, url in homes:
        _rendered, page = _get(client_for(user), url)
        assert COUNT.format(0) in page
