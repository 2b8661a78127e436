"""Home panels that say what their HTML depends on (``DashboardPanel.cache_key``) are
rendered once per state of it (issue 18, fourth pass): a cached panel is not rendered again,
a register change shows on the very next view, and homes or viewers that must see different
panels never share one."""

import datetime

import pytest
from django.core.cache import cache

from kokken import wareki
from tests.training import factories as training_f
from tests.training.test_panels import supervised
from training.models import Strategy

pytestmark = pytest.mark.django_db


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, response.content.decode()


def _rendered(response) -> set[str]:
    return {t.name for t in response.templates}


def test_a_cached_panel_is_not_rendered_again(cast, client_for):
    cache.clear()
    client = client_for(cast.secretariat)
    first, first_body = _get(client, "/agencies/")
    assert {"hr/panels/secretariat.html", "training/panels/panel.html",
            "ip/panels/panel.html"} <= _rendered(first)
    second, second_body = _get(client, "/agencies/")
    assert not {"hr/panels/secretariat.html", "training/panels/panel.html",
                "ip/panels/panel.html"} & _rendered(second)
    assert second_body.count('class="panel"') == first_body.count('class="panel"')
    assert "II-1" in second_body and "II-2" in second_body and "II-3" in second_body


def test_a_register_change_shows_in_the_cached_panel_on_the_next_view(cast, client_for):
    cache.clear()
    year = wareki.fiscal_year()
    client = client_for(cast.reviewer)
    url = f"/ministries/{cast.reviewer.ministry.code}/"
    _response, before = _get(client, url)
    _get(client, url)  # cached now
    Strategy.objects.create(agency=cast.agency, fiscal_year=year, exists=True,
                            adopted_on=datetime.date(year, 4, 1))
    training_f.programme(cast.agency, fiscal_year=year)
    response, after = _get(client, url)
    assert "training/panels/panel.html" in _rendered(response)  # rendered again
    m = len(supervised(cast.reviewer.ministry.code, year))
    assert f"所管法人：{m}機関中1機関" not in before
    assert f"所管法人：{m}機関中1機関" in after


def test_each_ministry_and_each_agency_gets_its_own_panels(cast, client_for):
    cache.clear()
    year = wareki.fiscal_year()
    Strategy.objects.create(agency=cast.agency, fiscal_year=year, exists=True,
                            adopted_on=datetime.date(year, 4, 1))          # RIKEN (MEXT)
    _response, mext = _get(client_for(cast.reviewer), "/ministries/MEXT/")
    _response, meti = _get(client_for(cast.other_reviewer), "/ministries/METI/")
    _response, mext_again = _get(client_for(cast.reviewer), "/ministries/MEXT/")
    assert mext == mext_again.replace(*_csrf_pair(mext_again, mext))
    assert meti != mext
    _response, riken = _get(client_for(cast.editor), f"/agencies/{cast.agency.code}/")
    _response, aist = _get(client_for(cast.other_editor), f"/agencies/{cast.other_agency.code}/")
    own = '<th scope="col" class="num">{}</th>'   # the II-1 panel's column of the agency
    assert own.format(cast.agency.short_name) in riken
    assert own.format(cast.other_agency.short_name) in aist
    assert own.format(cast.agency.short_name) not in aist


def test_the_agency_ip_panel_is_kept_apart_for_who_may_see_its_decision_speed(cast,
                                                                               client_for):
    # Its decision speed depends on who looks (access.case_speed_agencies): with two decided
    # cases, the approver sees the days and the editor must not get the approver's panel.
    from tests.ip import factories as ip_f

    cache.clear()
    year = wareki.fiscal_year()
    ip_f.case(cast.agency, fiscal_year=year, days=12)
    ip_f.case(cast.agency, fiscal_year=year, days=30)
    url = f"/agencies/{cast.agency.code}/"
    own = f"{cast.agency.abbr}：中央値 21.0 日"
    _get(client_for(cast.approver), url)
    response, approver = _get(client_for(cast.approver), url)
    assert "ip/panels/panel.html" not in _rendered(response)  # cached
    assert own in approver
    response, editor = _get(client_for(cast.editor), url)
    assert "ip/panels/panel.html" in _rendered(response)
    assert f"{cast.agency.abbr}：中央値" not in editor
    ip_f.case(cast.agency, fiscal_year=year, days=21)           # a third case: shown to all
    _response, editor = _get(client_for(cast.editor), url)
    assert own in editor


def test_another_fiscal_year_is_another_entry(cast, client_for):
    cache.clear()
    client = client_for(cast.secretariat)
    year = wareki.fiscal_year()
    _get(client, "/agencies/")
    response, _body = _get(client, f"/agencies/?fy={year - 3}")
    assert "training/panels/panel.html" in _rendered(response)


def _csrf_pair(body: str, other: str) -> tuple[str, str]:
    """The page's CSRF token and the other page's (each request masks it afresh)."""
    import re

    pattern = r'"X-CSRFToken": "([^"]+)"'
    return re.search(pattern, body).group(1), re.search(pattern, other).group(1)


def test_a_new_release_renders_the_panels_again(cast, client_for, monkeypatch):
    from kokken import figures

    client = client_for(cast.secretariat)
    _get(client, "/agencies/")
    second, _body = _get(client, "/agencies/")
    assert "hr/panels/secretariat.html" not in _rendered(second)
    monkeypatch.setattr(figures, "code_version", lambda: "the next release")
    third, _body = _get(client, "/agencies/")
    assert "hr/panels/secretariat.html" in _rendered(third)
