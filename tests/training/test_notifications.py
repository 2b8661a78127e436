"""Seat-request notifications go through the mail outbox (kokken.notifications): the
notification rows are written in the same transaction as the request or decision, so a dead
worker or broker loses nothing, a mail that cannot be sent waits for the sweeper, and a
refused change announces nothing."""

import pytest
from celery.app.task import Task
from django.core import mail
from django.core.exceptions import ValidationError

from kokken import notifications, tasks
from kokken.models import Notification, Role
from tests.conftest import make_user
from tests.training import factories as f
from training import services
from training.models import SeatRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def nims_approver(cast):
    return make_user("t-nims-approver", Role.AGENCY_APPROVER, agency="nims")


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(Task, "apply_async", refuse)


def test_a_request_is_announced_with_no_worker_and_no_broker(
        cast, nims_approver, broker_down, django_capture_on_commit_callbacks):
    programme = f.programme(f.nims(), capacity=3)
    with django_capture_on_commit_callbacks(execute=True):
        request = services.seat_request_create(programme=programme, seats=1, user=cast.editor)
    note = Notification.objects.get(user=nims_approver)
    assert note.url.endswith(f"/seat-requests/{request.pk}/") and note.emailed_at is not None
    assert [m.to for m in mail.outbox] == [[nims_approver.email]]


def test_a_mail_that_cannot_be_sent_waits_for_the_sweeper(
        cast, nims_approver, monkeypatch, settings, django_capture_on_commit_callbacks):
    programme = f.programme(f.nims(), capacity=3)

    def mail_server_down(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(notifications, "get_connection", mail_server_down)
    with django_capture_on_commit_callbacks(execute=True):
        services.seat_request_create(programme=programme, seats=1, user=cast.editor)
    note = Notification.objects.get(user=nims_approver)
    assert note.emailed_at is None and mail.outbox == []   # kept, not lost
    monkeypatch.undo()
    settings.SWEEP_SECONDS = 0
    assert tasks.mail_sweep() == 1
    assert tasks.mail_sweep() == 0                           # sent once
    note.refresh_from_db()
    assert note.emailed_at is not None and len(mail.outbox) == 1


def test_a_decision_and_its_notification_commit_together(
        cast, nims_approver, broker_down, django_capture_on_commit_callbacks):
    request = f.seat_request(cast.agency, f.programme(f.nims(), capacity=3))
    with django_capture_on_commit_callbacks(execute=True):
        services.seat_request_decide(seat_request=request, decision="waitlisted",
                                     user=nims_approver)
    assert set(Notification.objects.values_list("user_id", flat=True)) == {
        cast.editor.pk, cast.approver.pk}


def test_a_refused_decision_announces_nothing(cast, nims_approver,
                                              django_capture_on_commit_callbacks):
    programme = f.programme(f.nims(), capacity=2)
    request = f.seat_request(cast.agency, programme, seats=3)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.seat_request_decide(seat_request=request, decision="accepted",
                                     user=nims_approver)
    assert not Notification.objects.exists() and mail.outbox == []
    request.refresh_from_db()
    assert request.state == SeatRequest.State.REQUESTED
