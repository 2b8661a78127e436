"""The demo is shaped like the agreement: every registered indicator, computed for FY2023 (the
year the agreement's figures describe) over the 国研 of FY2023 on the seeded demo, gives a
figure with its population stated, near what the agreement says."""

from agreements.contrib import registry
from kokken.models import Agency

# identifier → (lowest, highest) percent the demo may give; the agreement's wording and line.
AGREEMENT = {
    "hr.annual_salary_share": (40, 80),        # 約6割 (76)
    "hr.crossappointment_share": (80, 100),    # 9割以上 (142)
    "security.integrity_q1": (80, 100),        # ほとんど (626–630)
    "security.integrity_q2": (80, 100),
    "security.integrity_q3": (75, 100),
    "security.integrity_q4": (60, 95),         # 約8割 (667)
    "security.integrity_q5": (50, 90),         # 約7割 (668)
    "security.integrity_q6": (50, 90),
}


def test_the_demo_reproduces_the_agreements_fy2023_figures_with_their_populations(demo_data):
    agencies = Agency.objects.kokken_in(2023)
    values = {i.identifier: i.compute(fiscal_year=2023, agencies=agencies)
              for i in registry.indicators()}
    assert set(AGREEMENT) <= set(values)
    for identifier, (low, high) in AGREEMENT.items():
        value = values[identifier]
        assert value.value is not None and low <= value.value <= high, (identifier, value.value)
    for n in range(1, 7):  # 図11: the 24 research bodies the FY2023 round surveyed
        assert values[f"security.integrity_q{n}"].population == "24 国研"
    for identifier in ("hr.annual_salary_share", "hr.crossappointment_share"):
        assert values[identifier].population == "27 国研", identifier


def test_the_demo_reproduces_footnote_4_thirteen_of_twenty_seven_agencies(demo_data):
    """「27 機関中 13 機関」: agencies that use or want to use outside training, FY2023."""
    value = next(i for i in registry.indicators() if i.identifier == "training.external") \
        .compute(fiscal_year=2023, agencies=Agency.objects.kokken_in(2023))
    assert (value.numerator, value.denominator, value.not_reported) == (13, 27, 0)
    assert value.population == "27 国研"
