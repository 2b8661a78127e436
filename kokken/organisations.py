"""Loading the organisations (ministries, bureaus, the 27 agencies) from fixtures/.

Idempotent: rows are matched by code and updated, never duplicated. Used by the
data migration (with historical models) and by ``manage.py load_organisations``.
"""

import json
from pathlib import Path

from django.conf import settings

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def read_fixture(name: str) -> list[dict]:
    with open(FIXTURES / name, encoding="utf-8") as fh:
        return json.load(fh)


def load(*, Ministry, Bureau, Agency) -> tuple[int, int]:
    """Create or update every ministry and agency; return (ministries, agencies)."""
    ministries = {}
    for order, row in enumerate(read_fixture("ministries.json")):
        ministry, _ = Ministry.objects.update_or_create(
            code=row["code"],
            defaults={"name_ja": row["name_ja"], "name_en": row["name_en"], "order": order},
        )
        for b_order, bureau in enumerate(row.get("bureaus", [])):
            Bureau.objects.update_or_create(
                ministry=ministry, name_ja=bureau["name_ja"],
                defaults={"name_en": bureau["name_en"], "order": b_order},
            )
        ministries[row["code"]] = ministry
    agencies = read_fixture("agencies.json")
    for row in agencies:
        agency, _ = Agency.objects.update_or_create(
            code=row["code"],
            defaults={
                "abbr": row["abbr"],
                "name_ja": row["name_ja"],
                "name_en": row["name_en"],
                "short_name_ja": row["short_name_ja"],
                "designated": row["designated"],
                "funding_agency": row["funding_agency"],
            },
        )
        agency.ministries.set([ministries[code] for code in row["ministries"]])
    return len(ministries), len(agencies)
