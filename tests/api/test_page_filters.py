"""The round's matrix and aggregate pages filter with the API's FilterSets (issue 10, item 5):
the same query gives the same agencies on the page and in the API, and a value one refuses
the other refuses too (the page says so and leaves that filter out; the API answers 400)."""

import pytest

from agreements.models import Sheet
from kokken.models import Agency
from tests.agreements.factories import make_questionnaire, open_round, submit

# Agencies with several ministries (AMED: CAO, MEXT, MHLW, METI; JAXA; JAEA) are in the
# round: a ministry filter must list each of them once.
SUBMITTED = ["riken", "aist", "jst", "nedo", "amed", "jaxa", "nict"]

QUERIES = [
    {}, {"ministry": "MEXT"}, {"ministry": "METI"}, {"ministry": "XYZ"}, {"designated": "1"},
    {"designated": "0"}, {"funding": "1"}, {"funding": "0", "ministry": "MEXT"},
    {"designated": "0", "funding": "1", "ministry": "METI"}, {"state": "submitted"},
    {"state": "not_started", "ministry": "MIC"}, {"designated": "true"}, {"funding": "FALSE"},
]


@pytest.fixture
def round(cast):
    round = open_round(cast, make_questionnaire())
    for code in SUBMITTED:
        answers = ({"Q1-1": "done"} if code in ("riken", "jst", "amed") else
                   {"Q1-1": "not_done", "Q1-2": "considering", "Q1-3": "今年度中"})
        submit(round.sheets.get(agency__code=code), {**answers, "N1": "1"})
    return round


def _page_agencies(client, round, query) -> list[str]:
    response = client.get(f"/rounds/{round.pk}/", query)
    assert response.status_code == 200
    return sorted(sheet.agency.code for sheet in response.context["rows"])


def _api_agencies(api, round, query) -> list[str]:
    response = api.get("/api/v1/sheets/", {"round": round.pk, "page_size": 100, **query})
    assert response.status_code == 200, response.content
    return sorted(row["agency"] for row in response.json()["results"])


@pytest.mark.parametrize("who", ["secretariat", "reviewer", "other_reviewer"])
def test_the_matrix_and_the_sheets_api_list_the_same_agencies(cast, round, client_for,
                                                              api_for, who):
    client, api = client_for(getattr(cast, who)), api_for(getattr(cast, who))
    for query in QUERIES:
        assert _page_agencies(client, round, query) == _api_agencies(api, round, query), query


def test_the_matrix_filters_by_the_agencys_flags_and_ministries(cast, round, client_for):
    client = client_for(cast.secretariat)
    assert _page_agencies(client, round, {"designated": "1", "state": "submitted"}) == [
        "aist", "riken"]
    assert _page_agencies(client, round, {"funding": "1", "ministry": "METI"}) == [
        "amed", "nedo"]
    meti = set(Agency.objects.filter(ministries__code="METI").values_list("code", flat=True))
    assert _page_agencies(client, round, {"ministry": "METI"}) == sorted(meti)
    assert _page_agencies(client, round, {"ministry": "XYZ"}) == []


def _page_aggregate(client, round, query) -> dict:
    response = client.get(f"/rounds/{round.pk}/aggregate/", {"basis": "submitted", **query})
    assert response.status_code == 200
    return {q["agg"].code: (q["agg"].responses, q["agg"].n,
                            sorted((o.code, o.count) for o in q["agg"].outcomes))
            for q in response.context["questions"]}


def _api_aggregate(api, round, query) -> dict:
    response = api.get(f"/api/v1/rounds/{round.pk}/aggregate/", {"basis": "submitted", **query})
    assert response.status_code == 200, response.content
    return {q["code"]: (q["responses"], q["n"],
                        sorted((o["code"], o["count"]) for o in q["outcomes"]))
            for q in response.json()["questions"]}


@pytest.mark.parametrize("who", ["secretariat", "other_reviewer"])
def test_the_aggregate_page_and_api_count_the_same_agencies(cast, round, client_for, api_for,
                                                            who):
    client, api = client_for(getattr(cast, who)), api_for(getattr(cast, who))
    for query in [q for q in QUERIES if "state" not in q]:
        page = _page_aggregate(client, round, query)
        assert page == _api_aggregate(api, round, query), query
    # Not a check that passes on nothing: the filters change the figures.
    everyone = _page_aggregate(client_for(cast.secretariat), round, {})
    designated = _page_aggregate(client_for(cast.secretariat), round, {"designated": "1"})
    assert (everyone["Q1-1"][0], designated["Q1-1"][0]) == (7, 2)


REFUSED = [("designated", "maybe"), ("funding", "2"), ("state", "done"),
           ("ministry", "M" * 17)]


