"""Demo registers for every 国研 of each year, FY2023 to this fiscal year (``manage.py seed_demo``).

Every value is recognisably a demo value: partner names start with 「デモ」,
texts with 「【デモ】」. Idempotent: a register that already has rows for an
agency and year is left alone, so running it again changes nothing and never
overwrites what someone typed.
"""

from __future__ import annotations

import random
from datetime import date

from django.db import transaction

from kokken.models import Agency
from kokken.wareki import fiscal_year

from .models import (
    CrossAppointment, CrossAppointmentScheme, Direction, Initiative, JobCategory, PayScheme, PersonnelFunding,
    SalaryBenchmark, Secondment,
)

def _years() -> tuple[int, ...]:
    """FY2023 (the agreement's first year of registers) up to this fiscal year on today's
    clock: the demo follow-up round is this year's, and its questionnaire restates this
    year's register values."""
    return tuple(range(2023, max(2024, fiscal_year()) + 1))


YEARS = _years()
COMPARATORS = ["【デモ】電気業、ガス業、化学工業", "【デモ】情報通信業、学術・研究開発機関",
               "【デモ】医薬品製造業、大学附属病院", "【デモ】建設業、技術サービス業",
               "【デモ】輸送用機械器具製造業、電子部品製造業"]
PARTNERS = {
    "national_university": ["デモ国立大学A", "デモ国立大学B", "デモ大学共同利用機関C"],
    "rd_agency": ["デモ研究開発法人D", "デモ研究開発法人E"],
    "company": ["デモ株式会社F", "デモ工業株式会社G", "デモ製薬株式会社H"],
    "university": ["デモ公立大学I", "デモ私立大学J"],
    "foreign": ["デモ海外研究所K (Demo Institute K)", "デモ海外大学L (Demo University L)"],
    "other": ["デモ公設試験研究機関M", "デモ財団N"],
}
# Weights close to the agreement's figures (29% / 18% / 14% …).
PARTNER_WEIGHTS = {"national_university": 29, "rd_agency": 18, "company": 14, "university": 16,
                   "foreign": 11, "other": 12}
INITIATIVES = {
    "year_round_hiring": "【デモ】即戦力の研究人材を通年で随時採用している。",
    "tenure_track": "【デモ】テニュア審査を経て定年制に登用する任期付研究員を採用している。",
    "permanent_posts": "【デモ】パーマネント型研究員の採用枠を拡大している。",
    "masters_hires": "【デモ】修士号取得者を研究職として採用し、育成制度を設けている。",
    "technical_track": "【デモ】研究設備を支える技術職の採用制度を新設した。",
    "liaison_advisors": "【デモ】公設試のOBを連携アドバイザーとして委嘱している。",
    "career_support": "【デモ】転出予定者向けに企業説明会や履歴書添削を実施している。",
    "other": "【デモ】人材流動性を高めるためのその他の取組。",
}


def _rng(agency: Agency, salt: str) -> random.Random:
    return random.Random(f"{agency.code}:{salt}")


def _pay_schemes(agency: Agency, year: int) -> list[PayScheme]:
    rng = _rng(agency, "pay")  # the same profile both years; this year adds a little
    adopts = rng.random() < 0.5 or (year == YEARS[-1] and rng.random() < 0.1)
    categories = [JobCategory.FIXED_TERM_RESEARCHER, JobCategory.PERMANENT_RESEARCHER,
                  JobCategory.TECHNICAL, JobCategory.ADMINISTRATIVE]
    if rng.random() < 0.8:
        categories.append(JobCategory.RESEARCH_MANAGEMENT)
    if rng.random() < 0.2:
        categories.append(JobCategory.OTHER)
    odds = {JobCategory.FIXED_TERM_RESEARCHER: 0.95, JobCategory.RESEARCH_MANAGEMENT: 0.6,
            JobCategory.PERMANENT_RESEARCHER: 0.3, JobCategory.TECHNICAL: 0.2,
            JobCategory.ADMINISTRATIVE: 0.1, JobCategory.OTHER: 0.5}
    rows = []
    for category in categories:
        annual = adopts and rng.random() < odds[category]
        rows.append(PayScheme(
            agency=agency, fiscal_year=year, job_category=category, annual_salary=annual,
            structure=rng.choice(PayScheme.Structure.values) if annual else "",
            retirement_included=annual and rng.random() < 0.4,
            coverage_percent=rng.randrange(10, 101, 5) if annual else None))
    return rows


def _benchmark(agency: Agency, year: int) -> SalaryBenchmark:
    rng = _rng(agency, "salary")
    average = rng.randrange(6500, 9500, 10) + (60 if year == YEARS[-1] else 0)
    comparator = int(average * rng.uniform(0.9, 1.15))
    survey = rng.choice(SalaryBenchmark.Survey.values)
    reviewed = year == YEARS[0] or rng.random() < 0.5
    adequate = (rng.random() < 0.8) if reviewed else None
    return SalaryBenchmark(
        agency=agency, fiscal_year=year, average_salary=average,
        comparator=rng.choice(COMPARATORS), survey=survey,
        survey_other="【デモ】業界団体の給与調査" if survey == "other" else "",
        comparator_salary=comparator,
        explanation=("【デモ】人材獲得で競合する業種の年間平均給与額を参照し、必要な人材を"
                     "確保するために必要な水準として給与を設定している。"),
        explanation_adequate=adequate,
        # The note gives the reason for the verdict, never the opposite of it.
        review_note={True: "【デモ】比較対象と調査の出典が明示されており、説明は妥当である。",
                     False: "【デモ】比較対象とした業種を選んだ理由が示されておらず、"
                            "給与水準の説明として不十分である。",
                     None: ""}[adequate])


