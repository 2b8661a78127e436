"""Reads of the good-practice database: the Japanese search, its filters and ranking, and
the published entries beside a question.

Japanese is written without spaces, so a word is matched as a substring of the title,
summary, description and tags (年俸制 inside 「年俸制の導入」, クロスアポイントメント inside
「クロスアポイントメント制度」). On PostgreSQL the columns carry pg_trgm GIN indexes
(migration 0002) which serve these substring matches (``UPPER(col) LIKE UPPER('%…%')``) for
words of three characters or more, and trigram word similarity refines the ranking; SQLite
(the embedded default) runs the same matches without an index. The query is also matched in
its NFKC form, so half-width katakana (ｸﾛｽｱﾎﾟ) and full-width letters (ＪＳＴ) find the entry.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import connection
from django.db.models import (
    Case,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast

from .models import Practice

FIRST_YEAR = 2020
MAX_TERMS = 5
# Where a term was found, and what that is worth in the ranking.
WEIGHTS = (("title_ja", 8), ("title_en", 8), ("tags", 6), ("summary_ja", 3),
           ("summary_en", 3), ("questions", 2), ("body", 1))
SEARCHED = [name for name, _weight in WEIGHTS]

PRACTICE_SORTS = {
    "title": ("title_ja", "id"), "-title": ("-title_ja", "-id"),
    "chapter": ("chapter", "section", "title_ja", "id"),
    "-chapter": ("-chapter", "-section", "title_ja", "id"),
    "state": ("state", "title_ja", "id"), "-state": ("-state", "title_ja", "id"),
    "updated": ("updated_at", "id"), "-updated": ("-updated_at", "-id"),
}


def terms(query: str) -> list[str]:
    """The query's words (split at half- and full-width spaces), each with its NFKC form."""
    words = [w for w in re.split(r"[\s\u3000]+", (query or "").strip()) if w][:MAX_TERMS]
    return words


def _variants(word: str) -> list[str]:
    return list(dict.fromkeys([word, unicodedata.normalize("NFKC", word)]))


def _matches(word: str) -> Q:
    condition = Q()
    for variant in _variants(word):
        for name in SEARCHED:
            condition |= Q(**{f"{name}__icontains": variant})
    return condition


def search(queryset: QuerySet, query: str) -> QuerySet:
    """Entries containing every word of ``query`` (anywhere in a word), best first: a word
    in the title counts most, then in the tags, the summary, the description; featured and
    recent entries first among equals."""
    words = terms(query)
    if not words:
        return queryset
    rank = Value(0, output_field=IntegerField())
    for word in words:
        queryset = queryset.filter(_matches(word))
        for name, weight in WEIGHTS:
            found = Q()
            for variant in _variants(word):
                found |= Q(**{f"{name}__icontains": variant})
            rank = rank + Case(When(found, then=Value(weight)), default=Value(0),
                               output_field=IntegerField())
    queryset = queryset.annotate(rank=rank)
    order = ["-rank"]
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramWordSimilarity

        queryset = queryset.annotate(similarity=Cast(
            TrigramWordSimilarity(Value(" ".join(words)), F("title_ja")), FloatField()))
        order.append("-similarity")
    return queryset.order_by(*order, "-featured", "-published_at", "title_ja", "id")


def ranked_ids(request, query: str, **filters) -> list[int]:
    """The ids of every entry matching ``query`` and ``filters`` (:func:`filtered`'s, but
    the agency), best first, whoever may see them: the search page applies the viewer's
    scope (``access.practices``) and the agency filter to these ids on every view.

    The ranking query matches every word in seven columns of every entry; a word of one or
    two characters (研修, 人事: most Japanese searches) cannot use the trigram indexes, so it
    read the whole table twice per view (the count and the page: 6–7 ms of PostgreSQL on
    the bench data) and its expressions took milliseconds to build. The order depends only on
    the entries' own columns, so it is cached under the good-practice registers' version
    (``kokken.figures``: every write to an entry replaces it), the words and the filters.
    """
    from kokken import figures

    def compute() -> list[int]:
        rows = filtered(Practice.objects.all(), **filters)
        return list(search(rows, query).values_list("pk", flat=True))

    return figures.cached("practices-ranking", (terms(query), sorted(filters.items())),
                          figures.registers_version(request, ["practices"]), compute)


