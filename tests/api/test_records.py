"""The read-only list generated from each annual-record declaration (api/registers.py)."""

import pytest
from django.urls import reverse

from api.registers import annual_records, record_prefix
from hr.records import BENCHMARK, BENCHMARK_REVIEW
from tests.hr import factories as f

LIST = "/api/v1/hr/salary/"


def _agencies(response) -> list[tuple[str, int]]:
    assert response.status_code == 200, response.content
    return [(row["agency"], row["fiscal_year"]) for row in response.json()["results"]]


@pytest.fixture
def benchmarks(cast):
    """RIKEN's FY2023 and FY2024 salary benchmarks, and AIST's FY2024 one."""
    return [f.benchmark(cast.agency, 8000, 8500, fiscal_year=2023),
            f.benchmark(cast.agency, 8100, 8600, adequate=True),
            f.benchmark(cast.other_agency, 7900, 8000)]


def test_every_declared_annual_record_has_a_list_endpoint_in_the_index(cast, api_for):
    index = api_for(cast.editor).get("/api/v1/").json()
    prefixes = {record_prefix(r) for r in annual_records()}
    assert {"hr/salary", "hr/pay", "hr/funding", "training/needs"} <= prefixes
    for record in annual_records():
        url = reverse(f"api:{record.namespace}-{record.key}-list")
        assert url == f"/api/v1/{record_prefix(record)}/"
        assert index["records"][record_prefix(record)].endswith(url)


def test_two_pages_on_one_model_give_one_endpoint_named_after_the_first(cast):
    records = annual_records()
    assert BENCHMARK in records and BENCHMARK_REVIEW not in records


def test_an_agency_editor_lists_only_their_own_agencys_records(cast, api_for, benchmarks):
    assert _agencies(api_for(cast.editor).get(LIST)) == [("riken", 2024), ("riken", 2023)]
    assert _agencies(api_for(cast.other_editor).get(LIST)) == [("aist", 2024)]


def test_another_agencys_record_is_not_listed_even_when_asked_for_by_code(
        cast, api_for, benchmarks):
    for outsider in (cast.other_editor, cast.other_reviewer):
        response = api_for(outsider).get(LIST, {"agency": "riken"})
        assert _agencies(response) == []
        assert "8100" not in response.content.decode()


def test_the_supervising_reviewer_finds_the_years_record_by_agency_and_year(
        cast, api_for, benchmarks):
    response = api_for(cast.reviewer).get(LIST, {"agency": "riken", "fiscal_year": 2024})
    [row] = response.json()["results"]
    assert (row["agency"], row["fiscal_year"], row["average_salary"]) == ("riken", 2024, 8100)
    assert row["explanation_adequate"] is True
    assert row["reviewed_by"] is None
    assert len(_agencies(api_for(cast.secretariat).get(LIST))) == 3


def test_a_fiscal_year_that_is_not_a_year_is_a_400_in_the_apis_error_shape(cast, api_for):
    response = api_for(cast.editor).get(LIST, {"fiscal_year": "令和6"})
    assert response.status_code == 400
    assert "error" in response.json()


def test_the_list_cannot_write(cast, api_for, benchmarks):
    response = api_for(cast.editor).post(LIST, {"average_salary": 1}, format="json")
    assert response.status_code == 405
    assert api_for(cast.editor).get(f"{LIST}{benchmarks[0].pk}/").status_code == 404


def test_the_lists_query_count_does_not_grow_with_its_rows(
        cast, api_for, django_assert_num_queries):
    client = api_for(cast.secretariat)
    client.get(LIST)  # warm the per-process caches (content types, token throttle)
    from kokken.models import Agency

    for agency in ("riken", "aist", "nims", "jaxa"):
        checked = f.benchmark(Agency.objects.get(code=agency), 8000, 8000, adequate=True)
        checked.reviewed_by = checked.updated_by = cast.reviewer
        checked.save()
    # the token, the lockout check, the count, the rows (agency and users joined), the audit
    # row of the request
    with django_assert_num_queries(5):
        response = client.get(LIST)
    assert len(_agencies(response)) == 4
    # a user is named by user name, never by database id
    assert {row["reviewed_by"] for row in response.json()["results"]} == {"t-mext-reviewer"}


def test_a_stored_document_is_not_given_away_as_a_media_url(cast, api_for):
    from training.models import Strategy

    Strategy.objects.create(agency=cast.agency, fiscal_year=2024, exists=True,
                            document="training/strategy.pdf")
    [row] = api_for(cast.editor).get("/api/v1/training/strategy/").json()["results"]
    assert "document" not in row and "strategy.pdf" not in str(row)
