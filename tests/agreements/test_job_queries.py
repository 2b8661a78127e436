"""The long jobs take a number of queries that does not grow with the years behind them
(issue 18: ten years of rounds), and opening a round a fixed number per agency."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from agreements import excel, reports, services
from agreements.models import ReportJob, Round
from kokken.models import Agency
from tests.agreements.factories import make_questionnaire, open_round, submit

# At most, whatever the years (measured; every chapter's report section and Excel sheets
# count in them: see docs/benchmarks.md, "Long jobs").
# The export was 37 before II-2, II-3 and II-4 added their sheets (4 + 3 + 7 sheets,
# about one to two queries each); it still does not grow with the years.
EXPORT_QUERIES = 56
ANNUAL_REPORT_QUERIES = 28
# Opening a round: the same number whatever the agencies (was 25 + 7 per agency: a sheet and
# a notice per agency; now the sheets, their people and the notifications in one query each).
# The e-mails are sent after the commit, one by one (each under its row lock: about four
# queries an e-mail, five people here), so the count is taken with the same people to notify.
# Measured 39 with 3 agencies and with 27 (before: 25 + 7 per agency, 46 and 214).
OPEN_QUERIES = 39


def _published(cast, qn, fiscal_year):
    round = open_round(cast, qn, fiscal_year=fiscal_year)
    for agency in (cast.agency, cast.other_agency):
        submit(round.sheets.get(agency=agency), {"Q1-1": "done", "N1": str(fiscal_year)})
    Round.objects.filter(pk=round.pk).update(status=Round.Status.PUBLISHED)
    round.refresh_from_db()
    return round


def _export_queries(rounds) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert excel.round_workbook(rounds=rounds, agencies=Agency.objects.all()).content
    return len(queries)


def _annual_queries(round) -> int:
    """The annual report's queries: its context and its template (the PDF layout after
    them runs none)."""
    job, _made = ReportJob.objects.get_or_create(kind="annual", round=round)
    # Loaded as the worker loads it (report_generate_by_id).
    job = ReportJob.objects.select_related("round__questionnaire", "agency", "ministry").get(
        pk=job.pk)
    report = reports.REPORTS["annual"]
    with CaptureQueriesContext(connection) as queries, translation.override("ja"):
        context = report.context(job)
        context.update(round=round, generated_at=round.opens_on)
        assert render_to_string(report.template, context)
    return len(queries)


@pytest.mark.django_db
def test_round_export_and_annual_report_take_the_same_queries_with_one_year_or_five(
        cast):
    qn = make_questionnaire()
    latest = _published(cast, qn, 2024)
    earlier = [_published(cast, qn, 2023)]
    one_year = (_export_queries([latest, *earlier]), _annual_queries(latest))
    earlier += [_published(cast, qn, fy) for fy in (2019, 2020, 2021, 2022)]
    five_years = (_export_queries([latest, *earlier]), _annual_queries(latest))
    assert five_years == one_year
    assert one_year[0] <= EXPORT_QUERIES, one_year
    assert one_year[1] <= ANNUAL_REPORT_QUERIES, one_year


def _open_queries(cast, qn, fiscal_year, targets) -> int:
    round = services.round_create(
        user=cast.secretariat, fiscal_year=fiscal_year, questionnaire=qn,
        opens_on=round_date(fiscal_year), due_on=round_date(fiscal_year, 7),
        title_ja=f"{fiscal_year}年度", targets=targets)
    with CaptureQueriesContext(connection) as queries:
        with TestCase.captureOnCommitCallbacks(execute=True):
            services.round_open(round=round, user=cast.secretariat)
        assert round.sheets.count() == len(targets)
    return len(queries)


def round_date(fiscal_year, month=6):
    from datetime import date

    return date(fiscal_year, month, 1)


@pytest.mark.django_db
def test_opening_a_round_takes_the_same_queries_for_3_agencies_or_27(cast):
    qn = make_questionnaire()
    people = [cast.agency, cast.other_agency]      # the agencies with users in the cast
    others = list(Agency.objects.kokken_in(2024).exclude(
        pk__in=[a.pk for a in people]).order_by("code"))
    few = _open_queries(cast, qn, 2024, [*people, *others[:1]])
    many = _open_queries(cast, qn, 2025, [*people, *others])
    assert len(others) + 2 >= 27
    assert many == few <= OPEN_QUERIES, (few, many)


@pytest.mark.django_db
def test_opening_a_round_notifies_each_agency_once_of_its_own_sheet(cast):
    from kokken.models import Notification

    round = services.round_create(
        user=cast.secretariat, fiscal_year=2024, questionnaire=make_questionnaire(),
        opens_on=round_date(2024), due_on=round_date(2024, 7), title_ja="2024年度",
        targets=[cast.agency, cast.other_agency])
    Round.objects.filter(pk=round.pk).update(status=Round.Status.OPEN)
    assert services.round_create_sheets(round=round) == 2
    assert services.round_create_sheets(round=round) == 0     # a retry: no sheet, no notice
    notes = Notification.objects.filter(url__startswith="/sheets/")
    sheets = {s.agency_id: f"/sheets/{s.pk}/" for s in round.sheets.all()}
    assert sorted((n.user.username, n.url) for n in notes) == sorted(
        (user.username, sheets[user.agency_id])
        for user in (cast.editor, cast.approver, cast.other_editor, cast.other_approver))
    assert Notification.objects.filter(user=cast.secretariat).count() == 1
