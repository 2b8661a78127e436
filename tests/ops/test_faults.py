"""Faults the product survives, each against real PostgreSQL and Redis and a real
``celery worker`` process (run by .ci/run; skipped on the SQLite default).

* a worker killed in the middle of a report: its pool process → the job is redelivered
  (acks late) and finishes; the whole worker → the sweeper marks the job failed with the
  reason, and the page says so; it never stays "running";
* Redis stopped (a redis-server of the test's own): pages render, opening a round and
  requesting a report say that the work is queued, nothing is half done, and the work
  completes once Redis is back.

Double clicks are in test_double_clicks.py (no worker needed).
"""

from __future__ import annotations

import os
import signal
import time
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agreements import reports, services
from agreements.models import Reminder, ReportJob, Round, Sheet
from kokken.models import Notification
from tests.agreements.factories import make_questionnaire
from tests.agreements_reports.samples import riken_round
from tests.conftest import sign_in

from .workers import REAL, OwnRedis, Worker, use_broker, wait_for

pytestmark = [
    pytest.mark.worker, pytest.mark.postgres,
    pytest.mark.skipif(not REAL, reason="needs PostgreSQL and Redis (.ci/run sets both)"),
    pytest.mark.django_db(transaction=True),
]


def job_status(job: ReportJob) -> str:
    job.refresh_from_db()
    return job.status


# --- A worker killed in the middle of a report --------------------------------------------

def test_a_report_survives_its_worker_being_killed(request, organisations, cast, client, media,
                                                   through_broker, tmp_path):
    round = riken_round(cast)
    # Prefork with one pool process: the OOM killer (or an operator) can kill the process
    # that renders the PDF while the worker itself lives on.
    worker = Worker(tmp_path, media=media, args=("--pool=prefork", "--concurrency=1"))
    request.addfinalizer(worker.stop)
    worker.wait_until_ready()
    sign_in(client, cast.secretariat)
    url = reverse("agreements:report_annual", kwargs={"round": round.pk})

    assert client.post(url).status_code == 302
    job = ReportJob.objects.get(kind="annual", round=round)
    wait_for(lambda: job_status(job) == "running", "the report to start", lambda: worker.log)
    [pool_process] = worker.children()
    os.kill(pool_process, signal.SIGKILL)
    # Acks late + reject on worker lost: the message goes back to the queue and the
    # worker's new pool process renders the report again, to the end.
    wait_for(lambda: job_status(job) in ("done", "failed"), "the redelivered report",
             lambda: worker.log)
    assert job.status == "done", f"{job.error}\n{worker.log}"
    assert "WorkerLostError" in worker.log or "exited" in worker.log
    assert job.file

    # The whole worker dies (its host, its container): nothing redelivers at once; the
    # sweeper marks the job failed with the reason, and the page tells the truth.
    assert client.post(url).status_code == 302
    wait_for(lambda: job_status(job) == "running", "the second report to start",
             lambda: worker.log)
    worker.kill()
    time.sleep(0.5)
    assert job_status(job) == "running"
    later = timezone.now() + timedelta(seconds=django_settings.REPORT_STALE_SECONDS + 1)
    assert reports.report_jobs_sweep(now=later) == {"failed": 1, "resent": 0}
    job.refresh_from_db()
    assert job.status == "failed"
    assert "the worker may have stopped" in job.error
    page = client.get(reverse("agreements:report_list", kwargs={"round": round.pk})
                      ).content.decode()
    assert "処理が停止した可能性があります" in page  # the reason, in both languages
    assert "the worker may have stopped" in page
    assert "The previous file is still available." in page or job.file


# --- Redis stopped ------------------------------------------------------------------------

