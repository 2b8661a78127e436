"""Concurrent accepts never book more seats than the programme has (PostgreSQL: SQLite's
in-memory test database serialises writers)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from kokken.models import Agency, Role
from tests.conftest import make_user, postgres_only
from tests.training import factories as f
from training import services
from training.models import SeatRequest

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not postgres_only(), reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]


def test_two_approvers_accepting_at_once_cannot_overbook_a_programme(cast):
    approver = make_user("t-nims-approver", Role.AGENCY_APPROVER, agency="nims")
    programme = f.programme(f.nims(), capacity=3)
    requesters = list(Agency.objects.exclude(code="nims").order_by("code")[:2])
    requests = [f.seat_request(agency, programme, seats=2) for agency in requesters]
    barrier = threading.Barrier(2)
    refused = []

    def accept(request):
        try:
            barrier.wait()
            services.seat_request_decide(seat_request=request, decision="accepted",
                                         user=approver)
        except ValidationError as error:
            refused.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(r,)) for r in requests]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    states = sorted(SeatRequest.objects.values_list("state", flat=True))
    assert states == ["accepted", "requested"]
    assert len(refused) == 1
    assert services.seats_left(programme) == 1
