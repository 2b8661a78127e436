"""Files attached to a good-practice entry: checked by their content like every upload,
attached to a draft by the proposing agency, downloaded (and recorded) by whoever may see
the entry: a published entry's by every signed-in user, a draft's by nobody else."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kokken.models import DataTransfer
from practices import services
from practices.models import Attachment, Practice
from tests.practices import factories as f

S = Practice.State
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _upload(client, entry, name="取組の資料.pdf", content=PDF):
    return client.post(reverse("practices:attachment_upload", args=[entry.pk]),
                       {"file": SimpleUploadedFile(name, content)})


def _attached(entry, user):
    return services.attachment_add(practice=entry, user=user,
                                   upload=_checked(SimpleUploadedFile("資料.pdf", PDF)))


def _checked(upload):
    upload.kokken_content_type = "application/pdf"
    return upload


def test_editor_attaches_a_pdf_to_a_draft_and_downloads_it(cast, client_for):
    entry = f.practice(cast.agency)
    client = client_for(cast.editor)
    response = _upload(client, entry)
    assert response.status_code == 302
    attachment = Attachment.objects.get(practice=entry)
    assert attachment.name == "取組の資料.pdf" and attachment.content_type == "application/pdf"
    page = client.get(reverse("practices:detail", args=[entry.pk])).content.decode()
    download = reverse("practices:attachment", args=[attachment.pk])
    assert download in page
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "no-store" in response["Cache-Control"]
    assert DataTransfer.objects.filter(filename="取組の資料.pdf",
                                       direction=DataTransfer.Direction.DOWNLOAD).exists()


def test_a_file_whose_content_is_not_its_type_is_refused_and_nothing_kept(cast, client_for):
    entry = f.practice(cast.agency)
    client = client_for(cast.editor)
    response = _upload(client, entry, "資料.pdf", b"<html><script>alert(1)</script></html>")
    assert response.status_code == 302
    assert not Attachment.objects.exists()
    page = client.get(response.url).content.decode()
    assert "PDF" in page  # the reason, 「＊…PDF…」
    assert _upload(client, entry, "script.exe", b"MZ\x90\x00").status_code == 302
    assert _upload(client, entry, "empty.pdf", b"").status_code == 302
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("who", ["reviewer", "secretariat"])
def test_who_may_not_edit_the_agency_cannot_attach(cast, client_for, who):
    entry = f.practice(cast.agency)
    assert _upload(client_for(getattr(cast, who)), entry).status_code == 403
    with pytest.raises(PermissionDenied):
        _attached(entry, getattr(cast, who))
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("who", ["other_editor", "other_reviewer"])
def test_outsiders_cannot_attach_to_a_draft_nor_learn_it_exists(cast, client_for, who):
    entry = f.practice(cast.agency)
    assert _upload(client_for(getattr(cast, who)), entry).status_code == 404
    assert not Attachment.objects.exists()


def test_a_submitted_entry_takes_no_new_file(cast, client_for):
    entry = f.practice(cast.agency, state=S.SUBMITTED)
    assert _upload(client_for(cast.editor), entry).status_code == 302
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("who", ["other_editor", "other_reviewer"])
def test_a_drafts_file_is_hidden_from_outsiders(cast, client_for, who):
    attachment = _attached(f.practice(cast.agency), cast.editor)
    client = client_for(getattr(cast, who))
    assert client.get(reverse("practices:attachment", args=[attachment.pk])).status_code == 404
    assert client.post(reverse("practices:attachment_delete",
                               args=[attachment.pk])).status_code == 404
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert not DataTransfer.objects.filter(direction=DataTransfer.Direction.DOWNLOAD).exists()


def test_a_drafts_file_is_seen_by_the_supervising_ministry(cast, client_for):
    attachment = _attached(f.practice(cast.agency), cast.editor)
    response = client_for(cast.reviewer).get(reverse("practices:attachment",
                                                     args=[attachment.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["other_editor", "other_reviewer"])
def test_a_published_entrys_file_is_for_every_signed_in_user(cast, client_for, who):
    from django.test import Client

    entry = f.practice(cast.agency)
    attachment = _attached(entry, cast.editor)
    services.practice_transition(practice=entry, to=S.SUBMITTED, user=cast.editor)
    services.practice_transition(practice=entry, to=S.PUBLISHED, user=cast.secretariat)
    url = reverse("practices:attachment", args=[attachment.pk])
    assert client_for(getattr(cast, who)).get(url).status_code == 200
    assert Client().get(url).status_code == 302  # anonymous: to the sign-in page


def test_the_agency_removes_a_file_from_a_draft_only(cast, client_for):
    entry = f.practice(cast.agency)
    attachment = _attached(entry, cast.editor)
    url = reverse("practices:attachment_delete", args=[attachment.pk])
    assert client_for(cast.reviewer).post(url).status_code == 403
    services.practice_transition(practice=entry, to=S.SUBMITTED, user=cast.editor)
    assert client_for(cast.editor).post(url).status_code == 302
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    services.practice_transition(practice=entry, to=S.DRAFT, user=cast.editor)
    with pytest.raises(PermissionDenied):
        services.attachment_delete(attachment=attachment, user=cast.other_editor)
    assert client_for(cast.editor).post(url).status_code == 302
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
