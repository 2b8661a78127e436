"""The demo is shaped like the agreement: every registered indicator, computed for FY2023 (the
year the agreement's figures describe) over the 国研 of FY2023 on the seeded demo, gives a
figure with its population stated, near what the agreement says. (「27 機関中 13 機関」,
``training.external``, is not here: the training demo records needs for the last two fiscal
years only, so FY2023 has none.)"""

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
