"""The API lists that write their rows by hand (issue 18) give what their DRF fields give."""

from datetime import datetime, timezone

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers as drf
from rest_framework.test import APIRequestFactory

from agreements.models import Round, Sheet
from api.registers import registers
from api.serializers import RoundSerializer, SheetDetailSerializer, SheetSerializer
from kokken import access
from kokken.access import Perm

from .conftest import make_survey


def _by_fields(row, user, serializer_class=RoundSerializer) -> dict:
    """The row as ModelSerializer's fields write it (what the API gave before)."""
    request = APIRequestFactory().get("/api/v1/")
    request.user = user
    serializer = serializer_class(context={"request": request})
    return drf.ModelSerializer.to_representation(serializer, row)


def _rounds(cast, survey):
    published = make_survey(status=Round.Status.PUBLISHED, fiscal_year=2023,
                            agencies=("riken", "aist", "jaxa", "nims"), title="令和5年度")
    Round.objects.filter(pk=published.round.pk).update(
        opened_at=datetime(2023, 4, 1, 0, 0, 0, 123456, tzinfo=timezone.utc),
        closed_at=datetime(2023, 7, 1, 15, 30, tzinfo=timezone.utc),
        published_at=datetime(2023, 12, 31, 23, 59, 59, tzinfo=timezone.utc))
    draft = make_survey(status=Round.Status.DRAFT, fiscal_year=2025, agencies=(),
                        title="令和7年度（準備中）")
    return [survey.round, published.round, draft.round]


def test_round_rows_are_what_the_serializer_fields_give(cast, survey, api_for):
    rounds = _rounds(cast, survey)
    for user in (cast.secretariat, cast.reviewer, cast.other_reviewer, cast.editor):
        listed = api_for(user).get("/api/v1/rounds/").json()["results"]
        assert listed, user
        for row in listed:
            round = Round.objects.get(pk=row["id"])
            assert row == _by_fields(round, user)
            assert api_for(user).get(f"/api/v1/rounds/{round.pk}/").json() == row
            visible = access.agencies(user, Perm.VIEW)
            assert row["targets"] == sorted(
                round.targets.filter(pk__in=visible).values_list("code", flat=True))
    secretariat = api_for(cast.secretariat).get("/api/v1/rounds/").json()["results"]
    assert {r["id"] for r in secretariat} == {r.pk for r in rounds}
    published = next(r for r in secretariat if r["id"] == rounds[1].pk)
    assert published["opened_at"] == "2023-04-01T09:00:00.123456+09:00"
    assert published["closed_at"] == "2023-07-02T00:30:00+09:00"
    assert next(r for r in secretariat if r["id"] == rounds[2].pk)["targets"] == []
    editor = api_for(cast.editor).get("/api/v1/rounds/").json()["results"]
    assert [r["targets"] for r in editor] == [["riken"], ["riken"]]


def test_the_rounds_list_reads_its_targets_in_one_query(cast, survey, api_for):
    api = api_for(cast.reviewer)
    api.get("/api/v1/rounds/")
    with CaptureQueriesContext(connection) as one:
        api.get("/api/v1/rounds/")
    _rounds(cast, survey)
    with CaptureQueriesContext(connection) as three:
        assert len(api.get("/api/v1/rounds/").json()["results"]) == 2
    assert len(three) == len(one)
    assert sum('"kokken_agency"."code"' in q["sql"] for q in three.captured_queries) == 1


def test_sheet_rows_are_what_the_serializer_fields_give(cast, survey, api_for):
    _rounds(cast, survey)
    Sheet.objects.filter(pk=survey.sheet.pk).update(
        receipt_number="R-2024-001",
        submitted_at=datetime(2024, 5, 1, 3, 4, 5, 678901, tzinfo=timezone.utc),
        returned_at=datetime(2024, 5, 2, tzinfo=timezone.utc))
    for user in (cast.secretariat, cast.reviewer, cast.editor, cast.other_editor):
        api = api_for(user)
        listed = api.get("/api/v1/sheets/").json()["results"]
        assert listed, user
        for row in listed:
            sheet = Sheet.objects.get(pk=row["id"])
            assert row == _by_fields(sheet, user, SheetSerializer)
            detail = api.get(f"/api/v1/sheets/{sheet.pk}/").json()
            assert detail == _by_fields(sheet, user, SheetDetailSerializer)
            assert {k: v for k, v in detail.items() if k != "answers"} == row
    row = next(r for r in api_for(cast.editor).get("/api/v1/sheets/").json()["results"]
               if r["id"] == survey.sheet.pk)
    assert row["agency"] == "riken"
    assert row["submitted_at"] == "2024-05-01T12:04:05.678901+09:00"
    assert row["accepted_at"] is None


def test_a_transition_answers_the_sheet_as_its_fields_give(cast, survey, api_for):
    url = f"/api/v1/sheets/{survey.sheet.pk}/transitions/"
    api_for(cast.editor).patch(f"/api/v1/sheets/{survey.sheet.pk}/answers/",
                               {"version": 0, "answers": {"Q1": "b"}}, format="json")
    assert api_for(cast.editor).post(url, {"action": "request_approval"},
                                     format="json").status_code == 200
    response = api_for(cast.approver).post(url, {"action": "submit"}, format="json")
    assert response.status_code == 200, response.content
    sheet = Sheet.objects.get(pk=survey.sheet.pk)
    assert response.json() == _by_fields(sheet, cast.approver, SheetSerializer)
    assert response.json()["receipt_number"]


def test_register_rows_are_what_the_serializer_fields_give(cast, api_for):
    """Every declared register's list and detail (PlainRows) as its fields write them, on a
    RIKEN row of each (the access matrix's samples), for a viewer of all and of RIKEN."""
    import importlib
    import pkgutil

    import tests
    from api.urls import REGISTER_ROUTES
    from tests.access_samples import SAMPLES

    for module in pkgutil.walk_packages(tests.__path__, "tests."):
        if module.name.endswith(".samples"):
            importlib.import_module(module.name)
    by_prefix = {prefix: viewset for prefix, viewset, _ in REGISTER_ROUTES}
    checked = 0
    for register in registers():
        pk = SAMPLES[register.key](cast)
        viewset = by_prefix[f"{register.namespace}/{register.segment}"]
        for user in (cast.secretariat, cast.editor):
            api = api_for(user)
            url = f"/api/v1/{register.namespace}/{register.segment}/"
            listed = api.get(url, {"page_size": 200}).json()["results"]
            for row in listed:
                instance = viewset.base_queryset(viewset()).get(pk=row["id"])
                assert row == _by_fields(instance, user, viewset.serializer_class), url
                checked += 1
            if pk in {row["id"] for row in listed}:  # not a restricted register's row
                assert api.get(f"{url}{pk}/").json() == next(r for r in listed
                                                             if r["id"] == pk)
    assert checked >= len(registers())
    for prefix, viewset, _ in REGISTER_ROUTES:  # the annual records' lists, as far as any
        listed = api_for(cast.secretariat).get(f"/api/v1/{prefix}/").json()["results"]
        for row in listed:
            instance = viewset.serializer_class.Meta.model.objects.get(pk=row["id"])
            assert row == _by_fields(instance, cast.secretariat, viewset.serializer_class)
