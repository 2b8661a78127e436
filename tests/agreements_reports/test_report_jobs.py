"""Report jobs: queued on commit, status and progress, atomic replacement, failures kept apart."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from agreements import reports
from agreements.models import ReportJob
from kokken import pdf

from . import factories as f


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


@pytest.fixture
def round(db):
    return f.fy2023_round()


def request_annual(cast, round, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = reports.report_request(user=cast.secretariat, kind="annual", round=round)
    job.refresh_from_db()
    return job, callbacks


def test_a_request_is_queued_on_commit_and_runs_to_done(cast, round,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = reports.report_request(user=cast.secretariat, kind="annual", round=round)
    assert job.status == "queued" and len(callbacks) == 1  # nothing runs before the commit
    callbacks[0]()  # Celery is eager without REDIS_URL
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert job.progress == 100 and job.finished_at is not None and job.error == ""
    assert job.file.name == f"reports/{round.pk}/annual.pdf"
    assert job.file.read().startswith(b"%PDF")


def test_asking_again_while_queued_or_running_queues_nothing_more(
        cast, round, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first = reports.report_request(user=cast.secretariat, kind="annual", round=round)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = reports.report_request(user=cast.secretariat, kind="annual", round=round)
    assert again.pk == first.pk and callbacks == []


def test_regenerating_replaces_the_file_atomically(cast, round, media, monkeypatch,
                                                   django_capture_on_commit_callbacks):
    job, _ = request_annual(cast, round, django_capture_on_commit_callbacks)
    first = Path(job.file.path).read_bytes()
    replaced = []
    real_replace = reports.os.replace

    def spy(src, dst):
        # The new content is complete on disk before it takes the report's name.
        assert Path(src).read_bytes().startswith(b"%PDF") and Path(src).parent == Path(dst).parent
        replaced.append((src, dst))
        real_replace(src, dst)

    monkeypatch.setattr(reports.os, "replace", spy)
    monkeypatch.setattr(reports.pdf, "render_pdf", lambda *a, **k: b"%PDF-1.7 second version")
    job, _ = request_annual(cast, round, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == "done"
    assert Path(job.file.path).read_bytes() == b"%PDF-1.7 second version" != first
    assert len(replaced) == 1 and str(replaced[0][1]) == job.file.path
    assert [p.name for p in Path(job.file.path).parent.iterdir()] == ["annual.pdf"]  # no leftovers


def test_a_failed_run_keeps_the_previous_file_and_says_why(cast, round, monkeypatch,
                                                          django_capture_on_commit_callbacks):
    job, _ = request_annual(cast, round, django_capture_on_commit_callbacks)
    previous = Path(job.file.path).read_bytes()

    def broken(*args, **kwargs):
        raise ValueError("layout exploded")

    monkeypatch.setattr(reports.pdf, "render_pdf", broken)
    job, _ = request_annual(cast, round, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == "failed"
    assert "レポートを生成できませんでした" in job.error
    assert "The report could not be generated" in job.error
    assert "layout exploded" in job.error
    assert job.file and Path(job.file.path).read_bytes() == previous


def test_a_failed_write_leaves_no_half_file(cast, round, monkeypatch,
                                            django_capture_on_commit_callbacks):
    job, _ = request_annual(cast, round, django_capture_on_commit_callbacks)
    previous = Path(job.file.path).read_bytes()

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(reports.os, "replace", disk_full)
    job, _ = request_annual(cast, round, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == "failed" and "No space left" in job.error
    assert Path(job.file.path).read_bytes() == previous
    assert [p.name for p in Path(job.file.path).parent.iterdir()] == ["annual.pdf"]


def test_a_missing_japanese_font_fails_the_job_with_the_install_hint(
        cast, round, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(pdf, "japanese_fonts", lambda: ())
    job, _ = request_annual(cast, round, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == "failed"
    assert "日本語フォントがありません" in job.error and "fonts-noto-cjk" in job.error
    assert not job.file


def test_progress_is_written_while_running(cast, round, monkeypatch):
    seen = []
    real = reports.pdf.render_pdf

    def watching(*args, **kwargs):
        seen.append(ReportJob.objects.values_list("status", "progress").get())
        return real(*args, **kwargs)

    monkeypatch.setattr(reports.pdf, "render_pdf", watching)
    job = ReportJob.objects.create(kind="annual", round=round)
    reports.report_generate(job=job)
    assert seen == [("running", 40)]


def test_a_job_running_too_long_is_marked_failed_when_polled(round):
    job = ReportJob.objects.create(kind="annual", round=round, status="running",
                                   started_at=timezone.now() - timedelta(hours=2))
    assert reports.report_expire_stale(job)
    job.refresh_from_db()
    assert job.status == "failed"
    assert "生成が終わりませんでした" in job.error and "did not finish" in job.error
    fresh = ReportJob.objects.create(kind="agency", round=round, agency=round.targets.first(),
                                     status="running", started_at=timezone.now())
    assert not reports.report_expire_stale(fresh)


def test_a_stale_job_can_be_requested_again(cast, round, django_capture_on_commit_callbacks):
    ReportJob.objects.create(kind="annual", round=round, status="running",
                             started_at=timezone.now() - timedelta(hours=2))
    job, callbacks = request_annual(cast, round, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert len(callbacks) == 1 and job.status == "done"


def test_only_those_allowed_may_request(cast, round):
    with pytest.raises(PermissionDenied):
        reports.report_request(user=cast.reviewer, kind="annual", round=round)
    with pytest.raises(PermissionDenied):
        reports.report_request(user=cast.other_editor, kind="agency", round=round,
                               agency=cast.agency)
    from kokken.models import Ministry

    with pytest.raises(PermissionDenied):
        reports.report_request(user=cast.other_reviewer, kind="ministry", round=round,
                               ministry=Ministry.objects.get(code="MEXT"))


def test_the_task_ignores_a_deleted_job(db):
    from agreements.tasks import generate_report

    assert generate_report.delay(987654).get() is None
