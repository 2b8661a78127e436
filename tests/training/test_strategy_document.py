"""The specialist-staff strategy's document: uploaded on the strategy page through the upload
rules (type by content, size), served only to those who may view the agency, replaced and
removed without leaving files behind."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kokken.models import DataTransfer
from training.models import Strategy

pytestmark = pytest.mark.django_db
PAGE = "/training/agencies/riken/strategy/?fy=2024"
FORM = {"exists": "on", "adopted_on_0": "2024", "adopted_on_1": "4", "adopted_on_2": "1",
        "title": "専門人材の確保・育成に関する戦略"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(name="戦略.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_an_editor_uploads_the_document_and_a_supervising_reviewer_downloads_it(
        cast, client_for):
    editor = client_for(cast.editor)
    assert 'enctype="multipart/form-data"' in editor.get(PAGE).content.decode()
    response = editor.post(PAGE, {**FORM, "document": upload()})
    assert response.status_code == 302
    strategy = Strategy.objects.get(agency=cast.agency, fiscal_year=2024)
    assert (strategy.document_name, strategy.document_type) == ("戦略.pdf", "application/pdf")
    chapter = editor.get("/training/agencies/riken/?fy=2024").content.decode()
    link = f"/training/strategies/{strategy.pk}/document/"
    assert link in chapter and "戦略.pdf" in chapter
    download = client_for(cast.reviewer).get(link)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "no-store" in download["Cache-Control"]
    assert DataTransfer.objects.filter(user=cast.reviewer, direction="download").count() == 1


def test_outsiders_learn_nothing_of_the_document(cast, client_for):
    client_for(cast.editor).post(PAGE, {**FORM, "document": upload()})
    link = f"/training/strategies/{Strategy.objects.get().pk}/document/"
    for user in (cast.other_editor, cast.other_reviewer):
        assert client_for(user).get(link).status_code == 404


def test_a_file_that_is_not_what_its_name_says_is_refused_on_the_field(cast, client_for):
    response = client_for(cast.editor).post(
        PAGE, {**FORM, "document": upload("戦略.pdf", b"<html><script>alert(1)</script>")})
    assert response.status_code == 200
    assert "PDF" in response.content.decode() and 'aria-invalid="true"' in \
        response.content.decode()
    assert not Strategy.objects.exists()


def test_a_document_needs_a_strategy_that_exists(cast, client_for):
    response = client_for(cast.editor).post(PAGE, {"document": upload()})
    assert response.status_code == 200 and "戦略がある" in response.content.decode()
    assert not Strategy.objects.exists()


def test_a_new_document_replaces_the_old_file_and_removing_it_leaves_none(
        cast, client_for, django_capture_on_commit_callbacks, settings):
    client = client_for(cast.editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PAGE, {**FORM, "document": upload("一.pdf")})
    first = Strategy.objects.get().document.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PAGE, {**FORM, "document": upload("二.pdf")})
    strategy = Strategy.objects.get()
    assert strategy.document_name == "二.pdf"
    assert not strategy.document.storage.exists(first)
    second = strategy.document.name
    assert "保存済みの文書（二.pdf）を削除する" in client.get(PAGE).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PAGE, {**FORM, "remove_document": "on"})
    strategy.refresh_from_db()
    assert not strategy.document and strategy.document_name == ""
    assert not strategy.document.storage.exists(second)


def test_unticking_the_strategy_removes_its_document(cast, client_for,
                                                     django_capture_on_commit_callbacks):
    client = client_for(cast.editor)
    client.post(PAGE, {**FORM, "document": upload()})
    kept = Strategy.objects.get().document.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE, {"adopted_on_0": "", "adopted_on_1": "",
                                      "adopted_on_2": "", "title": ""})
    assert response.status_code == 302
    strategy = Strategy.objects.get()
    assert not strategy.exists and not strategy.document
    assert not strategy.document.storage.exists(kept)


def test_reviewers_and_the_secretariat_find_the_document_on_the_chapter_page(cast, client_for):
    client_for(cast.editor).post(PAGE, {**FORM, "document": upload()})
    strategy = Strategy.objects.get()
    link = f"/training/strategies/{strategy.pk}/document/"
    for user in (cast.reviewer, cast.secretariat):
        chapter = client_for(user).get("/training/agencies/riken/?fy=2024").content.decode()
        assert link in chapter and "戦略.pdf" in chapter and "専門人材の確保" in chapter
        assert "/training/agencies/riken/strategy/" not in chapter   # no form they cannot use
        assert client_for(user).get(link).status_code == 200
