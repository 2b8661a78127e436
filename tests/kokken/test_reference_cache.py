"""Ministries and supervision links come from the cache, and every change to them
shows at the next request (kokken/reference.py)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kokken import access
from kokken.models import Ministry

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
