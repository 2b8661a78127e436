"""Page timings and query counts on the demo data (run by hand, not in CI).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kokken_bench make run   # once, Ctrl+C
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kokken_bench .venv/bin/python bench/pages.py

Times each page in-process with Django's test client (no network, no static files),
so the numbers compare our code and queries, not the web server. Results go to
docs/benchmarks.md by hand.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kokken.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from agreements.models import Round, Sheet  # noqa: E402
from kokken.models import User  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]
RUNS = int(os.environ.get("BENCH_RUNS", "30"))


def measure(user: str, path: str) -> tuple[float, float, int]:
    client = Client()
    client.force_login(User.objects.get(username=user))
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
    r2023 = Round.objects.get(fiscal_year=2023, title_ja__startswith="【デモ】")
    r2024 = Round.objects.get(fiscal_year=2024, title_ja__startswith="【デモ】")
    sheet = Sheet.objects.get(round=r2024, agency__code="riken")
    section = sheet.round.questionnaire.sections.order_by("order").first().code
    pages = [
        ("secretariat", "/agencies/"),
        ("secretariat", f"/rounds/{r2023.pk}/"),
        ("secretariat", f"/rounds/{r2023.pk}/aggregate/"),
        ("mext-reviewer", f"/rounds/{r2023.pk}/"),
        ("riken-editor", f"/sheets/{sheet.pk}/"),
        ("riken-editor", f"/sheets/{sheet.pk}/sections/{section}/"),
    ]
    print(f"database: {connection.vendor}, runs per page: {RUNS}")
    print("| user | page | p50 ms | p95 ms | queries |")
    print("|---|---|---|---|---|")
    for user, path in pages:
        p50, p95, queries = measure(user, path)
        print(f"| {user} | `{path}` | {p50:.1f} | {p95:.1f} | {queries} |")


if __name__ == "__main__":
    main()
