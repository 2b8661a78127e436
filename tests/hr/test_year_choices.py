"""Year lists offer the years with data, plus the next year to start (not empty years)."""

from hr import selectors
from hr.models import SalaryBenchmark
from kokken.wareki import fiscal_year


def _benchmark(agency, year):
    SalaryBenchmark.objects.create(agency=agency, fiscal_year=year, average_salary=8000,
                                   comparator="【試験】製造業", survey="occupational",
                                   comparator_salary=8000, explanation="説明")


def test_years_with_data_and_the_next_one(cast):
    _benchmark(cast.agency, 2023)
    _benchmark(cast.agency, 2024)
    assert selectors.year_choices(cast.agency) == [2025, 2024, 2023]


def test_another_agencys_years_do_not_show_in_an_agencys_list(cast):
    _benchmark(cast.other_agency, 2021)
    _benchmark(cast.agency, 2024)
    assert selectors.year_choices(cast.agency) == [2025, 2024]
    assert selectors.year_choices() == [2025, 2024, 2021]


def test_without_data_the_list_offers_this_year_and_keeps_the_year_on_screen(cast):
    assert selectors.year_choices(cast.agency) == [fiscal_year()]
    assert selectors.year_choices(cast.agency, current=2022) == sorted(
        {fiscal_year(), 2022}, reverse=True)


def test_the_register_page_lists_only_those_years(cast, client_for):
    _benchmark(cast.agency, 2024)
    page = client_for(cast.editor).get("/hr/agencies/riken/?fy=2024").content.decode()
    assert 'value="2025"' in page and 'value="2024"' in page
    assert 'value="2027"' not in page and 'value="2026"' not in page
