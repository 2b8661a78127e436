"""Report pages: request, poll and download, each through kokken.access."""

import pytest
from django.urls import reverse

from agreements.models import ReportJob
from kokken.models import DataTransfer

from .samples import riken_round
from tests.conftest import sign_in


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def round(cast):
    return riken_round(cast)


def urls(name, **kwargs):
    return [reverse(f"agreements:{name}", kwargs=kwargs),
            reverse(f"agreements:{name}_status", kwargs=kwargs),
            reverse(f"agreements:{name}_download", kwargs=kwargs)]


@pytest.fixture
def done_jobs(round, cast, client, django_capture_on_commit_callbacks):
    """All three reports of the round generated once, as the secretariat."""
    sign_in(client, cast.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("agreements:report_annual", kwargs={"round": round.pk}))
        client.post(reverse("agreements:report_agency", kwargs={"round": round.pk, "agency": "riken"}))
        client.post(reverse("agreements:report_ministry", kwargs={"round": round.pk, "ministry": "MEXT"}))
    client.logout()
    assert set(ReportJob.objects.values_list("status", flat=True)) == {"done"}
    return ReportJob.objects.all()


def test_secretariat_requests_the_annual_report_and_downloads_it(
        client_for, cast, round, django_capture_on_commit_callbacks):
    client = client_for(cast.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("agreements:report_annual", kwargs={"round": round.pk}))
    assert response.status_code == 302
    page = client.get(reverse("agreements:report_list", kwargs={"round": round.pk}))
    assert page.status_code == 200
    assert "年次フォローアップ報告書" in page.content.decode()
    download = client.get(reverse("agreements:report_annual_download", kwargs={"round": round.pk}))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    record = DataTransfer.objects.get()
    assert record.user == cast.secretariat and record.direction == "export"


def test_the_status_fragment_polls_while_queued_and_stops_when_done(
        client_for, cast, round, django_capture_on_commit_callbacks):
    client = client_for(cast.editor)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("agreements:report_agency", kwargs={"round": round.pk,
                                                                "agency": "riken"}),
                               HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'hx-trigger="every 2s"' in body and "待機中" in body
    assert "<script" not in body  # strict CSP: no inline scripts
    job = ReportJob.objects.get()
    job.status, job.progress = "running", 40
    job.save()
    status_url = reverse("agreements:report_agency_status", kwargs={"round": round.pk, "agency": "riken"})
    body = client.get(status_url).content.decode()
    assert 'hx-trigger="every 2s"' in body and 'value="40"' in body
    from agreements import reports

    reports.report_generate(job=job)
    body = client.get(status_url).content.decode()
    assert "hx-trigger" not in body and "完了" in body and "PDFをダウンロード" in body


def test_a_failed_job_shows_its_reason(client_for, cast, round):
    ReportJob.objects.create(kind="annual", round=round, status="failed",
                             error="日本語フォントがありません。\nNo Japanese font is installed.")
    body = client_for(cast.secretariat).get(
        reverse("agreements:report_annual_status", kwargs={"round": round.pk})).content.decode()
    assert "失敗" in body and "日本語フォントがありません。" in body and "hx-trigger" not in body


def test_agency_users_see_only_their_own_report_on_the_round_page(client_for, cast, round):
    body = client_for(cast.editor).get(reverse("agreements:report_list", kwargs={"round": round.pk}))
    text = body.content.decode()
    assert body.status_code == 200 and "法人別報告書" in text
    assert "年次フォローアップ報告書" not in text and "府省別報告書" not in text
    assert "物質・材料研究機構" not in text  # NIMS is in the round, but not RIKEN's business


def test_users_of_an_agency_outside_the_round_find_no_report_page(client_for, cast, round):
    assert client_for(cast.other_editor).get(
        reverse("agreements:report_list", kwargs={"round": round.pk})).status_code == 404


@pytest.mark.parametrize("user", ["other_editor", "other_approver", "other_reviewer"])
def test_another_agency_or_ministry_cannot_request_poll_or_download_an_agency_report(
        client_for, cast, round, done_jobs, user):
    client = client_for(getattr(cast, user))
    request, status, download = urls("report_agency", round=round.pk, agency="riken")
    assert client.post(request).status_code == 404
    assert client.get(status).status_code == 404
    assert client.get(download).status_code == 404
    assert ReportJob.objects.filter(requested_by=getattr(cast, user)).count() == 0