def _funding(agency: Agency, year: int) -> PersonnelFunding:
    rng = _rng(agency, f"funding{year}")
    grant = rng.randrange(500_000, 30_000_000, 1000)
    return PersonnelFunding(
        agency=agency, fiscal_year=year, operating_grant=grant,
        joint_research=int(grant * rng.uniform(0.02, 0.2)),
        cross_appointment=int(grant * rng.uniform(0.0, 0.02)),
        other_external=int(grant * rng.uniform(0.01, 0.1)) if rng.random() < 0.8 else None)


def _scheme(agency: Agency, year: int) -> CrossAppointmentScheme:
    # The agencies that sign agreements have the scheme, plus a few that signed none that
    # year: 9割以上 introduced, as the agreement says.
    introduced = _rng(agency, "ca").random() >= 0.04
    return CrossAppointmentScheme(
        agency=agency, fiscal_year=year, introduced=introduced,
        introduced_on=date(2015 + _rng(agency, "ca-since").randint(0, 6), 4, 1) if introduced else None,
        rules="【デモ】クロスアポイントメント制度に関する規程" if introduced else "")


def _crossappointments(agency: Agency, year: int) -> list[CrossAppointment]:
    rng = _rng(agency, f"ca{year}")
    if _rng(agency, "ca").random() < 0.08:   # about 9 in 10 agencies use it
        return []
    rows = []
    types, weights = zip(*PARTNER_WEIGHTS.items(), strict=True)
    for index in range(rng.randint(1, 12)):
        partner_type = rng.choices(types, weights)[0]
        start = date(year - rng.randint(0, 2), rng.randint(4, 12), 1)
        rows.append(CrossAppointment(
            agency=agency, fiscal_year=year, partner_type=partner_type,
            partner_name=rng.choice(PARTNERS[partner_type]),
            direction=Direction.INBOUND if rng.random() < 0.55 else Direction.OUTBOUND,
            effort_percent=rng.choice([10, 20, 20, 30, 40, 50]), start_date=start,
            end_date=date(year + rng.randint(1, 3), 3, 31) if rng.random() < 0.8 else None,
            settles_salary=True, settles_social_insurance=rng.random() < 0.9,
            settles_work=rng.random() < 0.8, settles_ip=rng.random() < 0.7,
            reference=f"DEMO-CA-{year}-{index + 1:03d}"))
    return rows


def _secondments(agency: Agency, year: int) -> list[Secondment]:
    rng = _rng(agency, f"secondment{year}")
    rows = []
    for _i in range(rng.randint(0, 5)):
        start = date(year, rng.choice([4, 7, 10]), 1)
        rows.append(Secondment(
            agency=agency, fiscal_year=year,
            direction=Direction.OUTBOUND if rng.random() < 0.6 else Direction.INBOUND,
            kind=rng.choice(Secondment.Kind.values),
            partner_type=rng.choices(Secondment.PartnerType.values, [45, 35, 10, 10])[0],
            start_date=start, end_date=date(start.year + 2, 3, 31)))
    return rows


def _initiatives(agency: Agency, year: int) -> list[Initiative]:
    rng = _rng(agency, "initiatives")
    kinds = rng.sample(list(INITIATIVES), rng.randint(1, 3))
    return [Initiative(agency=agency, fiscal_year=year, kind=kind,
                       title="【デモ】" + str(Initiative.Kind(kind).label),
                       description=INITIATIVES[kind]) for kind in kinds]


def seed(stdout=None) -> dict[str, int]:
    """Fill the II-1 registers of every 国研 of every demo year where they are empty."""
    created = {"rows": 0}
    with transaction.atomic():
        # The 国研 of each year (outside bodies keep no II-1 registers).
        per_year = {year: list(Agency.objects.kokken_in(year)) for year in YEARS}
        agencies = per_year[YEARS[-1]]
        pairs = [(agency, year) for year in YEARS for agency in per_year[year]]
        for model, build in [(PayScheme, _pay_schemes), (CrossAppointment, _crossappointments),
                             (Secondment, _secondments), (Initiative, _initiatives)]:
            filled = set(model.objects.values_list("agency_id", "fiscal_year").distinct())
            new = [row for agency, year in pairs
                   if (agency.pk, year) not in filled for row in build(agency, year)]
            model.objects.bulk_create(new)
            created["rows"] += len(new)
        for model, build in [(SalaryBenchmark, _benchmark), (PersonnelFunding, _funding),
                             (CrossAppointmentScheme, _scheme)]:
            filled = set(model.objects.values_list("agency_id", "fiscal_year"))
            new = [build(agency, year) for agency, year in pairs
                   if (agency.pk, year) not in filled]
            model.objects.bulk_create(new)
            created["rows"] += len(new)
    if stdout is not None:
        stdout.write(f"II-1 registers: {created['rows']} demo rows added "
                     f"(FY{YEARS[0]}–FY{YEARS[-1]}, {len(agencies)} agencies).")
    return created