def test_with_redis_stopped_pages_render_and_queued_work_completes_when_it_returns(
        request, organisations, cast, media, through_broker, settings, tmp_path):
    redis = OwnRedis(tmp_path)
    redis.start()
    request.addfinalizer(redis.stop)
    saved_broker = django_settings.CELERY_BROKER_URL
    use_broker(redis.url)
    request.addfinalizer(lambda: use_broker(saved_broker))
    settings.REDIS_URL = redis.url
    settings.CACHES = {"default": {"BACKEND": "kokken.cache.ResilientRedisCache",
                                   "LOCATION": redis.url,
                                   "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2}}}
    # The worker runs the beat schedule too (-B), with the sweeper every 2 seconds; its
    # daily reminder hour has passed (0:00); its e-mails go to files.
    mail_dir = tmp_path / "mail"
    worker = Worker(tmp_path, media=media, redis_url=redis.url,
                    args=("--pool=solo", "-B", f"--schedule={tmp_path / 'beat'}"),
                    env={"SWEEP_SECONDS": "2", "REMINDER_HOUR": "0",
                         "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                         "EMAIL_FILE_PATH": str(mail_dir)})
    request.addfinalizer(worker.stop)
    worker.wait_until_ready()

    published = riken_round(cast)  # an open round with sheets, for the pages and a report
    today = timezone.localdate()
    draft = services.round_create(user=cast.secretariat, fiscal_year=2025,
                                  questionnaire=make_questionnaire(), opens_on=today,
                                  due_on=today + timedelta(days=60), title_ja="障害時の調査")
    sheet = Sheet.objects.get(round=published, agency=cast.agency)
    secretariat, editor = Client(), Client()
    sign_in(secretariat, cast.secretariat)
    sign_in(editor, cast.editor)

    redis.stop()  # Redis dies

    # A round whose reminders fall due today while Redis is down: the beat cannot queue them.
    due = Round.objects.create(
        fiscal_year=2024, questionnaire=make_questionnaire("qdue"), status=Round.Status.OPEN,
        title_ja="期限間近の調査", opens_on=today - timedelta(days=30),
        due_on=today + timedelta(days=7), reminder_days_before=7, opened_at=timezone.now())
    due.targets.set([cast.agency, cast.other_agency])
    due_sheet = Sheet.objects.create(round=due, agency=cast.agency)
    Sheet.objects.create(round=due, agency=cast.other_agency)

    for client, url in [
        (secretariat, reverse("agreements:round", kwargs={"round": published.pk})),
        (secretariat, reverse("agreements:report_list", kwargs={"round": published.pk})),
        (secretariat, reverse("agreements:round", kwargs={"round": draft.pk})),
        (editor, reverse("agency_detail", kwargs={"agency": cast.agency.code})),
        (editor, reverse("agreements:sheet", kwargs={"sheet": sheet.pk})),
        (editor, reverse("notifications")),
    ]:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, url
    ready = secretariat.get("/readyz")
    assert ready.status_code == 503 and ready.json()["checks"]["broker"] == "unavailable"

    notified_before = Notification.objects.filter(user=cast.editor).count()
    started = time.monotonic()
    response = secretariat.post(reverse("agreements:round_action", kwargs={"round": draft.pk}),
                                {"action": "open"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert time.monotonic() - started < 10, "the page hung on the broker"
    assert response.status_code == 200
    assert "処理キューに接続できません" in response.content.decode()  # Japanese first
    draft.refresh_from_db()
    assert draft.status == Round.Status.OPEN and draft.questionnaire.locked_at is not None
    assert not Sheet.objects.filter(round=draft).exists()  # nothing half-made

    response = secretariat.post(
        reverse("agreements:report_annual", kwargs={"round": published.pk}),
        HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert response.status_code == 200
    assert "レポートは待機中" in response.content.decode()
    job = ReportJob.objects.get(kind="annual", round=published)
    assert job.status == "queued" and reports.waits_for_queue(job)

    redis.start()  # Redis is back (empty: it kept nothing)

    targets = draft.targets.count()
    wait_for(lambda: Sheet.objects.filter(round=draft).count() == targets,
             "the opened round's sheets", lambda: worker.log, every=0.5)
    wait_for(lambda: job_status(job) in ("done", "failed"), "the queued report",
             lambda: worker.log, every=0.5)
    assert job.status == "done", f"{job.error}\n{worker.log}"
    assert job.error == ""
    # The reminders missed while Redis was down go out once it is back.
    wait_for(lambda: Reminder.objects.filter(round=due).count() == 2, "the missed reminders",
             lambda: worker.log, every=0.5)
    # Each agency's people are told that the round opened, and reminded, once each, and
    # each of those e-mails is sent once, however often the work was resent.
    notified = lambda: Notification.objects.filter(user=cast.editor).count()
    wait_for(lambda: notified() >= notified_before + 2, "the notifications",
             lambda: worker.log, every=0.5)
    time.sleep(3)  # at least one more sweep: it must not notify, remind or mail again
    assert notified() == notified_before + 2
    draft_sheet = Sheet.objects.get(round=draft, agency=cast.agency)
    mailed = "".join(path.read_text(errors="replace") for path in mail_dir.glob("*"))
    for url in (reverse("agreements:sheet", kwargs={"sheet": s.pk})
                for s in (draft_sheet, due_sheet)):
        [note] = Notification.objects.filter(user=cast.editor, url=url)
        assert note.emailed_at is not None, worker.log[-6000:]
        assert mailed.count(f"<notification-{note.pk}@") == 1, url
    assert Reminder.objects.filter(round=due).count() == 2
