"""The key pages and who opens them; in-process timings and query counts (run by hand).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kokken_bench .venv/bin/python bench/pages.py

On the demo data (`manage.py seed_demo`) or the large case (`bench/bigdata.py`): the newest
open round is "the sheet" (RIKEN's, the full questionnaire), the newest published round is
the matrix and the aggregate. Times each page in-process with Django's test client (no
network, no web server): for the server figures use bench/served.py.
"""

import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kokken.settings")

import django

django.setup()

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Round, Sheet
from bench.session import signed_in

settings.ALLOWED_HOSTS = ["*"]
RUNS = int(os.environ.get("BENCH_RUNS", "30"))


def key_pages() -> list[tuple[str, str, str]]:
    """(name, username, path) of every key page, on the newest rounds in the database."""
    open_round = (Round.objects.filter(status=Round.Status.OPEN, sheets__agency__code="riken")
                  .order_by("-fiscal_year", "-pk").first())
    published = (Round.objects.filter(status=Round.Status.PUBLISHED)
                 .order_by("-fiscal_year", "-pk").first())
    sheet = Sheet.objects.get(round=open_round, agency__code="riken")
    fy = open_round.fiscal_year
    return [
        ("floor", "riken-editor", "/bench/floor/"),
        ("base", "riken-editor", "/bench/base/"),
        ("sheet", "riken-editor", f"/sheets/{sheet.pk}/"),
        ("section", "riken-editor", f"/sheets/{sheet.pk}/sections/HR/"),
        ("hr-register", "riken-editor", f"/hr/agencies/riken/?fy={fy}"),
        ("hr-crossappointments", "riken-editor", f"/hr/agencies/riken/cross-appointments/?fy={fy}"),
        ("hr-indicators", "secretariat", f"/hr/indicators/?fy={fy}"),
        ("matrix", "secretariat", f"/rounds/{published.pk}/"),
        ("matrix-reviewer", "mext-reviewer", f"/rounds/{published.pk}/"),
        ("aggregate", "secretariat", f"/rounds/{published.pk}/aggregate/"),
        ("reviews", "mext-reviewer", "/reviews/"),
        ("home-secretariat", "secretariat", "/agencies/"),
        ("home-ministry", "mext-reviewer", "/ministries/MEXT/"),
        ("home-agency", "riken-editor", "/agencies/riken/"),
        # Each chapter's main lists: the agency's chapter page and its largest register
        # (II-3's COI/COC cases are restricted: the agency's approver), II-2's catalogue of
        # every agency's open programmes, II-4's overview of every agency.
        ("training-catalogue", "riken-editor", f"/training/catalogue/?fy={fy}"),
        ("training-chapter", "riken-editor", f"/training/agencies/riken/?fy={fy}"),
        ("training-programmes", "riken-editor", f"/training/agencies/riken/programmes/?fy={fy}"),
        ("ip-chapter", "riken-approver", f"/ip/agencies/riken/?fy={fy}"),
        ("ip-coicases", "riken-approver", f"/ip/agencies/riken/coi-cases/?fy={fy}"),
        ("security-chapter", "riken-editor", f"/security/agencies/riken/?fy={fy}"),
        ("security-overview", "secretariat", f"/security/overview/?fy={fy}"),
        # The good-practice database: the first page of everything, and a ranked search.
        ("practices", "riken-editor", "/practices/"),
        ("practices-search", "riken-editor", f"/practices/?q={quote('研修')}"),
        # The API's lists (50 rows a page), for the secretariat: every agency's rows.
        *(("api-" + name, "secretariat", f"/api/v1/{path}/") for name, path in API_LISTS),
    ]


API_LISTS = [
    ("sheets", "sheets"), ("rounds", "rounds"),
    ("hr-crossappointments", "hr/cross-appointments"), ("hr-secondments", "hr/secondments"),
    ("hr-initiatives", "hr/initiatives"), ("training-programmes", "training/programmes"),
    ("ip-coicases", "ip/coi-cases"), ("ip-startups", "ip/startups"),
    ("security-incidents", "security/incidents"), ("security-reviews", "security/reviews"),
    ("security-controls", "security/information-security"),
    ("practices", "practices/entries"),
]


def measure(user: str, path: str) -> tuple[float, float, int]:
    client = signed_in(user)
    assert client.get(path).status_code == 200, path
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], len(queries)


def main() -> None:
    print(f"database: {connection.vendor}, runs per page: {RUNS}")
    print("| page | user | path | p50 ms | p95 ms | queries |")
    print("|---|---|---|---|---|---|")
    for name, user, path in key_pages():
        if name in ("floor", "base") and settings.ROOT_URLCONF != "bench.urls":
            continue  # the floor views exist under bench.settings only
        p50, p95, queries = measure(user, path)
        print(f"| {name} | {user} | `{path}` | {p50:.1f} | {p95:.1f} | {queries} |")


if __name__ == "__main__":
    main()
