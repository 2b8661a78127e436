"""Indicator arithmetic on a hand-checked data set of five agencies (FY2024).

| agency | 年俸制 rows (category: yes/no)            | cross-appointments (partner type) | salary / comparator, verdict |
|--------|-------------------------------------------|-----------------------------------|------------------------------|
| RIKEN  | fixed-term ✓, permanent ✓, research mgmt ✓ | national univ ×2, company ×1      | 8,000 / 8,000, adequate      |
| AIST   | fixed-term ✓, research mgmt ✗              | R&D agency ×1                     | 7,616 / 8,035, not adequate  |
| JST    | research mgmt ✓, administrative ✗          | –                                 | 9,000 / 7,500, not reviewed  |
| NIMS   | fixed-term ✗, permanent ✗                  | national univ ×1                  | –                            |
| JAXA   | –                                          | – (one in FY2023 only)            | –                            |
"""

import pytest
from django.utils import translation

from datetime import date

from hr import selectors
from hr.models import CrossAppointmentScheme
from kokken.models import Agency
from tests.hr import factories as f

CODES = ["riken", "aist", "jst", "nims", "jaxa"]


@pytest.fixture
def five(db):
    a = {code: Agency.objects.get(code=code) for code in CODES}
    f.pay_scheme(a["riken"], "fixed_term_researcher", True)
    f.pay_scheme(a["riken"], "permanent_researcher", True)
    f.pay_scheme(a["riken"], "research_management", True)
    f.pay_scheme(a["aist"], "fixed_term_researcher", True)
    f.pay_scheme(a["aist"], "research_management", False)
    f.pay_scheme(a["jst"], "research_management", True)
    f.pay_scheme(a["jst"], "administrative", False)
    f.pay_scheme(a["nims"], "fixed_term_researcher", False)
    f.pay_scheme(a["nims"], "permanent_researcher", False)
    f.pay_scheme(a["jaxa"], "fixed_term_researcher", True, fiscal_year=2023)
    f.crossappointment(a["riken"], partner_type="national_university")
    f.crossappointment(a["riken"], partner_type="national_university")
    f.crossappointment(a["riken"], partner_type="company")
    f.crossappointment(a["aist"], partner_type="rd_agency")
    f.crossappointment(a["nims"], partner_type="national_university")
    f.crossappointment(a["jaxa"], fiscal_year=2023, partner_type="foreign")
    f.benchmark(a["riken"], 8000, 8000, adequate=True)
    f.benchmark(a["aist"], 7616, 8035, adequate=False)
    f.benchmark(a["jst"], 9000, 7500)
    for code, introduced in (("riken", True), ("aist", True), ("jst", True), ("nims", False)):
        CrossAppointmentScheme.objects.create(agency=a[code], fiscal_year=2024,
                                              introduced=introduced)
    # Outside the five: must not count.
    f.pay_scheme(Agency.objects.get(code="nedo"), "fixed_term_researcher", True)
    f.crossappointment(Agency.objects.get(code="nedo"), partner_type="foreign")
    return a


def scope():
    return Agency.objects.filter(code__in=CODES)


def test_share_of_agencies_with_annual_salary_counts_agencies_not_rows(five):
    v = selectors.annual_salary_share(fiscal_year=2024, agencies=scope())
    assert (v.numerator, v.denominator, v.value) == (3, 5, 60.0)
    assert v.per_agency == {five["riken"].pk: 100.0, five["aist"].pk: 100.0,
                            five["jst"].pk: 100.0, five["nims"].pk: 0.0, five["jaxa"].pk: None}


def test_annual_salary_keeps_non_reporters_in_the_denominator_and_counts_them_apart(five):
    v = selectors.annual_salary_share(fiscal_year=2024, agencies=scope())
    assert (v.not_reported, v.denominator) == (1, 5)
    assert v.reference_date == date(2024, 4, 1)   # 「令和5年4月1日時点」 is the FY2023 register
    assert v.population == "5 国研"


def test_annual_salary_per_category_excludes_agencies_without_that_category(five):
    v = selectors.annual_salary_share(fiscal_year=2024, agencies=scope())
    with translation.override("en"):
        by_label = {str(label): value for label, value in v.breakdown}
    assert by_label["Research management staff"] == 66.7   # RIKEN, JST of RIKEN, AIST, JST
    assert by_label["Fixed-term researcher"] == 66.7       # RIKEN, AIST of RIKEN, AIST, NIMS
    assert by_label["Permanent researcher"] == 50.0        # RIKEN of RIKEN, NIMS
    assert by_label["Administrative staff"] == 0.0
    assert by_label["Technical staff"] is None             # nobody reported it


def test_cross_appointment_counts_agencies_that_introduced_the_scheme_not_agreements(five):
    v = selectors.crossappointment_share(fiscal_year=2024, agencies=scope())
    assert (v.numerator, v.denominator, v.value, v.not_reported) == (3, 5, 60.0, 1)
    assert v.per_agency[five["jst"].pk] == 100.0          # introduced, no agreement signed
    assert v.per_agency[five["nims"].pk] == 0.0           # an agreement, but no scheme recorded
    assert v.per_agency[five["jaxa"].pk] is None          # not reported
    assert v.breakdown[0][1] == 60.0                      # RIKEN, AIST, NIMS signed one
    assert v.reference_date == date(2024, 4, 1)


def test_partner_type_distribution_is_a_share_of_agreements(five):
    v = selectors.partner_distribution(fiscal_year=2024, agencies=scope())
    assert v.value == 5.0
    with translation.override("en"):
        by_label = {str(label): value for label, value in v.breakdown}
    assert by_label["National university or inter-university research institute"] == 60.0
    assert by_label["Other R&D corporations"] == 20.0
    assert by_label["Private company"] == 20.0
    assert by_label["Foreign institution"] == 0.0


def test_salary_gap_per_agency_and_mean(five):
    v = selectors.salary_gap(fiscal_year=2024, agencies=scope())
    assert v.per_agency == {five["riken"].pk: 0.0, five["aist"].pk: -5.2, five["jst"].pk: 20.0}
    assert v.value == 4.9   # (0 − 5.2146 + 20) / 3


def test_explanations_found_adequate_among_reviewed(five):
    v = selectors.explanations_adequate(fiscal_year=2024, agencies=scope())
    assert (v.numerator, v.denominator, v.value) == (1, 2, 50.0)
    assert [value for _label, value in v.breakdown] == [3.0, 2.0, 1.0, 1.0]


def test_indicators_of_an_empty_year_are_blank_not_zero(five):
    assert selectors.annual_salary_share(fiscal_year=2022, agencies=scope()).value is None
    assert selectors.annual_salary_share(fiscal_year=2022, agencies=scope()).not_reported == 5
    assert selectors.salary_gap(fiscal_year=2022, agencies=scope()).value is None
    assert selectors.explanations_adequate(fiscal_year=2022, agencies=scope()).value is None


def test_agency_table_has_one_row_per_agency_with_its_figures(five):
    rows = {a.code: a for a in selectors.agency_table(agencies=scope(), fiscal_year=2024)}
    assert rows["riken"].ca_count == 3 and rows["jaxa"].ca_count == 0
    assert rows["riken"].annual_salary_categories == 3
    assert rows["aist"].reported_categories == 2
    assert round(rows["aist"].gap_percent, 1) == -5.2
    assert rows["aist"].explanation_adequate is False
    assert rows["nims"].gap_percent is None
