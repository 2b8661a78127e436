"""History of every change (kokken/history.py on django-simple-history): recorded with the
acting user by pages, Excel imports (the "replace" deletions too) and services; shown per
row and per annual record, in the page and the API; refused to outsiders; no write path
around it."""

import ast
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hr import services
from hr.models import CrossAppointment, PayScheme, PersonnelFunding, Secondment
from hr.registers import REGISTERS
from kokken import history
from kokken.records import AnnualRecord
from kokken.registers import Register
from tests.hr import factories as f
from tests.hr.test_excel_import import GOOD, workbook
from tests.hr.test_pages import CA_FORM

ROOT = Path(__file__).resolve().parents[2]


def records(model, **where):
    return list(model.history.filter(**where).order_by("history_date", "history_id"))


# --- recorded -------------------------------------------------------------------------

def test_page_create_edit_and_delete_are_recorded_with_the_editor(client_for, cast):
    client = client_for(cast.editor)
    client.post("/hr/agencies/riken/cross-appointments/new/?fy=2024", CA_FORM)
    row = CrossAppointment.objects.get()
    client.post(f"/hr/cross-appointments/{row.pk}/", {**CA_FORM, "effort_percent": "40"})
    client.post(f"/hr/cross-appointments/{row.pk}/delete/")
    kept = records(CrossAppointment, id=row.pk)
    assert [(r.history_type, r.history_user, r.effort_percent) for r in kept] == [
        ("+", cast.editor, 30), ("~", cast.editor, 40), ("-", cast.editor, 40)]


def test_import_records_each_new_row_and_each_replaced_row_with_the_importer(cast):
    old = f.crossappointment(cast.agency, partner_name="旧大学")
    result = services.rows_import(kind="crossappointment", agency=cast.agency, fiscal_year=2024,
                                  upload=workbook([GOOD]), user=cast.approver, replace=True)
    assert result.ok and result.saved == 1
    new = CrossAppointment.objects.get()
    assert [(r.history_type, r.history_user) for r in records(CrossAppointment, id=old.pk)] == [
        ("+", None), ("-", cast.approver)]
    assert [(r.history_type, r.history_user) for r in records(CrossAppointment, id=new.pk)] == [
        ("+", cast.approver)]


def test_an_import_preview_records_nothing(cast):
    f.crossappointment(cast.agency)
    before = CrossAppointment.history.count()
    services.rows_import(kind="crossappointment", agency=cast.agency, fiscal_year=2024,
                         upload=workbook([GOOD]), user=cast.editor, replace=True, dry_run=True)
    assert CrossAppointment.history.count() == before


def test_services_record_their_user_outside_any_request(cast):
    services.funding_save(agency=cast.agency, fiscal_year=2024,
                          values={"operating_grant": 100}, user=cast.editor)
    services.funding_save(agency=cast.agency, fiscal_year=2024,
                          values={"operating_grant": 120}, user=cast.approver)
    services.pay_schemes_save(agency=cast.agency, fiscal_year=2024, user=cast.editor, rows={
        "technical": {"annual_salary": False, "coverage_percent": None}})
    services.pay_schemes_save(agency=cast.agency, fiscal_year=2024, user=cast.approver, rows={})
    copied = services.copy_previous_year(agency=cast.agency, fiscal_year=2025, user=cast.editor)
    assert [(r.history_type, r.history_user, r.operating_grant)
            for r in records(PersonnelFunding)] == [
        ("+", cast.editor, 100), ("~", cast.approver, 120), ("+", cast.editor, 120)]
    assert copied["PersonnelFunding"] == 1
    assert [(r.history_type, r.history_user) for r in records(PayScheme)] == [
        ("+", cast.editor), ("-", cast.approver)]


def test_a_ministry_check_is_recorded_with_the_reviewer(cast):
    benchmark = f.benchmark(cast.agency, 8000, 7000)
    services.benchmark_review(benchmark=benchmark, adequate=True, note="妥当", user=cast.reviewer)
    last = records(type(benchmark), id=benchmark.pk)[-1]
    assert (last.history_type, last.history_user, last.explanation_adequate) == (
        "~", cast.reviewer, True)


# --- no path around it ----------------------------------------------------------------

def test_update_and_bulk_update_on_a_register_queryset_are_refused(cast):
    row = f.crossappointment(cast.agency)
    with pytest.raises(history.BypassesHistory):
        CrossAppointment.objects.filter(pk=row.pk).update(effort_percent=10)
    with pytest.raises(history.BypassesHistory):
        CrossAppointment.objects.bulk_update([row], ["effort_percent"])
    row.refresh_from_db()
    assert row.effort_percent == 50


