"""Opening the same round from two workers at once never makes duplicate sheets."""

import threading

import pytest
from django.db import connection

from agreements import services
from agreements.models import Round, Sheet
from tests.agreements.factories import make_questionnaire
from tests.conftest import postgres_only


@pytest.mark.postgres
@pytest.mark.skipif(not postgres_only(), reason="SQLite's in-memory test database serialises "
                    "writers; .ci/run runs this on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_workers_creating_sheets_at_once_make_exactly_27(cast):
    from datetime import date

    round = services.round_create(user=cast.secretariat, fiscal_year=2024,
                                  questionnaire=make_questionnaire(), opens_on=date(2024, 6, 1),
                                  due_on=date(2024, 7, 31), title_ja="同時実行")
    Round.objects.filter(pk=round.pk).update(status=Round.Status.OPEN)
    barrier = threading.Barrier(4)
    errors = []

    def worker():
        try:
            barrier.wait()
            services.round_create_sheets(round=round)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert Sheet.objects.filter(round=round).count() == 27
    assert Sheet.objects.filter(round=round).values("agency").distinct().count() == 27
