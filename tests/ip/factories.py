"""Small factories for II-3 rows (no seed_demo in tests). Saved one by one (history)."""

import datetime

from ip.models import CoiCase, CoiRules, IpManagement, Startup


def case(agency, *, fiscal_year=2024, days=None, **values):
    received = values.pop("received_on", datetime.date(fiscal_year, 5, 1))
    decided = received + datetime.timedelta(days=days) if days is not None else None
    defaults = {"agency": agency, "fiscal_year": fiscal_year, "case_type": "equity",
                "counterpart": "own_startup", "received_on": received, "decided_on": decided,
                "decision": "mitigation" if decided else "", "separate_manager": True,
                "continued": bool(decided)}
    return CoiCase.objects.create(**{**defaults, **values})


def startup(agency, *, fiscal_year=2024, **values):
    return Startup.objects.create(**{
        "agency": agency, "fiscal_year": fiscal_year, "name": "株式会社テストバイオ",
        "founded": fiscal_year - 1, "sector": "life", "licence": True, "certified": True,
        **values})


def rules(agency, *, fiscal_year=2024, **values):
    return CoiRules.objects.create(**{
        "agency": agency, "fiscal_year": fiscal_year, "exists": True,
        "revised_on": datetime.date(fiscal_year, 4, 1), "coordinated": True, **values})


def management(agency, *, fiscal_year=2024, **values):
    return IpManagement.objects.create(**{
        "agency": agency, "fiscal_year": fiscal_year, "policy_exists": True,
        "policy_date": datetime.date(fiscal_year - 2, 4, 1), "applications": 10, "grants": 5,
        "licences": 3, "licence_income": 1200, **values})
