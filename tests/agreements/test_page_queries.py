"""Key pages take a fixed number of queries, whatever the number of fiscal years behind
them (issue 18: ten years of rounds must not slow the pages down)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.agreements.factories import make_questionnaire, open_round, submit

# Queries per page, at most; the budget is 20 for every key page.
# (The aggregate page's figures are cached: its first view after a change runs them.)
# The homes carry every chapter's panels (each within tests/kokken/test_pages.py's budget per
# panel): held to the 20 here, whatever the years.
# section 16: two for the good practices beside the questions (practices.contrib: the
# questions' agreement sections, the related published entries), whatever their number;
# sheet 15 (13 before): the same two, beside every answer of the review page. Since the
# answer list is cached (agreements.selectors.sheet_answers), "sheet" is its first view after
# a change (two queries more: the comments' and the registers' state; and the security
# settings, which the cleared cache dropped) and "sheet_cached" the views after it; the same
# for the section page's form (agreements.selectors.sheet_section_page).
# Matrix: 13 before the progress query took the ids of the rows already read; 12 before its
# rows were cached (agreements.selectors.matrix_rows): "matrix" is the first view after a
# change (the two progress queries),
# "matrix_cached" the views after it (no progress, no state counts, no second ministries).
# Section: 16 before its form was cached; 19 on the first view after a change (the comments'
# state, last year's sheet read for the key, the registers' state; the security settings).
CEILINGS = {"sheet": 18, "sheet_cached": 10, "section": 19, "section_cached": 9, "matrix": 10,
            "matrix_cached": 7,
            "aggregate": 20, "aggregate_cached": 10,
            # 28 / 30 / 28 with the II-3 and II-4 panels computed on every view; 15 / 18 / 15
            # since the II-2, II-3 and II-4 figures are cached like II-1's (kokken/figures.py);
            # the featured good practices add one query to each. Held at the 20: a
            # panel must keep its figures cached to fit.
            "home_agency": 20, "home_ministry": 20, "home_secretariat": 20, "review_queue": 7}


def _pages(cast, round):
    sheet = round.sheets.get(agency=cast.agency)
    return {
        "sheet": (cast.editor, f"/sheets/{sheet.pk}/"),
        "sheet_cached": (cast.editor, f"/sheets/{sheet.pk}/"),
        "section": (cast.editor, f"/sheets/{sheet.pk}/sections/S1/"),
        "section_cached": (cast.editor, f"/sheets/{sheet.pk}/sections/S1/"),
        "matrix": (cast.secretariat, f"/rounds/{round.pk}/"),
        "matrix_cached": (cast.secretariat, f"/rounds/{round.pk}/"),
        "aggregate": (cast.secretariat, f"/rounds/{round.pk}/aggregate/"),
        "aggregate_cached": (cast.secretariat, f"/rounds/{round.pk}/aggregate/"),
        "home_agency": (cast.editor, "/agencies/riken/"),
        "home_ministry": (cast.reviewer, f"/ministries/{cast.reviewer.ministry.code}/"),
        "home_secretariat": (cast.secretariat, "/agencies/"),
        "review_queue": (cast.reviewer, "/reviews/"),
    }


def _counts(client_for, cast, round) -> dict[str, int]:
    counts = {}
    for name, (user, url) in _pages(cast, round).items():
        client = client_for(user)
        client.get(url)  # warm the session
        if name in ("aggregate", "sheet", "section", "matrix"):
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[name] = len(queries)
    return counts


def _year(cast, qn, fiscal_year):
    round = open_round(cast, qn, fiscal_year=fiscal_year)
    for agency in (cast.agency, cast.other_agency):
        submit(round.sheets.get(agency=agency), {"Q1-1": "done", "N1": str(fiscal_year)})
    return round


@pytest.mark.django_db
def test_key_pages_take_the_same_queries_with_one_year_or_seven(client_for, cast):
    qn = make_questionnaire()
    latest = open_round(cast, qn, fiscal_year=2024)
    submit(latest.sheets.get(agency=cast.other_agency), {"Q1-1": "done", "N1": "1"})
    _year(cast, qn, 2023)
    one_year_back = _counts(client_for, cast, latest)
    for fiscal_year in range(2017, 2023):
        _year(cast, qn, fiscal_year)
    seven_years_back = _counts(client_for, cast, latest)
    assert seven_years_back == one_year_back
    over = {name: n for name, n in one_year_back.items() if n > CEILINGS[name]}
    assert not over, over
