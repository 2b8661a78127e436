"""II-3 demo data: IP management and COI/COC rules of every 国研 over two fiscal years, COI/COC
cases with their decisions and days, and startups supported (AIST Solutions-style certified
startups for AIST). Marked 【デモ】; no personal names."""

from __future__ import annotations

import datetime
import random

from kokken import wareki
from kokken.models import Agency

from .models import (
    CaseType,
    CoiCase,
    CoiRules,
    Counterpart,
    Decision,
    IpManagement,
    Sector,
    Startup,
)

DEMO = "【デモ】"
COMPANY = ["バイオ", "セキュア", "マテリアル", "エナジー", "スペース", "アグリ", "ロボティクス",
           "量子", "メディカル", "データ"]


def _missing(model, rows, years):
    """Only the (agency, year) pairs without a record (bulk_create cannot ignore conflicts
    and still record history)."""
    have = set(model.objects.filter(fiscal_year__in=years).values_list("agency_id", "fiscal_year"))
    return [r for r in rows if (r.agency_id, r.fiscal_year) not in have]


def seed(stdout=None) -> None:
    if Startup.objects.filter(name__startswith=DEMO).exists():
        return
    rng = random.Random(23)
    this = wareki.fiscal_year()
    years = [this - 1, this]
    per_year = {year: list(Agency.objects.kokken_in(year).order_by("code")) for year in years}
    management, rules, cases, startups = [], [], [], []
    for year in years:
        for n, agency in enumerate(per_year[year]):
            big = agency.designated or agency.code in ("jst", "nedo", "amed", "jaxa")
            has_policy = n % 9 != 4
            management.append(IpManagement(
                agency=agency, fiscal_year=year, policy_exists=has_policy,
                policy_date=datetime.date(year - 1 - n % 3, 4, 1) if has_policy else None,
                early_strategy=has_policy and n % 2 == 0,
                flexible_ownership=has_policy and n % 3 != 0,
                joint_transfer=has_policy and n % 4 == 0,
                applications=rng.randint(80, 600) if big else rng.randint(0, 60),
                grants=rng.randint(40, 300) if big else rng.randint(0, 30),
                licences=rng.randint(30, 200) if big else rng.randint(0, 20),
                licence_income=(rng.randint(50_000, 400_000) if big
                                else rng.randint(0, 20_000)) + (year - years[0]) * 1_000,
                joint_moved=rng.randint(0, 5) if has_policy and n % 4 == 0 else 0))
            has_rules = n % 13 != 7
            rules.append(CoiRules(
                agency=agency, fiscal_year=year, exists=has_rules,
                revised_on=datetime.date(year - n % 2, 10, 1) if has_rules else None,
                covers_startups=has_rules and n % 5 != 1, published=has_rules and n % 3 != 2,
                coordinated=has_rules and (n + year) % 3 != 0,
                discloses_decisions=has_rules and n % 4 != 3))
            start = datetime.date(year, 4, 1)
            for k in range(rng.randint(1, 6 if big else 3)):
                received = start + datetime.timedelta(days=rng.randint(0, 330))
                pending = k == 0 and n % 5 == 0
                decision = ("" if pending else rng.choices(
                    [Decision.APPROVED, Decision.MITIGATION, Decision.REFUSED],
                    weights=[4, 5, 1])[0])
                mitigation = decision == Decision.MITIGATION
                cases.append(CoiCase(
                    agency=agency, fiscal_year=year,
                    case_type=rng.choice(CaseType.values), counterpart=rng.choice(
                        Counterpart.values),
                    received_on=received,
                    decided_on=None if pending else received + datetime.timedelta(
                        days=rng.randint(7, 45) + (30 if n % 6 == 0 else 0)),
                    decision=decision, separate_manager=mitigation and k % 2 == 0,
                    disclosure=mitigation, recusal=mitigation and k % 3 == 0,
                    monitoring=mitigation and k % 2 == 1,
                    other_measure=f"{DEMO}共同代表の設置" if mitigation and k == 2 else "",
                    continued=decision in (Decision.APPROVED, Decision.MITIGATION)
                    and rng.random() < 0.85))
            count = 3 if agency.code == "aist" else rng.randint(1, 3 if big else 2)
            for k in range(count):
                name = COMPANY[(n + k) % len(COMPANY)]
                startups.append(Startup(
                    agency=agency, fiscal_year=year,
                    name=f"{DEMO}株式会社{agency.abbr}{name}", founded=year - k,
                    sector=Sector.values[(n + k) % len(Sector.values)],
                    licence=True, investment=agency.code == "aist" or k % 2 == 0,
                    facilities=k % 2 == 1, mentoring=True, introductions=k % 3 == 0,
                    researcher_manages=k % 4 == 3,
                    certified=agency.code == "aist" or k % 3 == 0))
    IpManagement.objects.bulk_create(_missing(IpManagement, management, years))
    CoiRules.objects.bulk_create(_missing(CoiRules, rules, years))
    CoiCase.objects.bulk_create(cases)
    Startup.objects.bulk_create(startups)
    if stdout is not None:
        stdout.write(f"ip: {len(management)} IP management records, {len(cases)} COI/COC cases, "
                     f"{len(startups)} startups")