def test_bulk_create_records_history_with_the_acting_user(cast):
    with history.acting(cast.editor):
        made = Secondment.objects.bulk_create([
            Secondment(agency=cast.agency, fiscal_year=2024, direction="inbound",
                       kind="zaiseki", partner_type="company", start_date=date(2024, 4, 1))])
    assert [(r.history_type, r.history_user) for r in records(Secondment, id=made[0].pk)] == [
        ("+", cast.editor)]


def _tracked_model_names() -> set[str]:
    from django.apps import apps

    return {m.__name__ for m in apps.get_models() if history.is_tracked(m)}


APP_DIRS = ("kokken", "agreements", "hr", "training", "ip", "security", "api")
BYPASSES = {"update", "bulk_update", "_raw_delete", "raw", "_update"}


def bypasses(source: str, names: set[str]) -> list[int]:
    """Lines of ``source`` that write a model of ``names`` around history:
    ``<Model>.objects….update(…)``, bulk_update, raw SQL, or through the base manager."""
    lines = set()
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        chain, inner = [], node.func
        while isinstance(inner, (ast.Attribute, ast.Call, ast.Subscript)):
            if isinstance(inner, ast.Attribute):
                chain.append(inner.attr)
                inner = inner.value
            else:
                inner = inner.func if isinstance(inner, ast.Call) else inner.value
        root = inner.id if isinstance(inner, ast.Name) else None
        if root in names and (node.func.attr in BYPASSES or "_base_manager" in chain):
            lines.add(node.lineno)
    return sorted(lines)


def test_no_app_code_writes_a_register_model_around_history():
    """The runtime guard (``TrackedQuerySet``) refuses these too; this finds them in every
    app before a test has to run the line."""
    names = _tracked_model_names()
    assert {"CrossAppointment", "PayScheme", "SalaryBenchmark"} <= names
    found = [f"{path.relative_to(ROOT)}:{line}"
             for folder in APP_DIRS for path in (ROOT / folder).rglob("*.py")
             if "migrations" not in path.parts
             for line in bypasses(path.read_text(encoding="utf-8"), names)]
    assert found == []


def test_the_bypass_finder_finds_each_way_around_history():
    names = {"CrossAppointment"}
    source = """
CrossAppointment.objects.filter(agency=a).update(effort_percent=1)
CrossAppointment.objects.bulk_update(rows, ["effort_percent"])
CrossAppointment._base_manager.filter(pk=1).delete()
CrossAppointment.objects.raw("UPDATE hr_crossappointment SET effort_percent = 1")
CrossAppointment.objects.filter(agency=a).delete()
Sheet.objects.filter(pk=1).update(state="x")
"""
    assert bypasses(source, names) == [2, 3, 4, 5]


def test_a_register_whose_model_keeps_no_history_fails_at_start_up():
    from kokken.models import DataTransfer

    with pytest.raises(ImproperlyConfigured, match="keeps no change history"):
        Register(key="untracked", namespace="test", segment="x", model=DataTransfer,
                 form=None, filterset=None, columns=[], sorts={}, default_sort="",
                 row_template="", labels={}, file="", what="")
    with pytest.raises(ImproperlyConfigured, match="keeps no change history"):
        AnnualRecord(key="untracked", namespace="test", segment="x/", form=None, labels={},
                     load=None, save=None, template="", context=None, year=None, back=None,
                     model=DataTransfer)


def test_every_declared_register_keeps_history():
    assert REGISTERS and all(history.is_tracked(r.model) for r in REGISTERS)


# --- shown ----------------------------------------------------------------------------

def _edited_row(cast):
    row = CrossAppointment(agency=cast.agency, fiscal_year=2024, direction="inbound",
                           partner_name="東京大学", partner_type="national_university",
                           effort_percent=30, start_date=date(2024, 4, 1))
    services.row_save(instance=row, values={}, user=cast.editor)
    services.row_save(instance=row, values={"effort_percent": 45, "settles_ip": True,
                                            "end_date": date(2025, 3, 31)}, user=cast.approver)
    return row


