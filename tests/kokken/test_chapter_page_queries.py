"""Each chapter's main lists, the good-practice database and the API's lists take a fixed
number of queries, at most the issue's 20, whatever the years, agencies and rows behind them
(issue 18; the same key pages as bench/pages.py, at both sizes: one fiscal year of two
agencies' rows, then seven years of every 国研's rows from the benchmarks' generator)."""

import io
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import bigdata
from kokken import wareki
from kokken.models import Role
from practices.models import Practice
from tests.agreements.factories import make_questionnaire, open_round, submit
from tests.conftest import make_user, sign_in
from tests.hr import factories as hr
from tests.ip import factories as ip
from tests.practices import factories as practices
from tests.security import factories as security
from tests.training import factories as training

CEILING = 20  # the budget for every key page
API_LISTS = ["sheets", "rounds", "hr/cross-appointments", "hr/secondments", "hr/initiatives",
             "training/programmes", "ip/coi-cases", "ip/startups", "security/incidents",
             "security/reviews", "security/information-security", "practices/entries"]


def _pages(cast, fy: int) -> dict:
    riken = cast.agency.code
    return {
        "hr register": (cast.editor, f"/hr/agencies/{riken}/?fy={fy}"),
        "hr cross-appointments": (cast.editor, f"/hr/agencies/{riken}/cross-appointments/?fy={fy}"),
        "hr indicators": (cast.secretariat, f"/hr/indicators/?fy={fy}"),
        "training catalogue": (cast.editor, f"/training/catalogue/?fy={fy}"),
        "training chapter": (cast.editor, f"/training/agencies/{riken}/?fy={fy}"),
        "training programmes": (cast.editor, f"/training/agencies/{riken}/programmes/?fy={fy}"),
        "ip chapter": (cast.approver, f"/ip/agencies/{riken}/?fy={fy}"),
        "ip coi cases": (cast.approver, f"/ip/agencies/{riken}/coi-cases/?fy={fy}"),
        "security chapter": (cast.editor, f"/security/agencies/{riken}/?fy={fy}"),
        "security overview": (cast.secretariat, f"/security/overview/?fy={fy}"),
        "practices": (cast.editor, "/practices/"),
        "practices search": (cast.editor, f"/practices/?q={quote('研修')}"),
        "practices of an agency": (cast.editor, f"/practices/?agency={cast.other_agency.code}"),
        **{f"api {path}": (cast.secretariat, f"/api/v1/{path}/") for path in API_LISTS},
    }


def _counts(clients: dict, cast, fy: int) -> dict[str, int]:
    counts = {}
    for name, (user, url) in _pages(cast, fy).items():
        client = clients[user]
        client.get(url)  # the session, and figures cached under the registers' version
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[name] = len(queries)
    return counts


def _round(cast, fy: int) -> None:
    round = open_round(cast, make_questionnaire(code=f"q{fy}"), fiscal_year=fy)
    submit(round.sheets.get(agency=cast.other_agency), {"Q1-1": "done", "N1": "1"})


def _one_year(cast, fy: int) -> None:
    """A row or two of each list, in the page's year, of RIKEN and AIST; a round."""
    riken, aist = cast.agency, cast.other_agency
    _round(cast, fy)
    hr.crossappointment(riken, fiscal_year=fy)
    hr.secondment(riken, fiscal_year=fy)
    hr.initiative(riken, fiscal_year=fy)
    offered = training.programme(riken, fiscal_year=fy, title="研修 基礎")
    training.seat_request(aist, offered)
    training.programme(aist, fiscal_year=fy)
    ip.case(riken, fiscal_year=fy, days=10)
    ip.startup(riken, fiscal_year=fy)
    security.incident(riken, fiscal_year=fy)
    security.review(riken, fiscal_year=fy)
    for agency in (riken, aist):
        practices.practice(agency, state=Practice.State.PUBLISHED, fiscal_year=fy,
                           title_ja="研修の相互乗り入れ").partners.add(riken if agency == aist else aist)


def _seven_years_of_every_agency(cast, fy: int) -> None:
    make_user("secretariat", Role.SECRETARIAT)  # the generator's publisher of practices
    bigdata.registers(7, 1, io.StringIO(), scale=0.3)
    bigdata.chapter_registers(7, 1, io.StringIO(), scale=0.3)
    for year in range(fy - 6, fy):
        _round(cast, year)
    for year in range(fy - 6, fy + 1):
        for agency in (cast.agency, cast.other_agency):
            security.incident(agency, fiscal_year=year)
            security.review(agency, fiscal_year=year)


@pytest.mark.django_db
def test_chapter_lists_practices_and_api_lists_take_the_same_queries_at_both_sizes(cast):
    fy = wareki.fiscal_year()
    # Each user signed in once (the secretariat opens 13 of the pages: signing in before
    # each would use up its second factor's codes).
    clients = {user: sign_in(Client(), user) for user, _ in _pages(cast, fy).values()}
    _one_year(cast, fy)
    small = _counts(clients, cast, fy)
    _seven_years_of_every_agency(cast, fy)
    large = _counts(clients, cast, fy)

    assert large == small
    over = {name: n for name, n in small.items() if n > CEILING}
    assert not over, over
