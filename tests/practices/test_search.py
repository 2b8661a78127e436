"""Japanese search: words inside words, kana and kanji mixed, no spaces, half-width
katakana; all words must match; ranked (title before body); filters by chapter, agency,
fiscal year, tag; the API searches the same way. Runs on SQLite and, in CI, on PostgreSQL
(where the trigram indexes and similarity ranking are used)."""

import pytest
from django.db import connection
from django.urls import reverse

from practices import selectors
from practices.models import Practice
from tests.conftest import postgres_only
from tests.practices import factories as f

P = Practice.State.PUBLISHED


@pytest.fixture
def entries(cast):
    return {
        "salary": f.practice(cast.agency, state=P, title_ja="複数パターンの年俸制の設定",
                             summary_ja="本給と業績給", tags="人事"),
        "salary_body": f.practice(cast.other_agency, state=P, title_ja="民間資金報奨金の創設",
                                  summary_ja="研究者への還元", body="年俸制ではなく賞与で還元する",
                                  tags="報奨金", fiscal_year=2023),
        "cross": f.practice(cast.agency, state=P, title_ja="大学との人事交流",
                            summary_ja="クロスアポイントメント制度の協定文例を整備した",
                            tags="クロスアポイントメント", chapter="II-1", section="II-1-S2"),
        "export": f.practice(cast.other_agency, state=P, title_ja="論文情報等を基にした確認",
                             summary_ja="安全保障貿易管理（輸出管理）の相手先確認",
                             chapter="II-4", section="II-4-S4-2", tags="輸出管理, 論文情報",
                             questions="SEC-11"),
    }


def found(query, **filters):
    qs = selectors.filtered(Practice.objects.all(), **filters)
    return [p.title_ja for p in selectors.search(qs, query)]


def test_a_word_inside_a_longer_japanese_word_is_found(entries):
    assert "複数パターンの年俸制の設定" in found("年俸")
    assert "論文情報等を基にした確認" in found("輸出管理")
    assert "大学との人事交流" in found("アポイント")


def test_mixed_kana_and_kanji_without_spaces(entries):
    assert found("パターンの年俸制") == ["複数パターンの年俸制の設定"]
    assert found("クロスアポイントメント制度") == ["大学との人事交流"]


def test_half_width_katakana_and_full_width_spaces(entries):
    assert found("ｸﾛｽｱﾎﾟｲﾝﾄﾒﾝﾄ") == ["大学との人事交流"]
    assert found("年俸制\u3000業績給") == ["複数パターンの年俸制の設定"]


def test_every_word_must_match(entries):
    assert found("年俸制 輸出管理") == []


def test_a_title_match_ranks_before_a_body_match(entries):
    assert found("年俸制") == ["複数パターンの年俸制の設定", "民間資金報奨金の創設"]


def test_filters_by_chapter_agency_year_and_tag(cast, entries):
    assert found("", chapter="II-4") == ["論文情報等を基にした確認"]
    assert set(found("", agency="aist")) == {"民間資金報奨金の創設", "論文情報等を基にした確認"}
    assert found("", fiscal_year=2023) == ["民間資金報奨金の創設"]
    assert found("", tag="論文情報") == ["論文情報等を基にした確認"]
    assert found("", tag="論文") == []  # a tag matches whole, not in part


def test_search_page_ranks_and_filters(cast, client_for, entries):
    page = client_for(cast.other_reviewer).get(reverse("practices:search"),
                                               {"q": "年俸制", "chapter": "II-1"})
    body = page.content.decode()
    assert page.status_code == 200
    assert body.index("複数パターンの年俸制の設定") < body.index("民間資金報奨金の創設")


def test_bad_filter_values_give_no_error(cast, client_for, entries):
    response = client_for(cast.editor).get(reverse("practices:search"), {
        "q": "x" * 500, "chapter": "nope", "fy": "abc", "agency": "'; drop", "page": "-1",
        "state": "?"})
    assert response.status_code == 200


def test_api_lists_published_entries_of_every_agency_with_search(cast, client_for, entries):
    draft = f.practice(cast.agency, title_ja="理研の年俸制の下書き")
    response = client_for(cast.other_editor).get("/api/v1/practices/entries/",
                                                 {"q": "年俸制"})
    assert response.status_code == 200
    titles = [row["title_ja"] for row in response.json()["results"]]
    assert titles == ["複数パターンの年俸制の設定", "民間資金報奨金の創設"]
    assert draft.title_ja not in titles
    own = client_for(cast.editor).get("/api/v1/practices/entries/", {"q": "年俸制"}).json()
    assert "理研の年俸制の下書き" in [row["title_ja"] for row in own["results"]]


def test_api_filters_by_chapter_and_rejects_a_bad_choice(cast, client_for, entries):
    client = client_for(cast.other_editor)
    rows = client.get("/api/v1/practices/entries/", {"chapter": "II-4"}).json()["results"]
    assert [row["title_ja"] for row in rows] == ["論文情報等を基にした確認"]
    assert client.get("/api/v1/practices/entries/", {"chapter": "II-9"}).status_code == 400


@pytest.mark.skipif(not postgres_only(), reason="pg_trgm is PostgreSQL's; CI runs this")
def test_postgres_has_trigram_indexes_that_serve_the_substring_search(entries):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'practices_practice'"
                       " AND indexname LIKE %s", ["%trgm"])
        names = {row[0] for row in cursor.fetchall()}
        assert {"practice_title_ja_trgm", "practice_summary_ja_trgm",
                "practice_body_trgm"} <= names
        cursor.execute("SET enable_seqscan = off")
        sql, params = Practice.objects.filter(title_ja__icontains="年俸制").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "practice_title_ja_trgm" in plan