@pytest.mark.parametrize("user", ["other_reviewer", "editor", "approver", "other_editor"])
def test_only_the_supervising_ministry_reaches_its_ministry_report(
        client_for, cast, round, done_jobs, user):
    client = client_for(getattr(cast, user))
    for url in urls("report_ministry", round=round.pk, ministry="MEXT"):
        response = client.post(url) if url.endswith("/MEXT/") else client.get(url)
        assert response.status_code == 404, url


def test_the_supervising_reviewer_downloads_the_ministry_report(client_for, cast, round,
                                                                 done_jobs):
    client = client_for(cast.reviewer)
    response = client.get(reverse("agreements:report_ministry_download",
                                  kwargs={"round": round.pk, "ministry": "MEXT"}))
    assert response.status_code == 200
    assert client.get(reverse("agreements:report_agency_download",
                              kwargs={"round": round.pk, "agency": "riken"})).status_code == 200


@pytest.mark.parametrize("user", ["editor", "approver", "reviewer", "other_reviewer"])
def test_only_the_secretariat_reaches_the_annual_report(client_for, cast, round, done_jobs, user):
    client = client_for(getattr(cast, user))
    request, status, download = urls("report_annual", round=round.pk)
    assert client.post(request).status_code == 403
    assert client.get(status).status_code == 403
    assert client.get(download).status_code == 403


def test_an_agency_not_in_the_round_has_no_report_in_it(client_for, cast, round):
    client = client_for(cast.other_editor)  # AIST may view AIST, but AIST is not a target
    for url in urls("report_agency", round=round.pk, agency="aist"):
        response = client.post(url) if url.endswith("/aist/") else client.get(url)
        assert response.status_code == 404


def test_a_ministry_report_needs_a_round_with_its_agencies(client_for, cast, round):
    client = client_for(cast.secretariat)
    assert client.post(reverse("agreements:report_ministry", kwargs={
        "round": round.pk, "ministry": "METI"})).status_code == 404


def test_download_before_any_file_is_404(client_for, cast, round):
    assert client_for(cast.secretariat).get(
        reverse("agreements:report_annual_download", kwargs={"round": round.pk})).status_code == 404


def test_get_does_not_start_a_job(client_for, cast, round):
    assert client_for(cast.secretariat).get(
        reverse("agreements:report_annual", kwargs={"round": round.pk})).status_code == 405
    assert not ReportJob.objects.exists()


def test_the_secretariats_reports_page_is_a_table_with_one_row_per_report(client_for, cast,
                                                                          round):
    from kokken.models import Agency

    round.targets.set(Agency.objects.all())  # 27 agency reports, not 27 stacked blocks
    body = client_for(cast.secretariat).get(
        reverse("agreements:report_list", kwargs={"round": round.pk})).content.decode()
    rows = body.count('<tr class="report-status"')
    targets = round.targets.count()
    ministries = round.targets.values("ministries").distinct().count()
    assert rows == 1 + ministries + targets
    assert body.count("<table") == 3  # annual, ministry reports, agency reports
    # The many agency reports are folded under one summary line.
    assert "<details" in body and f"法人別報告書（{targets}件、うち作成済み0件）" in body
    assert 'name="basis"' in body and 'name="name_agencies"' in body


def test_the_annual_report_is_requested_with_its_basis_and_naming_choice(
        client_for, cast, round, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast.secretariat).post(
            reverse("agreements:report_annual", kwargs={"round": round.pk}),
            {"basis": "submitted", "name_agencies": "1"})
    job = ReportJob.objects.get(kind="annual")
    assert (job.basis, job.name_agencies, job.status) == ("submitted", True, "done")
    body = client_for(cast.secretariat).get(
        reverse("agreements:report_annual_status", kwargs={"round": round.pk})).content.decode()
    assert "提出済・受理の回答票" in body and "付録に法人名を記載" in body


def test_an_unknown_basis_falls_back_to_accepted_sheets(
        client_for, cast, round, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.secretariat).post(
            reverse("agreements:report_annual", kwargs={"round": round.pk}), {"basis": "<x>"})
    assert response.status_code == 302
    assert ReportJob.objects.get(kind="annual").basis == "accepted"


def test_an_agency_cannot_name_agencies_in_its_own_report(
        client_for, cast, round, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast.editor).post(reverse("agreements:report_agency", kwargs={
            "round": round.pk, "agency": "riken"}), {"name_agencies": "1"})
    assert ReportJob.objects.get(kind="agency").name_agencies is False
