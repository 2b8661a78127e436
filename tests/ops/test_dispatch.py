"""Without a reachable broker, actions that queue work say so, keep it, and the sweeper
sends it again (no Redis needed: the broker here is a closed port)."""

import time
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements import reports, services
from agreements.models import ReportJob, Round, Sheet
from kokken import dispatch
from tests.agreements.factories import make_questionnaire
from tests.agreements_reports.samples import riken_round
from tests.conftest import sign_in

from .workers import use_broker

DEAD = "redis://127.0.0.1:9/0"  # the discard port: nothing listens


@pytest.fixture
def broker_down(settings):
    from kokken.celery import app

    saved = app.conf.broker_url
    use_broker(DEAD)
    app.conf.task_always_eager = False  # restored by tests/conftest.py
    settings.REPORT_RUNNER = "celery"
    yield
    use_broker(saved)


def test_send_returns_false_at_once_when_the_broker_is_unreachable(broker_down):
    from agreements.tasks import send_reminders

    started = time.monotonic()
    assert dispatch.send(send_reminders) is False
    assert time.monotonic() - started < 5


@pytest.fixture
def organisations(transactional_db):
    """Committed like a real request, so the on-commit dispatch runs inside the service."""
    from django.core.management import call_command

    from kokken.models import Agency

    if not Agency.objects.exists():  # an earlier transactional test flushed them
        call_command("load_organisations", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_opening_a_round_without_broker_opens_it_and_says_sheets_will_follow(
        organisations, cast, client, broker_down):
    round = services.round_create(user=cast.secretariat, fiscal_year=2025,
                                  questionnaire=make_questionnaire(), opens_on=date(2025, 6, 1),
                                  due_on=date(2025, 7, 31), title_ja="キュー停止")
    sign_in(client, cast.secretariat)
    response = client.post(reverse("agreements:round_action", kwargs={"round": round.pk}),
                           {"action": "open"}, follow=True)
    assert response.status_code == 200
    assert "処理キューに接続できません" in response.content.decode()
    round.refresh_from_db()
    assert round.status == Round.Status.OPEN
    assert not Sheet.objects.filter(round=round).exists()


@pytest.mark.django_db(transaction=True)
def test_a_report_requested_without_broker_waits_visibly_and_the_sweeper_resends_it(
        organisations, cast, client, broker_down, monkeypatch):
    round = riken_round(cast)
    sign_in(client, cast.secretariat)
    response = client.post(reverse("agreements:report_annual", kwargs={"round": round.pk}),
                           follow=True)
    assert "レポートは待機中" in response.content.decode()
    job = ReportJob.objects.get(kind="annual", round=round)
    assert reports.waits_for_queue(job)
    assert "処理キューに接続できない" in client.get(
        reverse("agreements:report_list", kwargs={"round": round.pk})).content.decode()

    # Still down: the sweep keeps the job waiting; back up: the sweep sends it.
    assert reports.report_jobs_sweep() == {"failed": 0, "resent": 0}
    job.refresh_from_db()
    assert reports.waits_for_queue(job)
    sent = []
    monkeypatch.setattr(dispatch, "send", lambda task, *args: sent.append(args) or True)
    assert reports.report_jobs_sweep() == {"failed": 0, "resent": 1}
    assert sent == [(job.pk,)]
    job.refresh_from_db()
    assert job.status == "queued" and job.error == ""


@pytest.mark.django_db
def test_the_sweeper_resends_only_open_rounds_that_lack_sheets(cast, monkeypatch):
    sent = []
    monkeypatch.setattr(dispatch, "send", lambda task, *args: sent.append(args) or True)
    complete = riken_round(cast)  # opened, with all its sheets
    waiting = services.round_create(user=cast.secretariat, fiscal_year=2025,
                                    questionnaire=make_questionnaire(), opens_on=date(2025, 6, 1),
                                    due_on=date(2025, 7, 31), title_ja="待機中")
    services.round_open(round=waiting, user=cast.secretariat)
    assert not Sheet.objects.filter(round=waiting).exists()
    Round.objects.filter(pk__in=[complete.pk, waiting.pk]).update(
        opened_at=timezone.now() - timedelta(minutes=5))
    sent.clear()
    assert services.rounds_resume() == 1
    assert sent == [(waiting.pk,)]
