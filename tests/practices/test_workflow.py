"""States and publication rights: draft → submitted → published → withdrawn, each change
kept in the entry's history with who acted; services refuse users without the right and
write nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kokken import history
from practices import services
from practices.models import Practice
from tests.practices import factories as f

S = Practice.State


def test_agency_submits_and_the_supervising_ministry_publishes(cast):
    entry = f.practice(cast.agency)
    services.practice_transition(practice=entry, to=S.SUBMITTED, user=cast.editor)
    done = services.practice_transition(practice=entry, to=S.PUBLISHED, user=cast.reviewer)
    assert done.state == S.PUBLISHED and done.published_by == cast.reviewer
    assert done.published_at is not None and done.submitted_at is not None


def test_history_keeps_every_state_and_who_moved_it(cast):
    entry = f.practice(cast.agency)
    services.practice_transition(practice=entry, to=S.SUBMITTED, user=cast.editor)
    services.practice_transition(practice=entry, to=S.PUBLISHED, user=cast.secretariat)
    services.practice_transition(practice=entry, to=S.WITHDRAWN, user=cast.reviewer)
    records = list(history.records_of(Practice, id=entry.pk))
    states = [(r.state, r.history_user.username if r.history_user else None)
              for r in sorted(records, key=lambda r: r.history_date)]
    assert states == [(S.DRAFT, None), (S.SUBMITTED, "t-riken-editor"),
                      (S.PUBLISHED, "t-secretariat"), (S.WITHDRAWN, "t-mext-reviewer")]


@pytest.mark.parametrize("who", ["other_editor", "other_approver", "other_reviewer"])
def test_outsiders_can_neither_submit_nor_publish_and_nothing_is_written(cast, who):
    draft = f.practice(cast.agency)
    submitted = f.practice(cast.agency, state=S.SUBMITTED)
    user = getattr(cast, who)
    with pytest.raises(PermissionDenied):
        services.practice_transition(practice=draft, to=S.SUBMITTED, user=user)
    with pytest.raises(PermissionDenied):
        services.practice_transition(practice=submitted, to=S.PUBLISHED, user=user)
    draft.refresh_from_db()
    submitted.refresh_from_db()
    assert (draft.state, submitted.state) == (S.DRAFT, S.SUBMITTED)
    assert Practice.history.filter(id=submitted.pk).count() == 1


def test_the_agency_cannot_publish_its_own_entry(cast):
    entry = f.practice(cast.agency, state=S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.practice_transition(practice=entry, to=S.PUBLISHED, user=cast.approver)


def test_council_curator_of_another_agency_publishes(cast):
    cast.other_editor.council_member = True
    cast.other_editor.save()
    entry = f.practice(cast.agency, state=S.SUBMITTED)
    done = services.practice_transition(practice=entry, to=S.PUBLISHED, user=cast.other_editor)
    assert done.state == S.PUBLISHED


def test_a_draft_cannot_be_published_without_being_submitted(cast):
    entry = f.practice(cast.agency)
    with pytest.raises(ValidationError):
        services.practice_transition(practice=entry, to=S.PUBLISHED, user=cast.secretariat)


def test_only_a_draft_is_edited_and_deleted(cast):
    entry = f.practice(cast.agency, state=S.SUBMITTED)
    entry.title_ja = "変更"
    with pytest.raises(ValidationError):
        services.practice_save(instance=entry, user=cast.editor)
    with pytest.raises(PermissionDenied):
        services.practice_delete(instance=entry, user=cast.editor)
    assert Practice.objects.get(pk=entry.pk).title_ja != "変更"


def test_edit_page_of_a_submitted_entry_refuses_changes_with_a_message(cast, client_for):
    entry = f.practice(cast.agency, state=S.SUBMITTED)
    response = client_for(cast.editor).post(
        reverse("practices:practice_edit", args=[entry.pk]),
        {"title_ja": "変更", "summary_ja": "要約", "chapter": "II-1"})
    assert response.status_code == 200
    assert "Only a draft" in response.content.decode() or "下書き" in response.content.decode()
    assert Practice.objects.get(pk=entry.pk).title_ja != "変更"


def test_featuring_is_the_secretariats_and_only_for_published_entries(cast):
    entry = f.practice(cast.agency, state=S.PUBLISHED)
    with pytest.raises(PermissionDenied):
        services.practice_feature(practice=entry, featured=True, user=cast.reviewer)
    services.practice_feature(practice=entry, featured=True, user=cast.secretariat)
    assert Practice.objects.get(pk=entry.pk).featured
    services.practice_transition(practice=entry, to=S.WITHDRAWN, user=cast.secretariat)
    assert not Practice.objects.get(pk=entry.pk).featured


def test_publish_button_through_the_page(cast, client_for):
    entry = f.practice(cast.agency, state=S.SUBMITTED)
    client = client_for(cast.reviewer)
    page = client.get(reverse("practices:detail", args=[entry.pk])).content.decode()
    assert 'value="published"' in page
    response = client.post(reverse("practices:transition", args=[entry.pk]),
                           {"to": S.PUBLISHED})
    assert response.status_code == 302
    assert Practice.objects.get(pk=entry.pk).state == S.PUBLISHED


def test_publish_through_the_page_by_the_agency_is_refused(cast, client_for):
    entry = f.practice(cast.agency, state=S.SUBMITTED)
    response = client_for(cast.approver).post(
        reverse("practices:transition", args=[entry.pk]), {"to": S.PUBLISHED})
    assert response.status_code == 403
    assert Practice.objects.get(pk=entry.pk).state == S.SUBMITTED


def test_new_entry_through_the_kit_form_is_a_draft_of_the_agency(cast, client_for):
    url = reverse("practices:practice_create", kwargs={"agency": cast.agency.code})
    response = client_for(cast.editor).post(url + "?fy=2024", {
        "title_ja": "テニュアトラック制度", "summary_ja": "若手研究者の採用", "chapter": "II-1",
        "section": "II-1-S3", "tags": "人事、テニュアトラック", "questions": "hr-17"})
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = Practice.objects.get(title_ja="テニュアトラック制度")
    assert (entry.agency, entry.state, entry.fiscal_year) == (cast.agency, S.DRAFT, 2024)
    assert entry.tags == "人事, テニュアトラック"


def test_section_must_belong_to_the_chapter(cast, client_for):
    url = reverse("practices:practice_create", kwargs={"agency": cast.agency.code})
    response = client_for(cast.editor).post(url, {
        "title_ja": "x", "summary_ja": "y", "chapter": "II-1", "section": "II-4-S4-2"})
    assert response.status_code == 200
    assert not Practice.objects.exists()