def test_row_history_page_shows_who_when_and_each_changed_field(client_for, cast):
    row = _edited_row(cast)
    body = client_for(cast.reviewer).get(f"/hr/cross-appointments/{row.pk}/history/").content \
        .decode()
    assert "変更履歴" in body and "東京大学" in body
    assert "t-riken-editor" in body and "t-riken-approver" in body
    changed = body.split("変更", 1)[1]
    for text in ("相手機関でのエフォート（％）", "30", "45", "知的財産の取扱い", "非該当",
                 "令和7年3月31日"):
        assert text in changed, text
    assert "令和" in body and "<time datetime=" in body


def test_row_history_page_in_english(client_for, cast):
    row = _edited_row(cast)
    client = client_for(cast.editor)
    client.post("/i18n/setlang/", {"language": "en"})
    body = client.get(f"/hr/cross-appointments/{row.pk}/history/").content.decode()
    assert "Change history" in body and "Changed" in body
    assert "effort share at the partner (%)" in body and "31 March 2025" in body


def test_list_and_edit_pages_link_to_the_history(client_for, cast):
    row = _edited_row(cast)
    link = f"/hr/cross-appointments/{row.pk}/history/"
    assert link in client_for(cast.reviewer).get(
        "/hr/agencies/riken/cross-appointments/?fy=2024").content.decode()
    assert link in client_for(cast.editor).get(f"/hr/cross-appointments/{row.pk}/") \
        .content.decode()
    assert "/hr/agencies/riken/funding/history/?fy=2024" in client_for(cast.editor).get(
        "/hr/agencies/riken/funding/?fy=2024").content.decode()


def test_annual_record_history_shows_every_job_category_and_deletions(client_for, cast):
    services.pay_schemes_save(agency=cast.agency, fiscal_year=2024, user=cast.editor, rows={
        "technical": {"annual_salary": False, "coverage_percent": None}})
    services.pay_schemes_save(agency=cast.agency, fiscal_year=2024, user=cast.approver, rows={})
    body = client_for(cast.reviewer).get("/hr/agencies/riken/pay/history/?fy=2024").content \
        .decode()
    assert "技術職" in body and "削除" in body and "t-riken-approver" in body


@pytest.mark.parametrize("who", ["other_editor", "other_reviewer"])
def test_outsiders_get_404_and_learn_nothing(client_for, cast, who):
    row = _edited_row(cast)
    client = client_for(getattr(cast, who))
    for url in (f"/hr/cross-appointments/{row.pk}/history/",
                "/hr/agencies/riken/funding/history/?fy=2024"):
        response = client.get(url)
        assert response.status_code == 404
        assert "東京大学" not in response.content.decode()


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_history_page_query_count_does_not_grow_with_changes(client_for, cast):
    row = _edited_row(cast)
    client = client_for(cast.editor)
    url = f"/hr/cross-appointments/{row.pk}/history/"
    client.get(url)
    before = _count(client, url)
    for i in range(15):
        services.row_save(instance=row, values={"effort_percent": i,
                                                "reference": f"R{i}"},
                          user=cast.approver if i % 2 else cast.editor)
    after = _count(client, url)
    assert after == before and before <= 12
    record_url = "/hr/agencies/riken/funding/history/?fy=2024"
    client.get(record_url)
    first = _count(client, record_url)
    for i in range(10):
        services.funding_save(agency=cast.agency, fiscal_year=2024,
                              values={"operating_grant": i}, user=cast.editor)
    assert _count(client, record_url) == first <= 12


# --- API ------------------------------------------------------------------------------

def _api(user):
    from rest_framework.test import APIClient

    from kokken.models import ApiToken

    _token, secret = ApiToken.issue(user=user, name="test")
    client = APIClient(HTTP_ACCEPT_LANGUAGE="ja")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_api_history_lists_changes_newest_first_with_user_names(cast):
    row = _edited_row(cast)
    response = _api(cast.reviewer).get(f"/api/v1/hr/cross-appointments/{row.pk}/history/")
    assert response.status_code == 200
    newest, first = response.json()
    assert (newest["type"], newest["user"], first["type"], first["user"]) == (
        "changed", "t-riken-approver", "created", "t-riken-editor")
    assert {c["field"]: (c["old"], c["new"]) for c in newest["changes"]} == {
        "effort_percent": (30, 45), "settles_ip": (False, True),
        "end_date": (None, "2025-03-31")}


@pytest.mark.parametrize("who", ["other_editor", "other_reviewer"])
def test_api_history_is_404_for_outsiders(cast, who):
    row = _edited_row(cast)
    response = _api(getattr(cast, who)).get(f"/api/v1/hr/cross-appointments/{row.pk}/history/")
    assert response.status_code == 404 and "東京大学" not in response.content.decode()
