import pytest
from django.urls import reverse

from kokken.models import Agency, Ministry


@pytest.mark.parametrize(("who", "lands_on"), [
    ("editor", "/agencies/riken/"),
    ("approver", "/agencies/riken/"),
    ("reviewer", "/ministries/MEXT/"),
    ("secretariat", "/agencies/"),
    ("sysadmin", "/admin/"),
])
def test_each_role_lands_on_its_home(client_for, cast, who, lands_on):
    response = client_for(getattr(cast, who)).get(reverse("home"))
    assert response.status_code == 302
    assert response.url == lands_on


def test_header_shows_user_organisation_and_role(client_for, cast):
    body = client_for(cast.reviewer).get("/ministries/MEXT/").content.decode()
    assert "t-mext-reviewer" in body
    assert "文部科学省" in body
    assert "府省 確認担当者" in body


def test_every_page_says_it_is_a_demo_in_demo_mode(client_for, cast, settings):
    settings.DEMO_MODE = True
    assert "デモ環境" in client_for(cast.editor).get("/agencies/riken/").content.decode()
    settings.DEMO_MODE = False
    assert "デモ環境" not in client_for(cast.editor).get("/agencies/riken/").content.decode()


def test_agency_home_shows_profile_ministries_and_flags(client_for, cast):
    body = client_for(cast.editor).get("/agencies/riken/").content.decode()
    assert "国立研究開発法人理化学研究所" in body
    assert "文部科学省" in body
    assert "特定国立研究開発法人" in body


def test_ministry_home_lists_exactly_its_agencies(client_for, cast):
    response = client_for(cast.other_reviewer).get("/ministries/METI/")
    shown = {a.code for a in response.context["agencies"]}
    assert shown == set(Agency.objects.filter(ministries__code="METI").values_list("code", flat=True))
    assert "amed" in shown and "riken" not in shown


def test_secretariat_sees_every_body_and_can_filter(client_for, cast):
    client = client_for(cast.secretariat)
    assert client.get("/agencies/").context["total"] == 28  # 27 国研 and JIHS
    designated = client.get("/agencies/?designated=1").context["page"].object_list
    assert {a.abbr for a in designated} == {"NIMS", "RIKEN", "AIST"}
    mhlw = client.get("/agencies/?ministry=MHLW").context["total"]
    assert mhlw == Agency.objects.filter(ministries__code="MHLW").count()
    funding = client.get("/agencies/?funding=1").context["page"].object_list
    assert {a.abbr for a in funding} == {"AMED", "JST", "NARO", "NEDO"}
    assert client.get("/agencies/?q=理化学").context["total"] == 1


def test_agency_list_sorts_both_ways(client_for, cast):
    client = client_for(cast.secretariat)
    up = [a.abbr for a in client.get("/agencies/?sort=abbr").context["page"].object_list]
    down = [a.abbr for a in client.get("/agencies/?sort=-abbr").context["page"].object_list]
    assert up == sorted(up) and down == sorted(down, reverse=True)
    body = client.get("/agencies/?sort=abbr").content.decode()
    assert 'aria-sort="ascending"' in body


def test_agency_list_shows_an_empty_state(client_for, cast):
    body = client_for(cast.secretariat).get("/agencies/?q=存在しない法人").content.decode()
    assert "条件に合う法人はありません" in body


def test_agency_users_see_only_their_agency_in_the_list(client_for, cast):
    page = client_for(cast.editor).get("/agencies/").context["page"]
    assert [a.code for a in page.object_list] == ["riken"]


def _add_agencies(n):
    mext = Ministry.objects.get(code="MEXT")
    for i in range(n):
        agency = Agency.objects.create(code=f"extra{i}", abbr=f"X{i}", name_ja=f"追加{i}",
                                       name_en=f"Extra {i}", short_name_ja=f"追加{i}")
        agency.ministries.add(mext)


# Each dashboard panel a chapter registers may spend this many queries, no more.
PANEL_QUERY_BUDGET = 3


@pytest.mark.parametrize(("who", "url", "audience"), [
    ("secretariat", "/agencies/", "secretariat"),
    ("reviewer", "/ministries/MEXT/", "ministry"),
    ("editor", "/agencies/riken/", "agency"),
])
def test_query_count_does_not_grow_with_the_number_of_agencies(
        client_for, cast, django_assert_max_num_queries, who, url, audience):
    from agreements.contrib import registry
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from django.core.cache import cache

    client = client_for(getattr(cast, who))
    client.get(url)  # warm the session

    def counts():
        # The panels' figures computed (cache emptied: a register changed), then cached.
        cache.clear()
        with CaptureQueriesContext(connection) as computed:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as cached:
            assert client.get(url).status_code == 200
        return len(computed), len(cached)

    before = counts()
    _add_agencies(12)
    assert counts() == before
    # The budget is for a page whose figures are cached (every view until a register changes).
    assert before[1] <= 12 + PANEL_QUERY_BUDGET * len(registry.panels(audience))
