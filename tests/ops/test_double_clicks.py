"""Double clicks: open-round, submit, return and accept sent twice at the same moment
(two browsers, two database connections) leave exactly one result, and neither click
gets an error page. PostgreSQL only: SQLite's in-memory test database serialises writers.
(Race-safe first saves of the HR registers are tests/hr's.)"""

import threading
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from agreements import services
from agreements.models import AcceptedSnapshot, ReviewComment, Round, Sheet, Transition
from kokken.models import Notification
from tests.agreements.factories import make_questionnaire, people
from tests.conftest import postgres_only, sign_in

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not postgres_only(), reason="needs PostgreSQL (.ci/run)"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def organisations(transactional_db):
    from django.core.management import call_command

    from kokken.models import Agency

    if not Agency.objects.exists():  # an earlier transactional test flushed them
        call_command("load_organisations", verbosity=0)


# --- Double clicks ----------------------------------------------------------------------

def twice_at_once(user, url: str, data: dict) -> None:
    """The same POST from two browsers of the same user at the same moment."""
    clients = [Client(), Client()]
    for client in clients:
        sign_in(client, user)
    barrier = threading.Barrier(2)
    responses, errors = [], []

    def click(client):
        try:
            barrier.wait()
            responses.append(client.post(url, data))
        except Exception as exc:  # noqa: BLE001 (reported below, with the other click's)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sorted(r.status_code for r in responses) == [302, 302]  # no 500, no lock error


def test_double_clicks_on_open_submit_return_and_accept_leave_one_result(organisations, cast):
    draft = services.round_create(user=cast.secretariat, fiscal_year=2026,
                                  questionnaire=make_questionnaire(), opens_on=date(2026, 6, 1),
                                  due_on=date(2026, 7, 31), title_ja="二度押し",
                                  targets=[cast.agency, cast.other_agency])
    twice_at_once(cast.secretariat, reverse("agreements:round_action", kwargs={"round": draft.pk}),
                  {"action": "open"})
    assert Round.objects.get(pk=draft.pk).status == Round.Status.OPEN
    assert Sheet.objects.filter(round=draft).count() == 2
    assert Notification.objects.filter(user=cast.approver).count() == 1

    sheet = Sheet.objects.get(round=draft, agency=cast.agency)
    editor, _approver = people(cast.agency)
    services.answers_save(sheet=sheet, user=editor, raw={"Q1-1": "done", "N1": 3},
                          base_version=sheet.version)
    url = reverse("agreements:sheet_transition", kwargs={"sheet": sheet.pk})

    twice_at_once(cast.approver, url, {"action": "submit"})
    assert Transition.objects.filter(sheet=sheet, to_state=Sheet.State.SUBMITTED).count() == 1
    sheet.refresh_from_db()
    assert sheet.state == Sheet.State.SUBMITTED and sheet.receipt_number

    twice_at_once(cast.reviewer, url, {"action": "return", "comment": "N1 を確認してください"})
    assert Transition.objects.filter(sheet=sheet, to_state=Sheet.State.RETURNED).count() == 1
    assert ReviewComment.objects.filter(sheet=sheet).count() == 1

    sheet.refresh_from_db()  # the agency corrects N1 and submits again
    services.answers_save(sheet=sheet, user=editor, raw={"Q1-1": "done", "N1": 4},
                          base_version=sheet.version)
    sheet.refresh_from_db()
    services.sheet_transition(sheet=sheet, user=cast.approver, action="submit")
    twice_at_once(cast.reviewer, url, {"action": "accept"})
    assert Transition.objects.filter(sheet=sheet, to_state=Sheet.State.ACCEPTED).count() == 1
    assert AcceptedSnapshot.objects.filter(sheet=sheet).count() == 1
    sheet.refresh_from_db()
    assert sheet.state == Sheet.State.ACCEPTED
