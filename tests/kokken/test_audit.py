"""The audit trail: complete (who, when, from where, what), append-only, searchable."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse

from agreements import services
from agreements.models import Evidence
from kokken.models import AppendOnlyError, AuditEvent, DataTransfer
from tests.agreements.factories import make_questionnaire, open_round
from tests.conftest import postgres_only

A = AuditEvent.Action


def _events(action, **filters):
    return list(AuditEvent.objects.filter(action=action, **filters))


def test_audit_rows_cannot_be_changed_or_deleted_by_any_code_path(cast):
    event = AuditEvent.objects.create(action=A.SIGN_IN, user=cast.editor, username="x")
    transfer = DataTransfer.record(user=cast.editor, direction="export", what="x",
                                   filename="x.xlsx", size=1)
    for row in (event, transfer):
        with pytest.raises(AppendOnlyError):
            row.save()
        with pytest.raises(AppendOnlyError):
            row.delete()
        manager = type(row).objects
        with pytest.raises(AppendOnlyError):
            manager.filter(pk=row.pk).update(what="changed")
        with pytest.raises(AppendOnlyError):
            manager.filter(pk=row.pk).delete()
        with pytest.raises(AppendOnlyError):
            manager.bulk_update([row], ["what"])
    # Removing the user touches no audit row (no cascade, no SET NULL).
    cast.editor.delete()
    assert AuditEvent.objects.filter(pk=event.pk, username="x", user_id=event.user_id).exists()
    assert DataTransfer.objects.get(pk=transfer.pk).user_id == event.user_id


@pytest.mark.skipif(not postgres_only(), reason="the database trigger exists on PostgreSQL")
def test_postgresql_refuses_raw_updates_and_deletes_of_audit_rows(cast):
    from django.db import DatabaseError

    event = AuditEvent.objects.create(action=A.SIGN_IN, username="x")
    for sql in ("UPDATE kokken_auditevent SET what = 'y' WHERE id = %s",
                "DELETE FROM kokken_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])


def test_sign_ins_and_failed_sign_ins_are_recorded_with_the_address(client, cast):
    client.post(reverse("login"), {"username": "t-riken-editor", "password": "wrong"},
                REMOTE_ADDR="192.0.2.7")
    client.post(reverse("login"), {"username": "t-riken-editor", "password": "test-password-123"},
                REMOTE_ADDR="192.0.2.8")
    failed, = _events(A.SIGN_IN_FAILED)
    assert (failed.username, failed.ip, failed.succeeded, failed.user_id) == (
        "t-riken-editor", "192.0.2.7", False, None)
    signed_in, = _events(A.SIGN_IN)
    assert (signed_in.user, signed_in.ip) == (cast.editor, "192.0.2.8")
    assert "test-password-123" not in str(AuditEvent.objects.values_list())


def test_evidence_upload_and_download_leave_transfer_records(client_for, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    sheet = open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)
    client_for(cast.editor).post(f"/sheets/{sheet.pk}/evidence/", {
        "question": "E1", "file": SimpleUploadedFile("規程.pdf", b"%PDF-1.4 test")},
        REMOTE_ADDR="192.0.2.9")
    upload = DataTransfer.objects.get(direction="import")
    assert (upload.user, upload.filename, upload.size, upload.agency, upload.ip) == (
        cast.editor, "規程.pdf", 13, cast.agency, "192.0.2.9")
    evidence = Evidence.objects.get()
    client = client_for(cast.reviewer)
    assert client.get(f"/evidence/{evidence.pk}/").status_code == 200
    download = DataTransfer.objects.get(direction="download")
    assert (download.user, download.filename, download.agency_id) == (
        cast.reviewer, "規程.pdf", cast.agency.pk)
    assert _events(A.DOWNLOAD, user=cast.reviewer)
    assert _events(A.IMPORT, user=cast.editor)


def test_a_refused_evidence_upload_is_recorded_as_failed(client_for, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    sheet = open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)
    client_for(cast.editor).post(f"/sheets/{sheet.pk}/evidence/", {
        "question": "E1", "file": SimpleUploadedFile("virus.exe", b"MZ")})
    assert DataTransfer.objects.get(direction="import").succeeded is False


def test_api_reads_and_token_use_are_recorded(cast):
    from rest_framework.test import APIClient

    from kokken.models import ApiToken

    _token, secret = ApiToken.issue(user=cast.editor, name="test")
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/v1/agencies/", REMOTE_ADDR="192.0.2.10").status_code == 200
    event, = _events(A.API)
    assert event.user == cast.editor and event.ip == "192.0.2.10"
    assert event.path == "/api/v1/agencies/"
    assert event.what.startswith("GET 200 token kk_")


def test_token_creation_and_revocation_are_recorded(client_for, cast):
    client = client_for(cast.editor)
    client.post(reverse("api_token_create"), {"name": "upload script"})
    created, = _events(A.TOKEN_CREATED, user=cast.editor)
    assert "upload script" in created.what
    token = cast.editor.api_tokens.get()
    client.post(reverse("api_token_revoke", kwargs={"api_token": token.pk}))
    assert _events(A.TOKEN_REVOKED, user=cast.editor)


def test_state_changes_answer_changes_and_views_of_a_sheet_are_recorded(client_for, cast):
    sheet = open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)
    services.answers_save(sheet=sheet, user=cast.editor, raw={"N1": "5"}, base_version=0)
    change, = _events(A.ANSWER_CHANGE)
    assert change.user == cast.editor and change.agency == cast.agency and "N1" in change.what
    transition, = _events(A.TRANSITION, user=cast.editor)
    assert "not_started → in_progress" in transition.what
    client_for(cast.reviewer).get(f"/sheets/{sheet.pk}/")
    view, = _events(A.VIEW, user=cast.reviewer)
    assert view.agency == cast.agency and view.path == f"/sheets/{sheet.pk}/"
    services.round_close(round=sheet.round, user=cast.secretariat)
    rounds = [e.what for e in _events(A.TRANSITION, user=cast.secretariat)]
    assert rounds == [f"round #{sheet.round_id}: open → closed",
                      f"round #{sheet.round_id}: draft → open"]


def test_secretariat_searches_the_trail_and_downloads_it_as_csv_with_bom(client_for, cast):
    AuditEvent.objects.create(action=A.SIGN_IN_FAILED, username="=HYPERLINK(1)",
                              ip="192.0.2.1", succeeded=False)
    AuditEvent.objects.create(action=A.EXPORT, username="t-riken-editor", ip="192.0.2.2",
                              what="round export")
    client = client_for(cast.secretariat)
    page = client.get(reverse("audit"), {"action": "sign_in_failed"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "=HYPERLINK(1)" in body and "round export" not in body
    csv = client.get(reverse("audit_export"), {"ip": "192.0.2."})
    assert csv["Content-Type"].startswith("text/csv")
    content = csv.content
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    assert "round export" in text
    assert "'=HYPERLINK(1)" in text  # never a live formula
    # Downloading the trail is itself an export in the trail.
    assert DataTransfer.objects.filter(user=cast.secretariat, what="audit trail").exists()


@pytest.mark.parametrize("url", ["audit", "audit_export", "security_settings"])
def test_only_the_secretariat_reaches_the_audit_and_security_pages(client_for, cast, url):
    AuditEvent.objects.create(action=A.SIGN_IN, username="t-riken-editor", what="secret-marker")
    for user in (cast.editor, cast.approver, cast.other_editor, cast.reviewer,
                 cast.other_reviewer, cast.sysadmin):
        response = client_for(user).get(reverse(url))
        assert response.status_code == 403, user.username
        assert "secret-marker" not in response.content.decode()