def results_html(request, shown: list[tuple[int, int | None]], agencies: list, render) -> str:
    """A page of search results as HTML: ``render()``'s, for ``shown`` (each entry's id and
    its agency's, in order; the caller has applied the viewer's scope).

    Rendering twenty entries cost more than the rest of the search page's content. Their
    HTML shows the entries' own columns and their agencies' abbreviations, nothing of the
    viewer, so it is cached under the good-practice registers' version (every write to an
    entry replaces it), the entries shown and each one's agency with its abbreviation
    (agencies keep no history: a renamed one is a new key), taken from ``agencies`` (the
    page's list of 国研) or read for the others.
    """
    from kokken import figures
    from kokken.models import Agency

    if not shown:
        return ""
    abbr = {agency.pk: agency.abbr for agency in agencies}
    others = {agency_id for _pk, agency_id in shown} - abbr.keys() - {None}
    if others:
        abbr.update(Agency.objects.filter(pk__in=others).values_list("pk", "abbr"))
    parts = tuple((pk, agency_id, abbr.get(agency_id)) for pk, agency_id in shown)
    return figures.cached("practices-results", parts,
                          figures.registers_version(request, ["practices"]), render)


def filtered(queryset: QuerySet, *, chapter: str = "", agency: str = "",
             fiscal_year: int | None = None, tag: str = "", state: str = "",
             source: str = "") -> QuerySet:
    """The search page's filters: chapter, agency (proposing or partner, by code), fiscal
    year, tag (one of the entry's tags, exactly), state, source (an agency's proposal, the
    agreement, a council survey)."""
    if chapter:
        queryset = queryset.filter(chapter=chapter)
    if agency:
        queryset = queryset.filter(Q(agency__code=agency) | Q(
            pk__in=Practice.partners.through.objects.filter(
                agency__code=agency).values("practice_id")))
    if fiscal_year:
        queryset = queryset.filter(fiscal_year=fiscal_year)
    if tag:
        # Tags are stored "a, b, c": match a whole tag, not a part of one.
        padded = Q(tags=tag) | Q(tags__startswith=f"{tag}, ") | Q(
            tags__endswith=f", {tag}") | Q(tags__contains=f", {tag}, ")
        queryset = queryset.filter(padded)
    if state:
        queryset = queryset.filter(state=state)
    if source:
        queryset = queryset.filter(source=source)
    return queryset


def parse_year(value, default: int | None = None) -> int | None:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


def year_choices(current: int) -> list[int]:
    return list(range(max(current, FIRST_YEAR) + 1, FIRST_YEAR - 1, -1))


def related_to_questions(queryset: QuerySet, *, codes: dict[str, set[str]]) -> dict[str,
                                                                                  list[Practice]]:
    """Published entries beside each question: ``codes`` maps a question code to the
    agreement sections its items belong to (II-1-S1 …). An entry is related when it names
    the question, or belongs to one of those sections. One query, whatever the number of
    questions."""
    sections = set().union(*codes.values()) if codes else set()
    condition = Q(section__in=sections)
    for code in codes:
        condition |= Q(questions__contains=code)
    found = list(queryset.filter(condition).select_related("agency").order_by(
        "-featured", "title_ja", "id")) if codes else []
    related: dict[str, list[Practice]] = {code: [] for code in codes}
    for practice in found:
        named = set(practice.question_codes)
        for code, its_sections in codes.items():
            if code in named or practice.section in its_sections:
                related[code].append(practice)
    return related
