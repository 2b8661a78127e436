"""Small factories for II-4 rows (no seed_demo in tests)."""

import datetime

from security.models import Incident


def incident(agency, *, fiscal_year=2024, **values):
    return Incident.objects.create(**{
        "agency": agency, "fiscal_year": fiscal_year,
        "occurred_on": datetime.date(fiscal_year, 7, 1), "subject": "information",
        "certainty": "suspected", "status": "investigating",
        "lessons": "持ち出し制限の周知が不十分だった", **values})


def review(agency, *, fiscal_year=2024, **values):
    from security.models import Review

    return Review.objects.create(**{
        "agency": agency, "fiscal_year": fiscal_year,
        "reviewed_on": datetime.date(fiscal_year, 10, 1), "reviewer": "police",
        "findings": "外国人研究者の受入れ手続の確認", "follow_up": "planned", **values})


def control(agency, measure, *, fiscal_year=2024, in_place=True, **values):
    from security.models import Control

    return Control.objects.create(**{
        "agency": agency, "fiscal_year": fiscal_year, "measure": measure,
        "in_place": in_place, "evidence": "情報セキュリティ規程" if in_place else "",
        "verified_on": datetime.date(fiscal_year, 9, 1) if in_place else None, **values})


def yearly(model, agency, *, fiscal_year=2024, **values):
    return model.objects.create(agency=agency, fiscal_year=fiscal_year, **values)
