"""The search's ranking and its pages of results are cached (issue 18): a viewer never gets an
entry outside their scope from another viewer's search, and every change to an entry (or to
an agency's abbreviation) shows on the very next search."""

import re

import pytest
from django.urls import reverse

from kokken.models import Agency
from practices import selectors, services
from practices.models import Practice
from tests.practices import factories as f

P = Practice.State.PUBLISHED


def _search(client, query="研修", **params) -> tuple[int, list[str]]:
    """The count shown and the titles listed (in alphabetical order: the ranking's own
    tests are in test_search.py)."""
    response = client.get(reverse("practices:search"), {"q": query, **params})
    assert response.status_code == 200
    body = response.content.decode()
    titles = re.findall(r'<h2 class="h-card"><a href="/practices/\d+/">(.*?)</a>', body)
    return response.context["total"], sorted(titles)


@pytest.fixture
def entries(cast):
    return {
        "published": f.practice(cast.other_agency, state=P, title_ja="公開の研修制度"),
        "draft": f.practice(cast.agency, state=Practice.State.DRAFT, title_ja="理研の研修の下書き"),
    }


def test_an_outsider_never_gets_an_unpublished_entry_from_an_insiders_search(
        cast, client_for, entries):
    assert _search(client_for(cast.editor)) == (2, ["公開の研修制度", "理研の研修の下書き"])
    for outsider in cast.outsiders:
        assert _search(client_for(outsider)) == (1, ["公開の研修制度"])
    # The other way round: an insider searching after the outsiders still gets the draft.
    assert _search(client_for(cast.reviewer))[0] == 2


def test_the_agency_filter_applies_to_the_cached_ranking(cast, client_for, entries):
    client = client_for(cast.secretariat)
    assert _search(client)[0] == 2
    assert _search(client, agency="aist") == (1, ["公開の研修制度"])


def test_a_new_a_changed_and_a_withdrawn_entry_show_at_once(cast, client_for, entries):
    client = client_for(cast.other_editor)
    assert _search(client) == (1, ["公開の研修制度"])
    f.practice(cast.agency, state=P, title_ja="新しい研修")
    assert _search(client)[1] == ["公開の研修制度", "新しい研修"]
    services.practice_transition(practice=Practice.objects.get(title_ja="新しい研修"),
                                 to=Practice.State.WITHDRAWN, user=cast.secretariat)
    assert _search(client) == (1, ["公開の研修制度"])
    insider = client_for(cast.editor)
    assert "理研の研修の下書き" in _search(insider)[1]
    draft = entries["draft"]
    draft.title_ja = "理研の研修の下書き（改訂）"
    services.practice_save(instance=draft, user=cast.editor)
    assert "理研の研修の下書き（改訂）" in _search(insider)[1]


def test_a_renamed_agency_shows_at_once(cast, client_for, entries):
    client = client_for(cast.secretariat)
    body = client.get(reverse("practices:search"), {"q": "研修"}).content.decode()
    assert f"{cast.other_agency.abbr} · " in body or cast.other_agency.abbr in body
    Agency.objects.filter(pk=cast.other_agency.pk).update(abbr="産総研X")
    body = client.get(reverse("practices:search"), {"q": "研修"}).content.decode()
    assert "産総研X" in body


def test_an_unchanged_database_is_not_searched_again(cast, client_for, entries, monkeypatch):
    client = client_for(cast.editor)
    first = _search(client)

    def refuse(*args, **kwargs):
        raise AssertionError("ranked again although no entry changed")

    monkeypatch.setattr(selectors, "search", refuse)
    assert _search(client) == first
    assert sorted(p.title_ja for p in client.get(reverse("practices:search"), {"q": "研修"})
                  .context["page"].object_list) == first[1]
