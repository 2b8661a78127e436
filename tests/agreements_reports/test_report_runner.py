"""Reports without a broker: the request returns at once, a background thread does the work,
the page polls its progress, and a thread that dies ends the job as failed with its reason."""

import threading

import pytest
from django.core.management import call_command
from django.urls import reverse

from agreements.models import ReportJob
from kokken import pdf
from kokken.models import Agency

from . import factories as f


@pytest.fixture
def committed(transactional_db, settings, tmp_path):
    """The thread has its own connection: it sees only committed rows."""
    if not Agency.objects.exists():  # another transactional test flushed the loaded rows
        call_command("load_organisations", verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORT_RUNNER = "thread"


def report_thread() -> threading.Thread:
    [thread] = [t for t in threading.enumerate() if t.name.startswith("report-job-")]
    return thread


def test_the_request_returns_before_the_report_is_rendered_and_the_page_polls_it(
        committed, client_for, cast, monkeypatch):
    round = f.fy2023_round()
    release = threading.Event()
    real_render = pdf.render_pdf

    def slow_render(*args, **kwargs):
        assert release.wait(30), "the test never released the renderer"
        return real_render(*args, **kwargs)

    monkeypatch.setattr(pdf, "render_pdf", slow_render)
    client = client_for(cast.secretariat)
    url = reverse("agreements:report_annual", kwargs={"round": round.pk})
    response = client.post(url, HTTP_HX_REQUEST="true")
    # Back at once: the renderer is still held, the job is not done, the fragment polls.
    assert response.status_code == 200
    job = ReportJob.objects.get()
    assert job.status in ("queued", "running")
    status = client.get(reverse("agreements:report_annual_status", kwargs={"round": round.pk}))
    assert 'hx-trigger="every 2s"' in status.content.decode()
    release.set()
    report_thread().join(60)
    job.refresh_from_db()
    assert job.status == "done" and job.file
    body = client.get(reverse("agreements:report_annual_status",
                              kwargs={"round": round.pk})).content.decode()
    assert "hx-trigger" not in body and "完了" in body


def test_a_thread_that_dies_ends_its_job_as_failed_with_the_reason(
        committed, cast, monkeypatch):
    from agreements import reports

    round = f.fy2023_round()

    def dies(*args, **kwargs):
        raise SystemExit("killed")  # not an ordinary error: the thread itself stops

    monkeypatch.setattr(pdf, "render_pdf", dies)
    reports.report_request(user=cast.secretariat, kind="annual", round=round)
    report_thread().join(60)
    job = ReportJob.objects.get()
    assert job.status == "failed"
    assert "途中で停止しました" in job.error and "stopped unexpectedly" in job.error
