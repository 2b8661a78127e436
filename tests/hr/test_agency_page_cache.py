"""The agency's II-1 page keeps its registers in the cache under the II-1 registers' version
(issue 18): each agency's page shows its own rows, whoever opens it, and a change to a row
shows on the next view."""

import pytest
from django.core.cache import cache
from django.test import Client

from hr.models import CrossAppointmentScheme, SalaryBenchmark
from tests.conftest import sign_in
from tests.hr import factories as f

URL = "/hr/agencies/{}/?fy=2024"


@pytest.fixture
def pages(cast):
    cache.clear()
    clients = {}

    def page(user, agency) -> str:
        client = clients.get(user.pk) or clients.setdefault(user.pk, sign_in(Client(), user))
        response = client.get(URL.format(agency.code))
        return response.content.decode() if response.status_code == 200 else response.status_code

    return page


def test_a_new_changed_or_deleted_row_shows_on_the_next_view(cast, pages):
    f.crossappointment(cast.agency)
    benchmark = f.benchmark(cast.agency, 8000, 7000)
    first = pages(cast.editor, cast.agency)
    assert "クロスアポイントメント協定</a>: 1 件" in first
    assert "8,000" in first and "この年度は未報告です。" in first

    f.crossappointment(cast.agency, partner_name="別の大学")
    benchmark.average_salary = 8123
    benchmark.save()
    CrossAppointmentScheme.objects.create(agency=cast.agency, fiscal_year=2024, introduced=False)
    second = pages(cast.editor, cast.agency)
    assert "クロスアポイントメント協定</a>: 2 件" in second
    assert "8,123" in second and "8,000" not in second
    assert "この年度は未報告です。" not in second

    SalaryBenchmark.objects.get(pk=benchmark.pk).delete()
    assert "8,123" not in pages(cast.editor, cast.agency)


def test_each_agency_keeps_its_own_rows_and_outsiders_still_get_404(cast, pages):
    f.benchmark(cast.agency, 8111, 7000)
    f.benchmark(cast.other_agency, 9222, 7000)
    riken = pages(cast.editor, cast.agency)
    aist = pages(cast.other_editor, cast.other_agency)
    assert "8,111" in riken and "9,222" not in riken
    assert "9,222" in aist and "8,111" not in aist
    # A supervising reviewer gets the same registers from the cache; outsiders nothing.
    assert "8,111" in pages(cast.reviewer, cast.agency)
    assert pages(cast.other_editor, cast.agency) == 404
    assert pages(cast.other_reviewer, cast.agency) == 404


def test_the_year_on_screen_is_among_the_years_offered_even_without_rows(cast, pages):
    f.crossappointment(cast.agency, fiscal_year=2022)
    page = pages(cast.editor, cast.agency)  # 2024: no row, not cached as a year with rows
    assert 'value="2024"' in page and 'value="2022"' in page and 'value="2023"' in page
