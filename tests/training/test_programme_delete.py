"""Deleting a programme: a confirmation page first; refused, with the reason in Japanese and
English, once seats have been accepted for other agencies (their staff count on them)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.training import factories as f
from training import services
from training.models import Programme, SeatRequest

pytestmark = pytest.mark.django_db


def url(programme):
    return f"/training/programmes/{programme.pk}/delete/"


def test_the_delete_asks_for_confirmation_then_deletes_with_pending_requests(cast, client_for):
    programme = f.programme(cast.agency)
    f.seat_request(f.nims(), programme, state="requested")
    client = client_for(cast.editor)
    page = client.get(url(programme)).content.decode()
    assert "data-confirm" in page and "削除しますか" in page
    assert Programme.objects.filter(pk=programme.pk).exists()       # a GET deletes nothing
    assert client.post(url(programme)).status_code == 302
    assert not Programme.objects.filter(pk=programme.pk).exists()
    assert not SeatRequest.objects.exists()


def test_a_programme_with_accepted_seats_is_not_deleted_and_says_why(cast, client_for):
    programme = f.programme(cast.agency)
    f.seat_request(f.nims(), programme, seats=2, state="accepted")
    client = client_for(cast.editor)
    page = client.get(url(programme))
    body = page.content.decode()
    assert page.status_code == 200 and "削除できません" in body and "2席" in body
    assert "data-confirm" not in body                                # no delete button
    refused = client.post(url(programme))
    assert refused.status_code == 409 and "削除できません" in refused.content.decode()
    assert Programme.objects.filter(pk=programme.pk).exists()


def test_the_service_refuses_too_and_says_so_in_english(cast):
    programme = f.programme(cast.agency)
    f.seat_request(f.nims(), programme, seats=1, state="accepted")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.programme_delete(instance=programme, user=cast.editor)
    assert "have been accepted for other agencies (1)" in refused.value.messages[0]
    assert Programme.objects.filter(pk=programme.pk).exists()


def test_a_cancelled_acceptance_no_longer_blocks_the_delete(cast):
    programme = f.programme(cast.agency)
    request = f.seat_request(f.nims(), programme, state="accepted")
    request.state = SeatRequest.State.CANCELLED
    request.save()
    services.programme_delete(instance=programme, user=cast.editor)
    assert not Programme.objects.filter(pk=programme.pk).exists()


def test_deleting_a_programme_tells_the_agencies_whose_requests_were_open(
        cast, django_capture_on_commit_callbacks):
    from kokken.models import Notification, Role
    from tests.conftest import make_user

    nims_editor = make_user("t-nims-editor", Role.AGENCY_EDITOR, agency="nims")
    jst_editor = make_user("t-jst-editor", Role.AGENCY_EDITOR, agency="jst")
    programme = f.programme(cast.agency, title="研究マネジメント基礎研修")
    f.seat_request(f.nims(), programme, seats=2, state="requested")
    f.seat_request(cast.other_agency, programme, seats=1, state="waitlisted")
    f.seat_request(jst_editor.agency, programme, seats=1, state="declined")
    with django_capture_on_commit_callbacks(execute=True):
        services.programme_delete(instance=programme, user=cast.editor)
    told = Notification.objects.all()
    assert {n.user for n in told} == {nims_editor, cast.other_editor, cast.other_approver}
    note = told.get(user=nims_editor)
    assert "研究マネジメント基礎研修" in note.subject and note.url == \
        "/training/catalogue/?fy=2024"
    assert "2" in note.body and "RIKEN" in note.body.upper()
    assert not SeatRequest.objects.exists()


def test_a_refused_delete_tells_nobody(cast):
    from kokken.models import Notification

    programme = f.programme(cast.agency)
    f.seat_request(f.nims(), programme, state="accepted")
    f.seat_request(cast.other_agency, programme, state="requested")
    with pytest.raises(ValidationError):
        services.programme_delete(instance=programme, user=cast.editor)
    assert not Notification.objects.exists() and SeatRequest.objects.count() == 2
