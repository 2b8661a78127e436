"""The rule objects of kokken/access.py: one dispatch for pages and API, objects loaded by
the rule (never by the view), records shared by two agencies, and the named predicates that
replaced decisions once scattered over views, selectors and services."""

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404
from django.urls import reverse

from kokken import access
from kokken.access import Load, Perm
from kokken.models import DataTransfer, Role
from tests.conftest import make_user
from tests.hr import factories


def shared_transfer(cast):
    """A row two agencies share: recorded by AIST's editor about RIKEN (like a seat request
    between a requesting and a providing agency)."""
    return DataTransfer.record(user=cast.other_editor, direction="export", what="shared",
                               filename="x.xlsx", size=1, agency=cast.agency)


SHARED = ("agency", "user__agency")


def test_a_shared_record_is_in_scope_for_the_users_of_either_agency(cast):
    row = shared_transfer(cast)
    qs = DataTransfer.objects.all()
    assert row in access.scope(qs, cast.editor, field=SHARED)
    assert row in access.scope(qs, cast.other_editor, field=SHARED)
    assert row in access.scope(qs, cast.reviewer, field=SHARED)        # supervises RIKEN
    assert row in access.scope(qs, cast.other_reviewer, field=SHARED)  # supervises AIST
    nims_editor = make_user("t-nims-editor", Role.AGENCY_EDITOR, agency="nims")
    assert row not in access.scope(qs, nims_editor, field=SHARED)


def test_a_shared_record_loads_for_either_agency_and_is_hidden_from_a_third(cast):
    row = shared_transfer(cast)
    rule = access.Scoped(Perm.EDIT, Load("transfer", DataTransfer.objects.all(), field=SHARED))
    for user in (cast.editor, cast.other_editor):
        assert rule.resolve(user, {"transfer": row.pk})["transfer"] == row
    with pytest.raises(PermissionDenied):  # sees it (supervises AIST), may not edit it
        rule.resolve(cast.other_reviewer, {"transfer": row.pk})
    nims_editor = make_user("t-nims-editor", Role.AGENCY_EDITOR, agency="nims")
    with pytest.raises(Http404):
        rule.resolve(nims_editor, {"transfer": row.pk})


def test_a_scoped_rule_hands_the_view_the_object_it_loaded(cast):
    row = factories.crossappointment(cast.agency)
    rule = access.Scoped(Perm.EDIT, Load("row", type(row).objects.all()))
    assert rule.resolve(cast.editor, {"row": row.pk}) == {"row": row}
    with pytest.raises(Http404):
        rule.resolve(cast.other_editor, {"row": row.pk})
    with pytest.raises(PermissionDenied):
        rule.resolve(cast.reviewer, {"row": row.pk})


def test_a_view_cannot_declare_a_scoped_rule_without_saying_how_to_load_it():
    with pytest.raises(ImproperlyConfigured):
        access.scoped(Perm.VIEW, "sheet")


def test_pages_and_api_dispatch_through_the_same_rule_objects():
    from agreements import views
    from api.views import SheetViewSet

    page = access.rule_of(views.sheet_detail)
    api = SheetViewSet.rule_for(detail=True)
    assert isinstance(page, access.Scoped) and isinstance(api, access.Scoped)
    assert type(page).resolve is type(api).resolve


def test_the_indicator_export_is_for_whoever_may_view_an_agency(client_for, cast):
    """Decided once: the workbook carries exactly the agencies the viewer may see, as the
    page's table does, so an agency editor may download it and sees the button."""
    for user in (cast.editor, cast.reviewer, cast.secretariat):
        assert access.may_export_indicators(user)
        client = client_for(user)
        page = client.get(reverse("hr:indicators"))
        assert reverse("hr:indicators_export") in page.content.decode(), user.username
        assert client.get(reverse("hr:indicators_export")).status_code == 200, user.username
    assert not access.may_export_indicators(cast.sysadmin)
    client = client_for(cast.sysadmin)
    assert client.get(reverse("hr:indicators_export")).status_code == 403


def test_round_exports_are_for_the_secretariat_and_reviewers_over_their_agencies(cast):
    assert set(access.export_agencies(cast.secretariat)) == set(access.agencies(cast.secretariat))
    assert set(access.export_agencies(cast.reviewer)) == set(access.agencies(cast.reviewer,
                                                                             Perm.REVIEW))
    assert not access.export_agencies(cast.editor).exists()
    assert not access.may_export_rounds(cast.editor)
    assert not access.may_export_rounds(cast.sysadmin)


def test_unpublished_aggregates_are_hidden_from_agencies(cast):
    assert access.may_see_aggregate(cast.editor, published=True)
    assert not access.may_see_aggregate(cast.editor, published=False)
    assert access.may_see_aggregate(cast.reviewer, published=False)
    assert access.may_see_aggregate(cast.secretariat, published=False)


def test_the_benchmark_review_service_refuses_a_ministry_that_does_not_supervise(cast):
    from hr import services

    benchmark = factories.benchmark(cast.agency, 9000, 9500)
    with pytest.raises(Http404):
        services.benchmark_review(benchmark=benchmark, adequate=True, user=cast.other_reviewer)
    with pytest.raises(PermissionDenied):
        services.benchmark_review(benchmark=benchmark, adequate=True, user=cast.editor)
    services.benchmark_review(benchmark=benchmark, adequate=True, user=cast.reviewer)
    benchmark.refresh_from_db()
    assert benchmark.explanation_adequate is True


def test_navigation_and_the_own_sheet_column_follow_the_audience_from_access(client_for, cast):
    from tests.agreements.factories import make_questionnaire, open_round

    open_round(cast, make_questionnaire())
    queue = reverse("agreements:review_queue")
    rounds = reverse("agreements:rounds")
    editor = client_for(cast.editor).get(rounds).content.decode()
    assert queue not in editor and reverse("agency_detail", kwargs={"agency": "riken"}) in editor
    assert "貴法人の回答票" in editor or "Our sheet" in editor
    reviewer = client_for(cast.reviewer).get(rounds).content.decode()
    assert queue in reviewer and reverse("ministry_detail", kwargs={"ministry": "MEXT"}) in reviewer
    assert "貴法人の回答票" not in reviewer and "Our sheet" not in reviewer
