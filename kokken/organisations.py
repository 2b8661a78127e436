"""Loading the organisations (ministries, bureaus, agencies) from fixtures/.

Idempotent: rows are matched by code and updated, never duplicated. Used by the
data migrations (with historical models) and by ``manage.py load_organisations``.

Agencies carry their validity dates, their kind (国研 or an outside body) and the
source of each date and flag; selectors pick the agencies of a fiscal year with
``Agency.objects.kokken_in(fiscal_year)``, so the number of 国研 (27 up to FY2024,
26 from FY2025) comes from this data, never from the code. Designation as a 特定国立研究開発法人
is dated too (``designated_from``), and ``Agency.objects.designated_in(fiscal_year)`` picks
the designated agencies of a year.

``survey(code, fiscal_year)`` reads ``fixtures/surveys.json``: who the surveys the
agreement reports on covered (図11), with what is known, what is assumed and why.
"""

import json
from datetime import date
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
    # An older (historical) model may lack the newer fields: set only those it has.
    fields = {f.name for f in Agency._meta.get_fields()}
    for row in agencies:
        defaults = {
            "abbr": row["abbr"],
            "name_ja": row["name_ja"],
            "name_en": row["name_en"],
            "short_name_ja": row["short_name_ja"],
            "designated": row["designated"],
            "funding_agency": row["funding_agency"],
            "kind": row.get("kind", "kokken"),
            "competitive_funding": row.get("competitive_funding", False),
            "valid_from": _date(row.get("valid_from")),
            "valid_until": _date(row.get("valid_until")),
            "designated_from": _date(row.get("designated_from")),
            "designated_until": _date(row.get("designated_until")),
            "sources": row.get("sources", {}),
        }
        agency, _ = Agency.objects.update_or_create(
            code=row["code"], defaults={k: v for k, v in defaults.items() if k in fields},
        )
        agency.ministries.set([ministries[code] for code in row["ministries"]])
    return len(ministries), len(agencies)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def survey(code: str, fiscal_year: int) -> dict:
    """One survey population the agreement reports (``fixtures/surveys.json``):
    e.g. ``survey("integrity-research-bodies", 2023)``. KeyError if it is not recorded."""
    for row in read_fixture("surveys.json")["surveys"]:
        if row["code"] == code and row["fiscal_year"] == fiscal_year:
            return row
    raise KeyError(f"{code} {fiscal_year}")
