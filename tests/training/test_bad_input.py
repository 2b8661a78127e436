"""II-2's forms refuse nonsense with a Japanese message on the field and write nothing: the
uptake counts (text, negative, beyond the column), the needs (a choice that does not exist),
a seat request's seats (0, more than 100) and a decision that is not one."""

import pytest

from tests.training import factories as f
from training.models import NEED_FIELDS, SeatRequest, TrainingNeeds, Uptake

pytestmark = pytest.mark.django_db


def _invalid(response, field):
    assert response.status_code == 200, response.status_code
    body = response.content.decode()
    assert field in response.context["form"].errors, response.context["form"].errors
    assert 'aria-invalid="true"' in body and "＊" in body
    return response.context["form"].errors[field][0]


@pytest.mark.parametrize("value", ["たくさん", "-3", "99999999999", "1.5"])
def test_uptake_counts_must_be_whole_numbers_in_range(cast, client_for, value):
    response = client_for(cast.editor).post(
        "/training/agencies/riken/uptake/?fy=2024",
        {**{name: "0" for name in NEED_FIELDS}, "ura_certified": value, "rttp": "0",
         "other_certifications": "0"})
    message = _invalid(response, "ura_certified")
    assert any(word in message for word in ("整数", "以上", "以下")), message
    assert not Uptake.objects.exists()


def test_a_need_that_is_not_a_choice_is_refused(cast, client_for):
    response = client_for(cast.editor).post(
        "/training/agencies/riken/needs/?fy=2024",
        {**{name: "none" for name in NEED_FIELDS}, "ip": "maybe"})
    assert "選択" in _invalid(response, "ip")
    assert not TrainingNeeds.objects.exists()


@pytest.mark.parametrize("seats", ["0", "101", "二席"])
def test_seats_outside_one_to_a_hundred_are_refused(cast, client_for, seats):
    programme = f.programme(f.nims())
    response = client_for(cast.editor).post(f"/training/programmes/{programme.pk}/request/",
                                            {"seats": seats, "note": "研究推進部門"})
    _invalid(response, "seats")
    assert not SeatRequest.objects.exists()


def test_a_decision_that_is_not_one_changes_nothing(cast, client_for):
    request = f.seat_request(f.nims(), f.programme(cast.agency))
    response = client_for(cast.approver).post(
        f"/training/seat-requests/{request.pk}/decide/", {"decision": "maybe"})
    # Back on the request's page, the message beside the decision (not a redirect).
    assert response.status_code == 400
    assert 'id="id_decision_error"><p class="field-error">＊判断を選んでください' \
        in response.content.decode()
    request.refresh_from_db()
    assert request.state == "requested"
