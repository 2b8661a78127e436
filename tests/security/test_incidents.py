"""The restricted incident register (II-4): who sees it, the view log, its list's queries."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kokken import access
from kokken.models import AuditEvent
from security import services
from security.models import Incident
from tests.security import factories as f

LIST = "/security/agencies/riken/incidents/?fy=2024"
API = "/api/v1/security/incidents/"


def test_an_editor_of_the_same_agency_cannot_see_incidents(client_for, cast):
    incident = f.incident(cast.agency, lessons="理研だけの教訓")
    client = client_for(cast.editor)
    assert client.get(LIST).status_code == 403
    assert client.get("/security/agencies/riken/incidents/export.xlsx?fy=2024").status_code == 403
    # The row itself: 404, the editor does not learn that it exists.
    assert client.get(f"/security/incidents/{incident.pk}/").status_code == 404
    assert client.get(f"{API}{incident.pk}/").status_code == 404
    assert client.get(API).json()["results"] == []
    assert not access.sees_restricted(cast.editor, cast.agency)
    assert not access.restricted_rows(cast.editor, Incident.objects.all()).exists()


def test_a_reviewer_of_a_non_supervising_ministry_cannot_see_incidents(client_for, cast):
    incident = f.incident(cast.agency, lessons="理研だけの教訓")
    for user in cast.outsiders:
        client = client_for(user)
        for url in [LIST, f"/security/incidents/{incident.pk}/", f"{API}{incident.pk}/"]:
            response = client.get(url)
            assert response.status_code == 404, (user.username, url)
            assert "理研だけの教訓" not in response.content.decode()
        assert str(incident.pk) not in [str(r["id"]) for r in client.get(API).json()["results"]]


def test_approvers_supervising_reviewers_and_the_secretariat_see_incidents(client_for, cast):
    f.incident(cast.agency, lessons="理研だけの教訓")
    for user in (cast.approver, cast.reviewer, cast.secretariat):
        client = client_for(user)
        assert "理研だけの教訓" not in client.get(LIST).content.decode()  # not a list column
        assert client.get(LIST).context["total"] == 1, user.username
        assert len(client.get(API).json()["results"]) == 1, user.username


def test_only_the_approver_may_record_an_incident_and_nothing_is_written_otherwise(cast):
    for user in (cast.editor, cast.reviewer, cast.secretariat, cast.other_approver):
        with pytest.raises(PermissionDenied):
            services.incident_save(instance=Incident(
                agency=cast.agency, fiscal_year=2024, occurred_on=datetime.date(2024, 5, 1),
                subject="technology", certainty="confirmed"), user=user)
    assert not Incident.objects.exists()
    services.incident_save(instance=Incident(
        agency=cast.agency, fiscal_year=2024, occurred_on=datetime.date(2024, 5, 1),
        subject="technology", certainty="confirmed"), user=cast.approver)
    assert Incident.objects.count() == 1
    assert Incident.history.get().history_user == cast.approver  # the change is in its history


def test_every_view_of_incidents_is_recorded_with_who_and_which(client_for, cast):
    incident = f.incident(cast.agency)
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    client_for(cast.reviewer).get(LIST)
    client_for(cast.secretariat).get(f"{API}{incident.pk}/")
    client_for(cast.approver).get(f"/security/incidents/{incident.pk}/")
    client_for(cast.secretariat).get(API)
    client_for(cast.reviewer).get("/security/agencies/riken/incidents/export.xlsx?fy=2024")
    client_for(cast.secretariat).get(f"/security/incidents/{incident.pk}/history/")
    views = AuditEvent.objects.filter(pk__gt=before, action=AuditEvent.Action.VIEW,
                                      what__contains=f"#{incident.pk}")
    assert sorted(views.values_list("username", flat=True)) == sorted([
        "t-mext-reviewer", "t-secretariat", "t-riken-approver", "t-secretariat",
        "t-mext-reviewer", "t-secretariat"])
    assert set(views.values_list("agency_id", flat=True)) <= {cast.agency.pk, None}
    # A refused look is not a view of the incident.
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    client_for(cast.editor).get(LIST)
    client_for(cast.other_reviewer).get(f"/security/incidents/{incident.pk}/")
    assert not AuditEvent.objects.filter(pk__gt=before, what__contains=f"#{incident.pk}").exists()


def test_incident_list_queries_do_not_grow_with_rows(client_for, cast):
    client = client_for(cast.reviewer)
    f.incident(cast.agency)
    client.get(LIST)
    with CaptureQueriesContext(connection) as one:
        assert client.get(LIST).status_code == 200
    for day in range(2, 12):
        f.incident(cast.agency, occurred_on=datetime.date(2024, 8, day), subject="technology")
    client.get(LIST)  # the first view after a change counts the rows again (kept after it)
    with CaptureQueriesContext(connection) as many:
        assert client.get(LIST).context["total"] == 11
    assert len(many) == len(one), [q["sql"] for q in many]
    assert len(one) <= 20


def test_bad_dates_are_refused_with_a_message_on_the_field(client_for, cast):
    client = client_for(cast.approver)
    response = client.post("/security/agencies/riken/incidents/new/?fy=2024", {
        "occurred_on_0": "2025", "occurred_on_1": "6", "occurred_on_2": "1",
        "subject": "technology", "certainty": "confirmed", "status": "investigating",
        "reported": "on"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "occurred_on" in errors and "reported_on" in errors
    assert not Incident.objects.exists()
