"""The catalogue: the agreement's programmes with their providers, validation, list pages."""

import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.training import factories as f
from training import services
from training.models import Programme

pytestmark = pytest.mark.django_db


def test_the_agreements_programmes_load_once_each_with_its_provider(cast):
    assert services.catalogue_load(fiscal_year=2024) == 9
    assert services.catalogue_load(fiscal_year=2024) == 0
    providers = {p.title: p.provider_name for p in Programme.objects.select_related("agency")}
    assert providers["産総研デザインスクール"] == "産業技術総合研究所"
    assert providers["実践的サイバー防御演習「CYDER」"] == "情報通信研究機構"
    assert "APRIN" in providers["APRIN eラーニングプログラム（eAPRIN）"]
    assert Programme.objects.filter(agency__code="jst").count() == 2


@pytest.mark.parametrize("values,field", [
    ({"always_open": False, "start_date": None}, "start_date"),
    ({"always_open": True}, "start_date"),
    ({"end_date": datetime.date(2024, 5, 1)}, "end_date"),
    ({"in_japanese": False, "in_english": False}, "in_english"),
    ({"open_to_others": False}, "capacity"),
    ({"agency": None, "provider": ""}, "provider"),
])
def test_nonsense_programmes_are_refused_on_the_field(cast, values, field):
    programme = Programme(**{"agency": cast.agency, "fiscal_year": 2024, "title": "研修",
                             "category": "ip", "format": "online",
                             "start_date": datetime.date(2024, 6, 1), "capacity": 5,
                             "open_to_others": True, **values})
    with pytest.raises(ValidationError) as caught:
        services.programme_save(instance=programme, user=cast.editor) if programme.agency_id \
            else programme.full_clean()
    assert field in caught.value.message_dict
    assert not Programme.objects.exists()


def test_programme_save_refuses_other_agencies_and_reviewers(cast):
    from django.core.exceptions import PermissionDenied

    for user in (cast.other_editor, cast.reviewer, cast.other_reviewer, cast.secretariat):
        with pytest.raises(PermissionDenied):
            services.programme_save(instance=Programme(
                agency=cast.agency, fiscal_year=2024, title="x", category="ip",
                format="online", always_open=True), user=user)
    assert not Programme.objects.exists()


@pytest.mark.parametrize("name,kwargs", [
    ("training:programmes", lambda cast: {"agency": cast.agency.code}),
    ("training:catalogue", lambda cast: {}),
])
def test_list_pages_run_a_fixed_number_of_queries(cast, client_for, name, kwargs,
                                                  django_assert_max_num_queries):
    client = client_for(cast.editor)
    url = reverse(name, kwargs=kwargs(cast)) + "?fy=2024"
    f.programme(cast.agency)
    client.get(url)
    cache.clear()  # pages whose rows are cached: count the queries of rendering them
    with django_assert_max_num_queries(40) as baseline:
        client.get(url)
    for i in range(8):
        p = f.programme(cast.agency, title=f"追加{i}")
        f.seat_request(cast.other_agency, p, state="accepted", seats=1)
        f.programme(f.nims(), title=f"他{i}")
    cache.clear()
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert "追加7" in response.content.decode()


def test_the_catalogue_is_paged_and_still_shows_only_programmes_open_to_others(
        cast, client_for):
    from kokken.registers import PAGE_SIZE

    for i in range(PAGE_SIZE + 1):
        f.programme(f.nims(), title=f"公開{i:02d}")
    f.programme(f.nims(), title="非公開の研修", open_to_others=False, capacity=None)
    client = client_for(cast.editor)        # another agency's editor, as NIMS sees RIKEN's
    first = client.get("/training/catalogue/?fy=2024").content.decode()
    second = client.get("/training/catalogue/?fy=2024&page=2").content.decode()
    assert "公開00" in first and f"公開{PAGE_SIZE - 1:02d}" in first
    assert f"公開{PAGE_SIZE:02d}" not in first and f"公開{PAGE_SIZE:02d}" in second
    assert 'rel="next"' in first and "fy=2024" in first.split('rel="next"')[0].rsplit("href=", 1)[1]
    assert str(PAGE_SIZE + 1) in first.split("<caption>")[1].split("</caption>")[0]  # the total
    assert "非公開の研修" not in first + second
    past_the_end = client.get("/training/catalogue/?fy=2024&page=99").content.decode()
    assert f"公開{PAGE_SIZE:02d}" in past_the_end      # the last page, as the other lists do


def test_an_empty_catalogue_page_says_so(cast, client_for):
    from django.utils import translation

    response = client_for(cast.other_editor).get("/training/catalogue/?fy=2024&page=2")
    assert response.status_code == 200
    with translation.override("ja"):
        empty = translation.gettext("No programme in the catalogue for this fiscal year.")
    assert empty in response.content.decode()
    assert 'class="pagination"' not in response.content.decode()
