"""One report through a real Celery worker, against PostgreSQL and Redis.

With ``DATABASE_URL=postgres://…`` and ``REDIS_URL`` set (as in CI: ``.ci/run``), the
test starts ``celery -A kokken worker --pool=solo`` on the test database, requests
the annual report through the page, and waits for the worker to write the PDF.
Without them (a newcomer's SQLite set-up) the same request → task → PDF path runs
with the task executed in-process (no broker), which is what `make run` does.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from agreements.models import ReportJob
from kokken.models import Agency

from .pdftools import pdf_text
from .samples import riken_round
from tests.conftest import sign_in

REAL = (os.environ.get("DATABASE_URL", "").startswith("postgres")
        and bool(os.environ.get("REDIS_URL")))
TIMEOUT = 120  # seconds for the worker to start and for the report to be written


def start_worker(tmp_path: Path, media: Path) -> subprocess.Popen:
    db = connection.settings_dict
    url = (f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
           f"{db['PORT'] or 5432}/{db['NAME']}")  # the TEST database, not the dev one
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(media),
           "CELERY_TASK_ALWAYS_EAGER": "false", "KOKKEN_DEMO": "on" if settings.DEMO_MODE else "off"}
    log = open(tmp_path / "worker.log", "wb")  # noqa: SIM115 (closed with the process)
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "kokken", "worker", "--pool=solo",
         "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "-n", f"pdf-test-{uuid.uuid4().hex[:8]}@%h"],
        cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True)


def wait_until_ready(worker: subprocess.Popen, tmp_path: Path) -> None:
    from kokken.celery import app

    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()
        if app.control.ping(timeout=1.0):
            return
    pytest.fail("The Celery worker did not start:\n" + (tmp_path / "worker.log").read_text())


def stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


@pytest.fixture
def organisations(transactional_db):
    """The worker must see committed rows, so this test commits (and the database is
    flushed afterwards, as for every transactional test). Another transactional test may
    have flushed the ministries and agencies the data migration loaded: load them again."""
    if not Agency.objects.exists():
        call_command("load_organisations", verbosity=0)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_annual_report_is_generated_by_a_worker(request, organisations, client, cast, settings,
                                                tmp_path):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    round = riken_round(cast)
    round.status = round.Status.PUBLISHED  # so the report names the agencies per answer
    round.save()
    if REAL:
        worker = start_worker(tmp_path, media)
        request.addfinalizer(lambda: stop(worker))
        wait_until_ready(worker, tmp_path)
    else:
        from kokken.celery import app

        # No broker here: the task runs in-process, on commit, exactly as `make run` does.
        saved = app.conf.task_always_eager
        app.conf.task_always_eager = True
        request.addfinalizer(lambda: setattr(app.conf, "task_always_eager", saved))

    sign_in(client, cast.secretariat)
    response = client.post(reverse("agreements:report_annual", kwargs={"round": round.pk}))
    assert response.status_code == 302

    job = ReportJob.objects.get(kind="annual", round=round)
    deadline = time.monotonic() + TIMEOUT
    while job.status in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.5)
        job.refresh_from_db()
    log = (tmp_path / "worker.log").read_text() if REAL else ""
    assert job.status == "done", f"{job.status}: {job.error}\n{log}"
    assert job.progress == 100

    download = client.get(reverse("agreements:report_annual_download", kwargs={"round": round.pk}))
    text = pdf_text(b"".join(download.streaming_content), tmp_path)
    assert "年次フォローアップ報告書" in text.replace(" ", "")
    assert "理化学研究所" in text
    if REAL:
        assert "generate_report" in log and "succeeded" in log
