"""The II-2 indicators page and its export: who sees which agencies' figures (decided in
kokken.access), the same figures as the PDF section, and a fixed number of queries."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from kokken.models import Agency, DataTransfer, Ministry
from tests.training import factories as f
from training.models import Uptake

from .test_report import hand_checked

pytestmark = pytest.mark.django_db
URL = "/training/indicators/?fy=2023"


def codes(response):
    return {a.code for a in response.context["table"]}


def test_the_secretariat_sees_every_agency_of_the_year(cast, client_for):
    hand_checked(cast)
    response = client_for(cast.secretariat).get(URL)
    assert response.status_code == 200
    assert len(codes(response)) == 27 == Agency.objects.kokken_in(2023).count()
    body = response.content.decode()
    assert "II-2 指標" in body and "令和5年度" in body and "27 国研" in body
    values = {r["indicator"].identifier: r["all"] for r in response.context["indicators"]}
    assert (values["training.external"].numerator, values["training.external"].denominator
            ) == (2, 27)


def test_a_reviewer_sees_only_supervised_agencies_by_agency_and_all_agencies_overall(
        cast, client_for):
    hand_checked(cast)
    response = client_for(cast.reviewer).get(URL)          # MEXT: RIKEN, JST, NIMS …
    mext = set(Agency.objects.kokken_in(2023).filter(
        ministries=Ministry.objects.get(code="MEXT")).values_list("code", flat=True))
    assert codes(response) == mext and "aist" not in mext
    row = response.context["indicators"][0]
    assert row["all"].denominator == 27 and row["scope"].denominator == len(mext)
    assert "所管法人" in response.content.decode()


def test_a_non_supervising_reviewer_learns_nothing_of_riken_by_agency(cast, client_for):
    hand_checked(cast)
    client = client_for(cast.other_reviewer)               # METI: AIST, not RIKEN
    response = client.get(URL)
    assert "riken" not in codes(response) and "aist" in codes(response)
    assert "理化学研究所" not in response.content.decode()
    book = load_workbook(io.BytesIO(client.get(
        "/training/indicators/export.xlsx?fy=2023").content))
    by_agency = [r[1] for r in book.worksheets[1].iter_rows(values_only=True)]
    assert "aist" in by_agency and "riken" not in by_agency


def test_another_agencys_editor_sees_only_its_own_row(cast, client_for):
    hand_checked(cast)
    response = client_for(cast.other_editor).get(URL)
    assert codes(response) == {"aist"}
    assert response.context["scoped_label"] == "自法人"


def test_the_export_is_the_pages_figures_and_is_recorded(cast, client_for):
    hand_checked(cast)
    client = client_for(cast.secretariat)
    response = client.get("/training/indicators/export.xlsx?fy=2023")
    assert response["Content-Disposition"].endswith('II-2-FY2023.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["II-2 指標", "II-2 法人別", "II-2 研修ニーズ", "II-2 受講の推移"]
    riken = next(r for r in book["II-2 法人別"].iter_rows(values_only=True) if r[1] == "riken")
    page = next(a for a in client.get(URL).context["table"] if a.code == "riken")
    assert riken[3:6] == (page.open_programmes, page.seats_given, page.seats_taken) == (1, 2, 3)
    assert DataTransfer.objects.filter(what="training.indicators 2023").count() == 1


def test_anonymous_users_are_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["editor", "reviewer", "secretariat"])
def test_the_page_takes_the_same_queries_whatever_the_rows_and_agencies(cast, client_for, who):
    client = client_for(getattr(cast, who))
    hand_checked(cast)
    client.get(URL)
    before = _count(client, URL)
    mext = Ministry.objects.get(code="MEXT")
    for i in range(8):
        agency = Agency.objects.create(code=f"extra{i}", abbr=f"X{i}", name_ja=f"追加{i}",
                                       name_en=f"Extra {i}", short_name_ja=f"追加{i}")
        agency.ministries.add(mext)
        f.programme(agency, fiscal_year=2023)
        f.needs(agency, uses=True, ip="outside")
        Uptake.objects.create(agency=agency, fiscal_year=2022 - i % 3, ip=i)
    client.get(URL)  # new agencies: the signed-in user is read again once (kokken/signed_in.py)
    assert _count(client, URL) == before
    # Base layout and session; population and the four indicators (two queries each, the
    # year's agencies once for all and once for the viewer's scope); table; trend.
    assert before <= 24, before
