"""The II-1 figures of the home panels are cached under the registers' version (issue 18):
the same figures as ``agency_table``, read once per request, and any register change
shows at once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hr import selectors
from hr.models import CrossAppointmentScheme, SalaryBenchmark
from kokken.models import Agency
from tests.hr import factories as f
from tests.hr import test_indicators

five = test_indicators.five   # the hand-checked data set of five agencies
scope = test_indicators.scope


def _figures(rows):
    names = list(selectors.agency_table(agencies=Agency.objects.all(), fiscal_year=2024)
                 .query.annotations)
    return [(r.pk, [getattr(r, n) for n in names]) for r in rows]


def _rows(agencies):
    return selectors.agency_rows(agencies=agencies, fiscal_year=2024,
                                 state=selectors.registers_state())


def test_cached_rows_have_the_figures_and_order_of_the_agency_table(five):
    cache.clear()
    for agencies in (scope(), Agency.objects.kokken_in(2024), Agency.objects.none()):
        table = list(selectors.agency_table(agencies=agencies, fiscal_year=2024))
        assert _figures(_rows(agencies)) == _figures(table)   # computed
        assert _figures(_rows(agencies)) == _figures(table)   # cached
    assert (selectors.indicators_from_rows(_rows(scope()), fiscal_year=2024)
            == selectors.indicator_values(fiscal_year=2024, agencies=scope()))


def test_cached_rows_read_only_the_agencies_once_the_figures_are_cached(five):
    cache.clear()
    _rows(scope())
    state = selectors.registers_state()
    with CaptureQueriesContext(connection) as queries:
        selectors.agency_rows(agencies=scope(), fiscal_year=2024, state=state)
    assert len(queries) == 1


@pytest.mark.parametrize("change", ["create", "edit", "delete"])
def test_a_register_change_shows_at_once(five, change):
    cache.clear()
    riken = five["riken"]
    before = {r.pk: r for r in _rows(scope())}[riken.pk]
    benchmark = SalaryBenchmark.objects.get(agency=riken, fiscal_year=2024)
    if change == "create":
        f.crossappointment(riken, partner_type="foreign")
    elif change == "edit":
        benchmark.explanation_adequate = False
        benchmark.save()
    else:
        CrossAppointmentScheme.objects.get(agency=riken, fiscal_year=2024).delete()
    after = {r.pk: r for r in _rows(scope())}[riken.pk]
    assert _figures([after]) == _figures(selectors.agency_table(agencies=scope().filter(
        pk=riken.pk), fiscal_year=2024))
    assert _figures([after]) != _figures([before])


def test_an_agency_created_after_the_figures_were_cached_has_the_figures_of_no_rows(five):
    cache.clear()
    _rows(Agency.objects.all())
    new = Agency.objects.create(code="newbody", abbr="NEW", name_ja="新法人", name_en="New body",
                                short_name_ja="新法人")
    state = selectors.registers_state()
    with CaptureQueriesContext(connection) as queries:
        rows = selectors.agency_rows(agencies=Agency.objects.filter(pk=new.pk), fiscal_year=2024,
                                     state=state)
    assert len(queries) == 1
    assert _figures(rows) == _figures(selectors.agency_table(
        agencies=Agency.objects.filter(pk=new.pk), fiscal_year=2024))


def test_ministry_home_shows_a_register_change_at_once(client_for, cast):
    client = client_for(cast.reviewer)
    url = f"/ministries/{cast.reviewer.ministry.code}/?fy=2024"
    client.get(url)
    f.benchmark(cast.agency, 9999, 8000, adequate=True)
    body = client.get(url).content.decode()
    assert "9,999" in body or "9999" in body


def _database_order(sort: str) -> list[str]:
    """What the table's sorts meant when they were SQL: the figure (blanks last either
    way), then the abbreviation."""
    from django.db.models import F

    field = {"salary": "annual_salary_categories", "ca": "ca_count",
             "secondments": "secondment_count", "average": "average_salary",
             "gap": "gap_percent"}.get(sort.removeprefix("-"))
    table = selectors.agency_table(agencies=scope(), fiscal_year=2024)
    if field is None:
        order = ("-abbr",) if sort == "-abbr" else ("abbr",)
    elif sort.startswith("-"):
        order = (F(field).desc(nulls_last=True), "abbr")
    else:
        order = (F(field).asc(nulls_last=True), "abbr")
    return [r.code for r in table.order_by(*order)]


@pytest.mark.parametrize("sort", ["abbr", "-abbr", "salary", "-salary", "ca", "-ca",
                                  "secondments", "-secondments", "average", "-average",
                                  "gap", "-gap"])
def test_the_cached_rows_sort_as_the_database_sorted_the_table(five, sort):
    cache.clear()
    assert [r.code for r in selectors.sorted_rows(_rows(scope()), sort)] == _database_order(sort)


def test_an_unknown_sort_keeps_the_abbreviation_order(five):
    rows = _rows(scope())
    for sort in ("nonsense", "-nonsense", "", "--gap"):
        assert selectors.sorted_rows(rows, sort) == rows


def test_indicators_page_shows_a_register_change_at_once_and_reads_no_register_when_cached(
        client_for, cast):
    client = client_for(cast.secretariat)
    url = "/hr/indicators/?fy=2024&sort=-average"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert not [q for q in queries.captured_queries if '"hr_' in q["sql"]]
    f.benchmark(cast.agency, 9999, 8000, adequate=True)
    page = client.get(url)
    assert page.context["table"][0].pk == cast.agency.pk
    body = page.content.decode()
    assert "9,999" in body or "9999" in body
