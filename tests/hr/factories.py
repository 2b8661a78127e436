"""Small builders for II-1 register rows in tests."""

from datetime import date

from hr.models import CrossAppointment, Initiative, PayScheme, SalaryBenchmark, Secondment


def crossappointment(agency, fiscal_year=2024, **values):
    defaults = {"direction": "inbound", "partner_name": "テスト大学", "partner_type": "national_university",
                    "effort_percent": 50, "start_date": date(fiscal_year, 4, 1)}
    return CrossAppointment.objects.create(agency=agency, fiscal_year=fiscal_year,
                                           **{**defaults, **values})


def pay_scheme(agency, job_category, annual_salary, fiscal_year=2024, **values):
    return PayScheme.objects.create(agency=agency, fiscal_year=fiscal_year,
                                    job_category=job_category, annual_salary=annual_salary,
                                    **values)


def benchmark(agency, average, comparator, adequate=None, fiscal_year=2024):
    return SalaryBenchmark.objects.create(
        agency=agency, fiscal_year=fiscal_year, average_salary=average, comparator="電気業",
        survey="wage_structure", comparator_salary=comparator, explanation="説明",
        explanation_adequate=adequate)


def secondment(agency, fiscal_year=2024, **values):
    defaults = {"direction": "outbound", "kind": "zaiseki", "partner_type": "ministry",
                    "start_date": date(fiscal_year, 4, 1)}
    return Secondment.objects.create(agency=agency, fiscal_year=fiscal_year, **{**defaults, **values})


def initiative(agency, fiscal_year=2024, **values):
    defaults = {"kind": "tenure_track", "description": "テニュアトラック制度"}
    return Initiative.objects.create(agency=agency, fiscal_year=fiscal_year, **{**defaults, **values})
