"""Ministries and supervision links come from the cache, and every change to them
shows at the next request (kokken/reference.py)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kokken import access
from kokken.models import Bureau, Ministry

LIST = "/agencies/"


def _row_of(html: str, code: str) -> str:
    start = html.index(f"/agencies/{code}/")
    return html[start:html.index("</tr>", start)]


def test_the_secretariats_home_reads_no_ministry(client_for, cast):
    client = client_for(cast.secretariat)
    client.get(LIST)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    assert not [q["sql"] for q in queries if 'FROM "kokken_ministry"' in q["sql"]]


def test_a_new_supervising_ministry_shows_beside_the_agency_at_once(client_for, cast):
    client = client_for(cast.secretariat)
    assert "経済産業省" not in _row_of(client.get(LIST).content.decode(), "riken")
    cast.agency.ministries.add(Ministry.objects.get(code="METI"))
    assert "経済産業省" in _row_of(client.get(LIST).content.decode(), "riken")


def test_the_ministry_filter_offers_the_ministries_of_the_agencies_one_sees(client_for, cast):
    for user in (cast.reviewer, cast.other_reviewer, cast.secretariat):
        seen = access.agencies(user)
        expected = list(Ministry.objects.filter(agencies__in=seen).distinct()
                        .order_by("order").values_list("code", flat=True))
        client = client_for(user)
        client.get(LIST)
        choices = client.get(LIST).context["ministries"]
        assert [m.code for m in choices] == expected and expected


def test_a_renamed_ministry_shows_beside_its_agencies_at_once(client_for, cast):
    mext = Ministry.objects.get(code="MEXT")
    client = client_for(cast.secretariat)
    client.get(LIST)
    mext.name_ja = "改名した省"
    mext.save()
    assert "改名した省" in _row_of(client.get(LIST).content.decode(), "riken")


def test_a_new_bureau_shows_on_the_ministry_home_at_once(client_for, cast):
    client = client_for(cast.reviewer)
    client.get("/ministries/MEXT/")
    Bureau.objects.create(ministry=Ministry.objects.get(code="MEXT"), name_ja="新設局",
                          name_en="New Bureau", order=99)
    assert "新設局" in client.get("/ministries/MEXT/").content.decode()


def test_a_new_supervising_ministry_shows_on_the_agency_home_at_once(client_for, cast):
    client = client_for(cast.editor)
    client.get("/agencies/riken/")
    cast.agency.ministries.add(Ministry.objects.get(code="METI"))
    assert "経済産業省" in client.get("/agencies/riken/").content.decode()


def test_the_matrix_names_each_agencys_ministries_and_offers_them_as_filters(client_for, cast):
    from tests.agreements.factories import make_questionnaire, open_round

    round = open_round(cast, make_questionnaire(), fiscal_year=2024)
    client = client_for(cast.secretariat)
    client.get(f"/rounds/{round.pk}/")
    cast.agency.ministries.add(Ministry.objects.get(code="METI"))
    response = client.get(f"/rounds/{round.pk}/")
    row = next(r for r in response.context["rows"] if r.agency_id == cast.agency.pk)
    assert [m.code for m in row.ministries] == ["MEXT", "METI"]
    assert "METI" in [m.code for m in response.context["ministries"]]
