"""Report jobs through the API: request, poll, download; outsiders learn nothing."""

from django.core.files.base import ContentFile

from agreements.models import ReportJob
from tests.agreements.factories import make_questionnaire, open_round, submit


def _round(cast):
    round = open_round(cast, make_questionnaire())
    submit(round.sheets.get(agency=cast.agency), {"Q1-1": "done", "N1": "1"})
    return round


def test_an_editor_requests_its_agency_report_and_downloads_it(
        client_for, cast, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    round = _round(cast)
    client = client_for(cast.editor)
    with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/api/v1/report-jobs/", {"kind": "agency", "round": round.pk,
                                                        "agency": "riken"},
                               content_type="application/json")
    assert response.status_code == 202
    job_id = response.json()["id"]
    status = client.get(f"/api/v1/report-jobs/{job_id}/").json()
    assert status["status"] == "done" and status["download"].endswith("/download/")
    pdf = client.get(f"/api/v1/report-jobs/{job_id}/download/")
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_an_editor_cannot_request_another_agencys_or_the_annual_report(client_for, cast):
    round = _round(cast)
    client = client_for(cast.other_editor)
    other = client.post("/api/v1/report-jobs/", {"kind": "agency", "round": round.pk,
                                                 "agency": "riken"},
                        content_type="application/json")
    assert other.status_code == 404
    annual = client.post("/api/v1/report-jobs/", {"kind": "annual", "round": round.pk},
                         content_type="application/json")
    assert annual.status_code == 403
    assert not ReportJob.objects.exists()


def test_outsiders_neither_list_nor_open_nor_download_a_job(client_for, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    round = _round(cast)
    job = ReportJob.objects.create(kind="agency", round=round, agency=cast.agency,
                                   status="done", requested_by=cast.editor)
    job.file.save("r.pdf", ContentFile(b"%PDF-1.4"))
    for user in (cast.other_editor, cast.other_reviewer):
        client = client_for(user)
        assert client.get("/api/v1/report-jobs/").json()["count"] == 0
        for url in (f"/api/v1/report-jobs/{job.pk}/", f"/api/v1/report-jobs/{job.pk}/download/"):
            response = client.get(url)
            assert response.status_code == 404
            assert "理化学研究所" not in response.content.decode() and "riken" not in \
                response.content.decode()
    assert client_for(cast.reviewer).get(f"/api/v1/report-jobs/{job.pk}/").status_code == 200


def test_the_secretariat_requests_the_annual_report(client_for, cast, settings, tmp_path,
                                                    django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    round = _round(cast)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.secretariat).post(
            "/api/v1/report-jobs/", {"kind": "annual", "round": round.pk},
            content_type="application/json")
    assert response.status_code == 202
    assert ReportJob.objects.get().status == "done"
