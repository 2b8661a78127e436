"""Seat requests between agencies: the state machine, capacity, access and notifications."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kokken.models import Notification, Role
from tests.conftest import make_user
from tests.training import factories as f
from training import services
from training.models import SeatRequest

State = SeatRequest.State
pytestmark = pytest.mark.django_db


@pytest.fixture
def nims_approver(cast):
    return make_user("t-nims-approver", Role.AGENCY_APPROVER, agency="nims")


@pytest.fixture
def nims_programme(cast):
    return f.programme(f.nims(), capacity=3)


def test_an_editor_requests_seats_for_their_own_agency_and_the_provider_is_notified(
        cast, nims_programme, nims_approver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = services.seat_request_create(programme=nims_programme, seats=2,
                                               user=cast.editor)
    assert (request.requesting_agency, request.providing_agency) == (cast.agency, f.nims())
    assert request.state == State.REQUESTED
    assert Notification.objects.filter(user=nims_approver).count() == 1
    assert [m.to for m in mail.outbox] == [[nims_approver.email]]
    assert nims_programme.title in mail.outbox[0].subject


def test_own_closed_and_outside_programmes_take_no_seat_request(cast):
    own = f.programme(cast.agency)
    closed = f.programme(f.nims(), open_to_others=False, capacity=None)
    outside = f.programme(None, provider="APRIN", open_to_others=False, capacity=None)
    for programme in (own, closed, outside):
        with pytest.raises(ValidationError):
            services.seat_request_create(programme=programme, seats=1, user=cast.editor)
    assert not SeatRequest.objects.exists()


def test_reviewers_and_the_secretariat_cannot_request_seats(cast, nims_programme):
    for user in (cast.reviewer, cast.secretariat):
        with pytest.raises(PermissionDenied):
            services.seat_request_create(programme=nims_programme, seats=1, user=user)
    assert not SeatRequest.objects.exists()


def test_accept_within_capacity_then_refuse_over_capacity(cast, nims_programme, nims_approver):
    first = f.seat_request(cast.agency, nims_programme, seats=2)
    second = f.seat_request(cast.other_agency, nims_programme, seats=2)
    services.seat_request_decide(seat_request=first, decision=State.ACCEPTED, user=nims_approver)
    with pytest.raises(ValidationError, match="1"):
        services.seat_request_decide(seat_request=second, decision=State.ACCEPTED,
                                     user=nims_approver)
    second.refresh_from_db()
    assert second.state == State.REQUESTED
    services.seat_request_decide(seat_request=second, decision=State.WAITLISTED,
                                 user=nims_approver)
    # The first agency withdraws: its seats free up and the waitlisted request fits.
    services.seat_request_cancel(seat_request=first, user=cast.editor)
    services.seat_request_decide(seat_request=second, decision=State.ACCEPTED,
                                 user=nims_approver)
    assert services.seats_left(nims_programme) == 1


def test_declining_needs_a_reason(cast, nims_programme, nims_approver):
    request = f.seat_request(cast.agency, nims_programme)
    with pytest.raises(ValidationError) as caught:
        services.seat_request_decide(seat_request=request, decision=State.DECLINED, reason=" ",
                                     user=nims_approver)
    assert "reason" in caught.value.message_dict
    services.seat_request_decide(seat_request=request, decision=State.DECLINED,
                                 reason="定員超過", user=nims_approver)
    request.refresh_from_db()
    assert (request.state, request.reason) == (State.DECLINED, "定員超過")


@pytest.mark.parametrize("start,decision", [
    (State.DECLINED, State.ACCEPTED), (State.CANCELLED, State.ACCEPTED),
    (State.ACCEPTED, State.WAITLISTED), (State.REQUESTED, State.CANCELLED),
    (State.REQUESTED, "bogus")])
def test_decisions_outside_the_state_machine_are_refused(cast, nims_programme, nims_approver,
                                                         start, decision):
    request = f.seat_request(cast.agency, nims_programme, state=start)
    with pytest.raises(ValidationError):
        services.seat_request_decide(seat_request=request, decision=decision,
                                     user=nims_approver)
    request.refresh_from_db()
    assert request.state == start


def test_a_cancelled_or_declined_request_cannot_be_cancelled(cast, nims_programme):
    for state in (State.CANCELLED, State.DECLINED):
        request = f.seat_request(cast.agency, nims_programme, state=state)
        with pytest.raises(ValidationError):
            services.seat_request_cancel(seat_request=request, user=cast.editor)


def test_only_the_providers_approver_decides_and_only_the_requester_cancels(
        cast, nims_programme, nims_approver):
    request = f.seat_request(cast.agency, nims_programme)
    nims_editor = make_user("t-nims-editor", Role.AGENCY_EDITOR, agency="nims")
    for user in (cast.approver, cast.editor, nims_editor, cast.reviewer, cast.secretariat,
                 cast.other_approver):
        with pytest.raises(PermissionDenied):
            services.seat_request_decide(seat_request=request, decision=State.ACCEPTED,
                                         user=user)
    for user in (nims_approver, cast.other_editor, cast.reviewer):
        with pytest.raises(PermissionDenied):
            services.seat_request_cancel(seat_request=request, user=user)
    request.refresh_from_db()
    assert request.state == State.REQUESTED


def test_the_provider_decides_on_the_page_and_the_requester_is_notified(
        cast, nims_programme, nims_approver, client_for, django_capture_on_commit_callbacks):
    request = f.seat_request(cast.agency, nims_programme)
    client = client_for(nims_approver)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("training:seatrequest_decide",
                                       kwargs={"seatrequest": request.pk}),
                               {"decision": "accepted"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == State.ACCEPTED
    notified = set(Notification.objects.values_list("user_id", flat=True))
    assert notified == {cast.editor.pk, cast.approver.pk}


def test_a_refused_decision_comes_back_beside_its_field_and_changes_nothing(
        cast, nims_programme, nims_approver, client_for):
    request = f.seat_request(cast.agency, nims_programme)
    client = client_for(nims_approver)
    url = reverse("training:seatrequest_decide", kwargs={"seatrequest": request.pk})
    response = client.post(url, {"decision": "declined", "reason": " "})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="banner banner-error error-summary"' in html
    assert 'id="id_reason_error"' in html and 'aria-describedby="id_reason_error"' in html
    assert "＊" in html.split('id="id_reason_error"')[1][:200]
    response = client.post(url, {})
    assert response.status_code == 400
    assert 'id="id_decision_error"' in response.content.decode()
    request.refresh_from_db()
    assert (request.state, request.reason) == (State.REQUESTED, "")


def test_no_agency_sees_another_agencys_requests_except_the_provider(
        cast, nims_programme, nims_approver, client_for):
    request = f.seat_request(cast.agency, nims_programme)
    url = reverse("training:seatrequest", kwargs={"seatrequest": request.pk})
    assert client_for(cast.other_editor).get(url).status_code == 404
    assert client_for(nims_approver).get(url).status_code == 200
    page = client_for(cast.other_editor).get(
        reverse("training:chapter", kwargs={"agency": cast.other_agency.code}))
    assert nims_programme.title not in page.content.decode()


def test_the_chapter_page_lists_both_directions_in_a_fixed_number_of_queries(
        cast, client_for, django_assert_max_num_queries):
    client = client_for(cast.editor)
    url = reverse("training:chapter", kwargs={"agency": cast.agency.code})
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for i in range(5):
        p = f.programme(f.nims(), title=f"研修{i}")
        f.seat_request(cast.agency, p)
        f.seat_request(cast.other_agency, f.programme(cast.agency, title=f"自研修{i}"))
    queries = len(few.captured_queries)  # before the next request resets the log
    client.get(url)  # the requests rendered again, under the II-2 registers' new version
    with django_assert_max_num_queries(queries):
        response = client.get(url)
    assert response.content.decode().count("研修") >= 10
