from datetime import date

from hr import services
from hr.models import (
    CrossAppointment,
    CrossAppointmentScheme,
    Initiative,
    PayScheme,
    PersonnelFunding,
    SalaryBenchmark,
    Secondment,
)
from tests.hr import factories as f


def test_copy_brings_last_years_registers_into_an_empty_year(cast):
    a = cast.agency
    f.pay_scheme(a, "fixed_term_researcher", True, fiscal_year=2023, structure="fixed_plus_variable")
    f.benchmark(a, 8000, 8200, adequate=True, fiscal_year=2023)
    PersonnelFunding.objects.create(agency=a, fiscal_year=2023, operating_grant=100)
    f.crossappointment(a, fiscal_year=2023, partner_name="継続大学", end_date=None)
    f.crossappointment(a, fiscal_year=2023, partner_name="終了大学", end_date=date(2024, 3, 31))
    f.secondment(a, fiscal_year=2023)
    f.initiative(a, fiscal_year=2023)
    CrossAppointmentScheme.objects.create(agency=a, fiscal_year=2023, introduced=True,
                                          introduced_on=date(2016, 4, 1))

    copied = services.copy_previous_year(agency=a, fiscal_year=2024, user=cast.editor)

    assert copied == {"PayScheme": 1, "SalaryBenchmark": 1, "PersonnelFunding": 1,
                      "CrossAppointment": 1, "Secondment": 1, "Initiative": 1,
                      "CrossAppointmentScheme": 1}
    assert CrossAppointmentScheme.objects.get(fiscal_year=2024).introduced_on == date(2016, 4, 1)
    assert PayScheme.objects.get(fiscal_year=2024).structure == "fixed_plus_variable"
    benchmark = SalaryBenchmark.objects.get(fiscal_year=2024)
    assert benchmark.average_salary == 8000
    assert benchmark.explanation_adequate is None   # the ministry checks the new year afresh
    assert list(CrossAppointment.objects.filter(fiscal_year=2024)
                .values_list("partner_name", flat=True)) == ["継続大学"]
    assert Secondment.objects.filter(fiscal_year=2024).count() == 1
    assert Initiative.objects.filter(fiscal_year=2024).count() == 1
    assert CrossAppointment.objects.filter(fiscal_year=2023).count() == 2   # source untouched


def test_copy_never_overwrites_rows_of_the_target_year(cast):
    a = cast.agency
    f.pay_scheme(a, "fixed_term_researcher", True, fiscal_year=2023)
    f.pay_scheme(a, "technical", True, fiscal_year=2023)
    f.pay_scheme(a, "fixed_term_researcher", False, fiscal_year=2024)
    f.benchmark(a, 8000, 8200, fiscal_year=2023)
    f.benchmark(a, 9100, 9000, fiscal_year=2024)
    f.crossappointment(a, fiscal_year=2023, partner_name="昨年の大学")
    f.crossappointment(a, fiscal_year=2024, partner_name="今年の大学")

    copied = services.copy_previous_year(agency=a, fiscal_year=2024, user=cast.editor)

    assert copied["PayScheme"] == 1 and copied["SalaryBenchmark"] == 0
    assert copied["CrossAppointment"] == 0
    assert PayScheme.objects.get(fiscal_year=2024, job_category="fixed_term_researcher").annual_salary is False
    assert PayScheme.objects.filter(fiscal_year=2024, job_category="technical").exists()
    assert SalaryBenchmark.objects.get(fiscal_year=2024).average_salary == 9100
    assert list(CrossAppointment.objects.filter(fiscal_year=2024)
                .values_list("partner_name", flat=True)) == ["今年の大学"]


def test_copying_twice_adds_nothing_the_second_time(cast):
    f.crossappointment(cast.agency, fiscal_year=2023)
    services.copy_previous_year(agency=cast.agency, fiscal_year=2024, user=cast.editor)
    again = services.copy_previous_year(agency=cast.agency, fiscal_year=2024, user=cast.editor)
    assert sum(again.values()) == 0
    assert CrossAppointment.objects.filter(fiscal_year=2024).count() == 1


def test_copy_touches_only_the_given_agency(cast):
    f.crossappointment(cast.other_agency, fiscal_year=2023)
    services.copy_previous_year(agency=cast.agency, fiscal_year=2024, user=cast.editor)
    assert not CrossAppointment.objects.filter(fiscal_year=2024).exists()
