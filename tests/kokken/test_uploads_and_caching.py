"""Evidence types come from the content; confidential responses are never cached (issue 12, #10)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from agreements.models import Evidence
from kokken import uploads
from tests.agreements.factories import make_questionnaire, open_round

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2, 2)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def sheet(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)


def attach(client, sheet, name, content):
    return client.post(f"/sheets/{sheet.pk}/evidence/",
                       {"question": "E1", "file": SimpleUploadedFile(name, content)}, follow=True)


def test_svg_content_named_png_is_refused(client_for, cast, sheet):
    response = attach(client_for(cast.editor), sheet, "chart.png", SVG)
    assert "image/svg+xml" in response.content.decode()
    assert not Evidence.objects.exists()


def test_html_named_pdf_is_refused(client_for, cast, sheet):
    attach(client_for(cast.editor), sheet, "report.pdf", b"<html><script>x()</script></html>")
    assert not Evidence.objects.exists()


def test_a_real_png_is_stored_as_a_png(client_for, cast, sheet):
    attach(client_for(cast.editor), sheet, "図.png", png())
    assert Evidence.objects.get().content_type == "image/png"


def test_the_type_is_read_from_the_content_and_the_file_rewound():
    upload = SimpleUploadedFile("x.png", png())
    assert uploads.evidence_type(upload, ".png") == "image/png"
    assert upload.read(4) == b"\x89PNG"
    assert uploads.evidence_type(SimpleUploadedFile("x.jpg", png()), ".jpg") is None


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_signed_in_pages_and_downloads_are_not_stored(client_for, cast, sheet):
    client = client_for(cast.editor)
    assert no_store(client.get("/"))
    assert no_store(client.get(f"/sheets/{sheet.pk}/"))
    assert no_store(client.get(f"/sheets/{sheet.pk}/template.xlsx"))
    attach(client, sheet, "規程.pdf", b"%PDF-1.4 test")
    assert no_store(client.get(f"/evidence/{Evidence.objects.get().pk}/"))
    assert no_store(client.get("/api/v1/agencies/"))


def test_api_calls_with_a_token_are_not_stored(cast):
    from rest_framework.test import APIClient

    from kokken.models import ApiToken

    _token, secret = ApiToken.issue(user=cast.secretariat, name="t")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = client.get("/api/v1/agencies/")
    assert response.status_code == 200 and no_store(response)
