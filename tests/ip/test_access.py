"""Who sees and writes II-3's registers: the COI/COC case log is restricted (the agency's
approvers, its supervising ministries and the secretariat only); outsiders learn nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from ip import services
from ip.models import CoiCase, CoiRules, IpManagement, Startup
from kokken.models import AuditEvent
from tests.ip import factories as f

pytestmark = pytest.mark.django_db

CASES = "/ip/agencies/riken/coi-cases/?fy=2024"
API = "/api/v1/ip/coi-cases/"
SECRET = "【秘】共同代表"


def test_the_agencys_own_editor_cannot_see_its_coi_cases(client_for, cast):
    case = f.case(cast.agency, days=20, other_measure=SECRET)
    client = client_for(cast.editor)
    assert client.get(CASES).status_code == 403
    assert client.get("/ip/agencies/riken/coi-cases/export.xlsx?fy=2024").status_code == 403
    assert client.get(f"/ip/coi-cases/{case.pk}/").status_code == 404
    assert client.get(f"{API}{case.pk}/").status_code == 404
    assert client.get(API).json()["results"] == []
    # The chapter page does not even link to the log.
    assert "coi-cases" not in client.get("/ip/agencies/riken/").content.decode()


def test_other_agencies_and_non_supervising_ministries_learn_nothing_of_a_case(client_for,
                                                                                cast):
    case = f.case(cast.agency, days=20, other_measure=SECRET)
    startup = f.startup(cast.agency, name="株式会社理研だけ")
    for user in cast.outsiders:
        client = client_for(user)
        for url in (CASES, f"/ip/coi-cases/{case.pk}/", f"/ip/coi-cases/{case.pk}/history/",
                    f"{API}{case.pk}/", "/ip/agencies/riken/", "/ip/agencies/riken/startups/",
                    f"/ip/startups/{startup.pk}/", f"/api/v1/ip/startups/{startup.pk}/"):
            response = client.get(url)
            assert response.status_code == 404, (user.username, url)
            assert SECRET not in response.content.decode()
            assert "理研だけ" not in response.content.decode()
        assert client.get(API).json()["results"] == []
        assert client.get("/api/v1/ip/startups/").json()["results"] == []


def test_approvers_supervising_reviewers_and_the_secretariat_see_the_case_log(client_for, cast):
    f.case(cast.agency, days=20)
    for user in (cast.approver, cast.reviewer, cast.secretariat):
        client = client_for(user)
        assert client.get(CASES).context["total"] == 1, user.username
        assert len(client.get(API).json()["results"]) == 1, user.username


def test_every_view_of_a_case_is_recorded(client_for, cast):
    case = f.case(cast.agency, days=20)
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    client_for(cast.reviewer).get(CASES)
    client_for(cast.secretariat).get(f"{API}{case.pk}/")
    # The case's own views: "法人 #7" (an agency page) is not case #7.
    views = AuditEvent.objects.filter(pk__gt=before, action=AuditEvent.Action.VIEW,
                                      what__endswith=f"案件 #{case.pk}")
    assert sorted(views.values_list("username", flat=True)) == ["t-mext-reviewer",
                                                                "t-secretariat"]


def test_only_the_approver_records_a_case_and_nothing_is_written_otherwise(cast):
    def new():
        return CoiCase(agency=cast.agency, fiscal_year=2024, case_type="officer",
                       counterpart="own_startup", received_on=datetime.date(2024, 6, 1))

    for user in (cast.editor, cast.reviewer, cast.secretariat, cast.other_approver):
        with pytest.raises(PermissionDenied):
            services.case_save(instance=new(), user=user)
    assert not CoiCase.objects.exists()
    services.case_save(instance=new(), user=cast.approver)
    assert CoiCase.history.get().history_user == cast.approver


@pytest.mark.parametrize("save,values", [
    (services.management_save, {"applications": 3}),
    (services.rules_save, {"exists": False}),
])
def test_records_are_refused_to_other_agencies_and_ministries(cast, save, values):
    for user in (cast.other_editor, cast.reviewer, cast.other_reviewer, cast.secretariat):
        with pytest.raises(PermissionDenied):
            save(agency=cast.agency, fiscal_year=2024, values=values, user=user)
    assert not (IpManagement.objects.exists() or CoiRules.objects.exists())


def test_startups_are_written_by_the_agencys_editors_only(cast):
    for user in (cast.other_editor, cast.reviewer, cast.secretariat):
        with pytest.raises(PermissionDenied):
            services.startup_save(instance=Startup(
                agency=cast.agency, fiscal_year=2024, name="x", founded=2020,
                sector="life"), user=user)
    assert not Startup.objects.exists()
