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
# Opening a round: per agency its sheet (savepoint, read, write, release) and the notice to
# its people (their list, the notifications, the mail outbox); plus a fixed part.
OPEN_QUERIES_PER_AGENCY = 7
OPEN_QUERIES_FIXED = 25


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
def test_opening_a_round_takes_a_fixed_number_of_queries_per_agency(cast):
    qn = make_questionnaire()
    agencies = list(Agency.objects.order_by("code"))
    few = _open_queries(cast, qn, 2024, agencies[:3])
    many = _open_queries(cast, qn, 2025, agencies[:9])
    per_agency = (many - few) / 6
    assert per_agency <= OPEN_QUERIES_PER_AGENCY, (few, many)
    assert few - 3 * per_agency <= OPEN_QUERIES_FIXED, (few, many)