@pytest.mark.parametrize(("name", "value"), REFUSED)
def test_a_value_the_api_refuses_the_matrix_names_and_leaves_out(cast, round, client_for,
                                                                 api_for, name, value):
    query = {name: value, "ministry" if name != "ministry" else "designated":
             "MEXT" if name != "ministry" else "1"}
    api = api_for(cast.secretariat)
    response = api.get("/api/v1/sheets/", {"round": round.pk, **query})
    assert response.status_code == 400
    assert name in response.json()["error"]["fields"]

    page = client_for(cast.secretariat).get(f"/rounds/{round.pk}/", query)
    assert page.status_code == 200
    body = page.content.decode()
    assert f'id="f-{name}" name="{name}" aria-invalid="true"' in body
    assert f'id="f-{name}_error"' in body and "このフィルターは適用していません" in body
    # The refused filter is left out, the valid one still applies.
    valid = {k: v for k, v in query.items() if k != name}
    assert sorted(s.agency.code for s in page.context["rows"]) == _api_agencies(
        api, round, valid)


@pytest.mark.parametrize(("name", "value"), [r for r in REFUSED if r[0] != "state"])
def test_a_value_the_aggregate_api_refuses_the_page_names_and_leaves_out(
        cast, round, client_for, api_for, name, value):
    response = api_for(cast.secretariat).get(f"/api/v1/rounds/{round.pk}/aggregate/",
                                             {name: value})
    assert response.status_code == 400
    assert name in response.json()["error"]["fields"]
    page = client_for(cast.secretariat).get(f"/rounds/{round.pk}/aggregate/",
                                            {name: value, "basis": "submitted"})
    assert page.status_code == 200
    assert f'id="f-{name}_error"' in page.content.decode()
    assert page.context["responses"] == len(SUBMITTED)


def test_the_agency_api_takes_the_pages_funding_and_its_earlier_name(cast, api_for):
    api = api_for(cast.secretariat)

    def codes(query):
        response = api.get("/api/v1/agencies/", {"page_size": 100, **query})
        assert response.status_code == 200, response.content
        return sorted(a["code"] for a in response.json()["results"])

    funding = sorted(Agency.objects.filter(funding_agency=True).values_list("code", flat=True))
    assert codes({"funding": "1"}) == codes({"funding_agency": "true"}) == funding
    assert codes({"designated": "1"}) == codes({"designated": "true"}) == [
        "aist", "nims", "riken"]
    assert api.get("/api/v1/agencies/", {"designated": "yes"}).status_code == 400


def test_the_matrix_state_counts_ignore_the_filters(cast, round, client_for):
    response = client_for(cast.secretariat).get(f"/rounds/{round.pk}/", {"ministry": "MAFF"})
    assert response.context["counts"][Sheet.State.SUBMITTED] == len(SUBMITTED)
    assert len(response.context["rows"]) == Agency.objects.filter(ministries__code="MAFF").count()


AGENCY_QUERIES = [{}, {"ministry": "MEXT"}, {"ministry": "XYZ"}, {"designated": "1"},
                  {"designated": "false"}, {"funding": "1", "ministry": "METI"},
                  {"designated": "maybe", "ministry": "MEXT"}]


@pytest.mark.parametrize("who", ["secretariat", "reviewer"])
def test_the_agency_list_and_the_agencies_api_list_the_same_agencies(cast, client_for, api_for,
                                                                     who):
    client, api = client_for(getattr(cast, who)), api_for(getattr(cast, who))
    for query in AGENCY_QUERIES:
        page = client.get("/agencies/", query)
        assert page.status_code == 200
        shown = sorted(a.code for a in page.context["page"].object_list)
        valid = {k: v for k, v in query.items() if v != "maybe"}
        response = api.get("/api/v1/agencies/", {"page_size": 100, **valid})
        assert shown == sorted(a["code"] for a in response.json()["results"]), query


def test_the_agency_list_names_a_refused_flag_and_leaves_it_out(cast, client_for):
    page = client_for(cast.secretariat).get("/agencies/", {"funding": "2", "ministry": "MEXT"})
    body = page.content.decode()
    assert 'id="f-funding" name="funding" aria-invalid="true"' in body
    assert 'id="f-funding_error"' in body and "このフィルターは適用していません" in body
    assert page.context["total"] == Agency.objects.filter(ministries__code="MEXT").count()


def test_the_rounds_page_names_a_refused_status_and_leaves_it_out(cast, round, client_for):
    client = client_for(cast.secretariat)
    everything = client.get("/rounds/").context["page"].paginator.count
    page = client.get("/rounds/", {"status": "finished-ish"})
    body = page.content.decode()
    assert 'id="f-status" name="status" aria-invalid="true"' in body
    assert 'id="f-status_error"' in body and "このフィルターは適用していません" in body
    assert page.context["page"].paginator.count == everything >= 1


def test_the_rounds_page_and_the_rounds_api_refuse_the_same_status(cast, round, client_for,
                                                                   api_for):
    assert api_for(cast.secretariat).get("/api/v1/rounds/",
                                         {"status": "finished-ish"}).status_code == 400
    open_ = client_for(cast.secretariat).get("/rounds/", {"status": round.status})
    assert [r.pk for r in open_.context["page"].object_list] == [round.pk]
