"""The read-only endpoints generated from each register declaration (api/registers.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hr.registers import CROSSAPPOINTMENTS, REGISTERS
from kokken import registers as kit
from tests.hr import factories as f

LIST = "/api/v1/hr/cross-appointments/"


def _partners(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["partner_name"] for row in response.json()["results"]]


@pytest.fixture
def rows(cast):
    """Two RIKEN agreements (FY2024 inbound, FY2023 outbound) and one of AIST."""
    return {
        "riken": f.crossappointment(cast.agency, partner_name="東京の大学", direction="inbound"),
        "riken_2023": f.crossappointment(cast.agency, fiscal_year=2023, partner_name="大阪の会社",
                                         direction="outbound", partner_type="company"),
        "aist": f.crossappointment(cast.other_agency, partner_name="筑波の大学"),
    }


def test_every_declared_register_has_a_list_and_a_detail_endpoint_listed_in_the_index(
        cast, api_for):
    index = api_for(cast.editor).get("/api/v1/").json()
    for register in REGISTERS:
        url = f"/api/v1/{register.namespace}/{register.segment}/"
        assert reverse(f"api:{register.namespace}-{register.key}-list") == url
        assert reverse(f"api:{register.namespace}-{register.key}-detail",
                       kwargs={register.key: 1}) == f"{url}1/"
        assert index["registers"][f"{register.namespace}/{register.segment}"].endswith(url)


def test_an_agency_editor_lists_only_their_own_agencys_rows(cast, api_for, rows):
    assert sorted(_partners(api_for(cast.editor).get(LIST))) == ["大阪の会社", "東京の大学"]
    assert _partners(api_for(cast.other_editor).get(LIST)) == ["筑波の大学"]


def test_another_agencys_rows_are_not_listed_even_when_asked_for_by_code(cast, api_for, rows):
    response = api_for(cast.other_editor).get(LIST, {"agency": "riken"})
    assert _partners(response) == []
    assert response.json()["count"] == 0


def test_a_non_supervising_reviewer_sees_none_of_riken_and_the_supervising_one_sees_it(
        cast, api_for, rows):
    assert "東京の大学" not in _partners(api_for(cast.other_reviewer).get(LIST))
    assert _partners(api_for(cast.reviewer).get(LIST, {"agency": "riken", "fiscal_year": 2024})) \
        == ["東京の大学"]
    assert len(_partners(api_for(cast.secretariat).get(LIST))) == 3


def test_another_agencys_row_is_not_found_by_id(cast, api_for, rows):
    url = f"{LIST}{rows['riken'].pk}/"
    for outsider in (cast.other_editor, cast.other_reviewer):
        response = api_for(outsider).get(url)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
        assert "東京" not in response.content.decode()


def test_the_detail_gives_the_row_with_its_agency_code_and_declared_fields(cast, api_for, rows):
    body = api_for(cast.approver).get(f"{LIST}{rows['riken'].pk}/").json()
    assert body["agency"] == "riken" and body["fiscal_year"] == 2024
    assert body["partner_name"] == "東京の大学" and body["direction"] == "inbound"
    assert body["settles_salary"] is False and body["updated_by"] is None


def test_the_list_filters_through_the_registers_own_filterset(cast, api_for, rows):
    client = api_for(cast.editor)
    assert _partners(client.get(LIST, {"direction": "outbound"})) == ["大阪の会社"]
    assert _partners(client.get(LIST, {"q": "東京"})) == ["東京の大学"]  # the page's search
    assert _partners(client.get(LIST, {"partner_type": "company"})) == ["大阪の会社"]
    assert _partners(client.get(LIST, {"fiscal_year": 2023})) == ["大阪の会社"]


def test_the_api_filterset_is_the_pages_filterset_with_agency_and_year(cast):
    from api.registers import filterset_for

    api_filters = filterset_for(CROSSAPPOINTMENTS)
    assert issubclass(api_filters, CROSSAPPOINTMENTS.filterset)
    assert set(api_filters.base_filters) == {*CROSSAPPOINTMENTS.filterset.base_filters,
                                             "agency", "fiscal_year"}


def test_a_filter_value_that_is_not_a_choice_is_refused_in_the_error_shape(cast, api_for, rows):
    response = api_for(cast.editor).get(LIST, {"direction": "<script>"})
    assert response.status_code == 400
    assert "direction" in response.json()["error"]["fields"]


def test_the_list_is_paginated_like_every_list(cast, api_for, rows):
    body = api_for(cast.editor).get(LIST, {"page_size": 1}).json()
    assert body["count"] == 2 and len(body["results"]) == 1 and body["next"]


def test_the_list_is_read_only(cast, api_for, rows):
    client = api_for(cast.editor)
    assert client.post(LIST, {"partner_name": "x"}, format="json").status_code == 405
    assert client.delete(f"{LIST}{rows['riken'].pk}/").status_code == 405
    assert rows["riken"].__class__.objects.filter(pk=rows["riken"].pk).exists()


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_two_rows_or_twenty(cast, api_for, rows,
                                                                django_assert_num_queries):
    client = api_for(cast.editor)
    client.get(LIST)  # warm the per-process caches (content types, token throttle)
    few = _list_queries(client)
    for n in range(18):
        f.crossappointment(cast.agency, partner_name=f"大学{n}")
    assert _list_queries(client) == few
    # the token, the lockout check, the count and the rows (the scope is a subquery, agency
    # and updated_by are joined), the audit row of the read
    with django_assert_num_queries(5):
        client.get(LIST)


def test_a_register_declared_by_a_new_chapter_gets_its_endpoints_from_the_declaration_alone():
    """A chapter writes a Register, nothing else: the API builds its routes from the kit."""
    from dataclasses import replace

    from api.registers import routes

    declared = replace(CROSSAPPOINTMENTS, namespace="training", key="course", segment="courses")
    try:
        found = {prefix: (viewset, basename) for prefix, viewset, basename in routes()}
        viewset, basename = found["training/courses"]
        assert basename == "training-course"
        assert viewset.lookup_url_kwarg == "course"
        assert viewset.detail_access_rule.objects == ("course",)
    finally:
        del kit._REGISTRY[(declared.namespace, declared.key)]


def test_a_list_names_agencies_and_users_without_reading_their_other_columns(cast, api_for,
                                                                             rows):
    rows["riken"].updated_by = cast.editor
    rows["riken"].save()
    with CaptureQueriesContext(connection) as queries:
        response = api_for(cast.secretariat).get(LIST)
    found = {row["partner_name"]: row for row in response.json()["results"]}
    assert found["東京の大学"]["agency"] == "riken"
    assert found["東京の大学"]["updated_by"] == cast.editor.username
    assert found["筑波の大学"]["agency"] == "aist"
    listed = next(q["sql"] for q in queries.captured_queries
                  if q["sql"].startswith('SELECT "hr_crossappointment"."id"'))
    assert '"kokken_agency"."sources"' not in listed
    assert '"kokken_user"."password"' not in listed


def test_an_unfiltered_lists_count_for_who_sees_every_agency_is_kept_and_follows_writes(
        cast, api_for, rows):
    from django.core.cache import cache

    cache.clear()
    secretariat, reviewer = api_for(cast.secretariat), api_for(cast.reviewer)
    assert secretariat.get(LIST).json()["count"] == 3
    with CaptureQueriesContext(connection) as queries:
        assert secretariat.get(LIST).json()["count"] == 3
    assert not any("COUNT(" in q["sql"] for q in queries.captured_queries)
    second = secretariat.get(LIST, {"page_size": 2, "page": 2}).json()
    assert second["count"] == 3 and len(second["results"]) == 1 and second["next"] is None
    added = f.crossappointment(cast.other_agency, partner_name="新しい大学")
    assert secretariat.get(LIST).json()["count"] == 4
    added.delete()
    assert secretariat.get(LIST).json()["count"] == 3
    # Filtered, or for a viewer who sees some agencies only: counted every time.
    assert secretariat.get(LIST, {"fiscal_year": 2023}).json()["count"] == 1
    assert reviewer.get(LIST).json()["count"] == 2  # MEXT supervises RIKEN, not AIST
