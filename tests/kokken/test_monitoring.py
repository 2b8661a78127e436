"""Mass-download monitoring (alert, hold, release) and API throttles."""

from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from kokken.models import ApiToken, AuditEvent, ExportHold, Notification
from tests.agreements.factories import make_questionnaire, open_round
from tests.conftest import sign_in


def _template_downloads(client, sheet, times):
    return [client.get(f"/sheets/{sheet.pk}/template.xlsx").status_code for _ in range(times)]


def test_many_downloads_alert_the_secretariat_and_administrators_once(
        client_for, cast, settings, django_capture_on_commit_callbacks):
    settings.MASS_DOWNLOAD_LIMIT, settings.MASS_DOWNLOAD_WINDOW_SECONDS = 3, 600
    sheet = open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)
    client = client_for(cast.editor)
    Notification.objects.all().delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert _template_downloads(client, sheet, 3) == [200] * 3
    assert not AuditEvent.objects.filter(action="mass_download").exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert _template_downloads(client, sheet, 3) == [200] * 3  # alerted, not held
    alert, = AuditEvent.objects.filter(action="mass_download")
    assert alert.user == cast.editor and "4" in alert.what
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {"t-secretariat", "t-admin"}
    assert sorted(m.to[0] for m in mail.outbox) == [cast.sysadmin.email, cast.secretariat.email]
    assert "/audit/?username=t-riken-editor" in mail.outbox[0].body
    assert "理化学研究所" not in mail.outbox[0].body  # links, not content
    page = sign_in(client, cast.secretariat).get(reverse("audit"), {"action": "mass_download"})
    assert "t-riken-editor" in page.content.decode()


def test_with_holding_on_further_exports_wait_for_an_administrator(client_for, cast, settings):
    settings.MASS_DOWNLOAD_LIMIT, settings.MASS_DOWNLOAD_HOLD = 2, True
    sheet = open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)
    client = client_for(cast.editor)
    assert _template_downloads(client, sheet, 3) == [200] * 3
    held = client.get(f"/sheets/{sheet.pk}/template.xlsx")
    assert held.status_code == 403
    assert "保留" in held.content.decode()
    assert AuditEvent.objects.filter(action="export_refused", user=cast.editor).exists()
    hold = ExportHold.objects.get(user=cast.editor, released_at__isnull=True)
    admin = sign_in(client, cast.sysadmin)
    admin.post("/admin/kokken/exporthold/", {"action": "release", "_selected_action": [hold.pk]})
    hold.refresh_from_db()
    assert hold.released_by == cast.sysadmin
    assert AuditEvent.objects.filter(action="exports_released", user=cast.sysadmin).exists()
    settings.MASS_DOWNLOAD_LIMIT = 100
    assert _template_downloads(client_for(cast.editor), sheet, 1) == [200]


def test_the_api_is_throttled_per_user(cast, settings):
    settings.API_THROTTLE_RATES = {"user": "3/minute", "anon": None}
    _token, secret = ApiToken.issue(user=cast.editor, name="script")
    cache.delete(f"throttle_user_{cast.editor.pk}")
    api = APIClient(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="ja")
    assert [api.get("/api/v1/agencies/").status_code for _ in range(3)] == [200] * 3
    refused = api.get("/api/v1/agencies/")
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "throttled"
    assert "Retry-After" in refused
    cache.delete(f"throttle_user_{cast.editor.pk}")
