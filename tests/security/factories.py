"""Small factories for II-4 rows (no seed_demo in tests)."""

import datetime

from security.models import Incident


def incident(agency, *, fiscal_year=2024, **values):
    return Incident.objects.create(**{
        "agency": agency, "fiscal_year": fiscal_year,
        "occurred_on": datetime.date(fiscal_year, 7, 1), "subject": "information",
        "certainty": "suspected", "status": "investigating",
        "lessons": "持ち出し制限の周知が不十分だった", **values})
