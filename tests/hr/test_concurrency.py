"""Double clicks on first saves give one row and no error (issue 12, #4).

Threads need a real server: SQLite's in-memory test database serialises writers,
so these run on PostgreSQL (.ci/run sets DATABASE_URL).
"""

import threading

import pytest
from django.db import connection

from hr import services
from hr.models import CrossAppointment, PayScheme, SalaryBenchmark
from tests.conftest import postgres_only
from tests.hr import factories as f

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not postgres_only(), reason="SQLite's in-memory test database "
                       "serialises writers; .ci/run runs this on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def at_once(action, n=4) -> list[Exception]:
    barrier = threading.Barrier(n)
    errors = []

    def worker():
        try:
            barrier.wait()
            action()
        except Exception as exc:  # reported by the caller's assertion
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return errors


BENCHMARK = {"average_salary": 8000, "comparator": "電気業", "survey": "wage_structure",
             "comparator_salary": 8200, "explanation": "説明"}


def test_simultaneous_first_saves_of_a_salary_benchmark_make_one_row(cast):
    errors = at_once(lambda: services.benchmark_save(agency=cast.agency, fiscal_year=2024,
                                                     values=dict(BENCHMARK), user=cast.editor))
    assert errors == []
    assert SalaryBenchmark.objects.filter(agency=cast.agency, fiscal_year=2024).count() == 1


def test_simultaneous_copies_of_the_previous_year_copy_once(cast):
    f.pay_scheme(cast.agency, "fixed_term_researcher", True, fiscal_year=2023)
    f.benchmark(cast.agency, 8000, 8200, fiscal_year=2023)
    f.crossappointment(cast.agency, fiscal_year=2023, end_date=None)
    errors = at_once(lambda: services.copy_previous_year(agency=cast.agency, fiscal_year=2024,
                                                         user=cast.editor))
    assert errors == []
    assert PayScheme.objects.filter(agency=cast.agency, fiscal_year=2024).count() == 1
    assert SalaryBenchmark.objects.filter(agency=cast.agency, fiscal_year=2024).count() == 1
    assert CrossAppointment.objects.filter(agency=cast.agency, fiscal_year=2024).count() == 1
