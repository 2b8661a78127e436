""""How others do it" beyond the sheet's sections: every chapter page (II-1 … II-4) lists
the published good practices of its chapter, and the ministry's review page of a sheet
shows them beside each answer, through the registries (agreements.contrib.ChapterAside,
QuestionAside), in a fixed number of queries whatever the number of entries."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from practices import contrib
from practices.models import Practice
from tests.agreements.factories import submit
from tests.agreements.samples import riken_sheet
from tests.practices import factories as f

P = Practice.State.PUBLISHED
CHAPTER_PAGES = [("II-1", "hr:register"), ("II-2", "training:chapter"),
                 ("II-3", "ip:chapter"), ("II-4", "security:chapter")]


@pytest.mark.parametrize("chapter,url_name", CHAPTER_PAGES)
def test_chapter_page_lists_the_chapters_published_practices(cast, client_for, chapter,
                                                             url_name):
    shown = f.practice(cast.other_agency, state=P, chapter=chapter, section="",
                       title_ja="他法人の公開された取組")
    f.practice(cast.other_agency, state=Practice.State.SUBMITTED, chapter=chapter,
               section="", title_ja="審査中の取組")
    f.practice(cast.other_agency, state=P, chapter="I", section="", title_ja="別の章の取組")
    url = reverse(url_name, kwargs={"agency": cast.agency.code})
    body = client_for(cast.editor).get(url).content.decode()
    assert 'id="practices-chapter"' in body
    assert reverse("practices:detail", args=[shown.pk]) in body
    assert "審査中の取組" not in body and "別の章の取組" not in body
    assert f"{reverse('practices:search')}?chapter={chapter}" in body
    create = reverse("practices:practice_create", kwargs={"agency": cast.agency.code})
    assert f"{create}?section={chapter}" in body


def test_a_reviewer_sees_the_chapters_practices_but_no_proposal_link(cast, client_for):
    f.practice(cast.other_agency, state=P, title_ja="他法人の公開された取組")
    body = client_for(cast.reviewer).get(
        reverse("hr:register", kwargs={"agency": cast.agency.code})).content.decode()
    assert "他法人の公開された取組" in body
    assert reverse("practices:practice_create", kwargs={"agency": cast.agency.code}) \
        not in body


@pytest.mark.parametrize("chapter,url_name", CHAPTER_PAGES)
def test_chapter_page_queries_do_not_grow_with_practices(cast, client_for, chapter, url_name,
                                                          django_assert_max_num_queries):
    client = client_for(cast.editor)
    url = reverse(url_name, kwargs={"agency": cast.agency.code})
    f.practice(cast.other_agency, state=P, chapter=chapter, section="")
    client.get(url)
    with django_assert_max_num_queries(60) as baseline:
        assert client.get(url).status_code == 200
    for i in range(contrib.MAX_ON_CHAPTER + 4):
        f.practice(cast.other_agency if i % 2 else cast.agency, state=P, chapter=chapter,
                   section="", title_ja=f"取組{i}")
    queries = len(baseline.captured_queries)  # before the next request resets the log
    client.get(url)  # the aside rendered again, under the practices' new version
    with django_assert_max_num_queries(queries):
        body = client.get(url).content.decode()
    assert body.count('href="/practices/') >= contrib.MAX_ON_CHAPTER
    assert f"{contrib.MAX_ON_CHAPTER + 5}" in body


def test_the_chapter_hook_runs_one_query(cast, django_assert_num_queries):
    for i in range(contrib.MAX_ON_CHAPTER + 2):
        f.practice(cast.other_agency, state=P, title_ja=f"例{i}")
    with django_assert_num_queries(1):
        found = contrib.chapter_practices(chapter="II-1", agency=None, user=cast.editor)
        titles = [p.agency.abbr for p in found["practices"]]
    assert len(titles) == contrib.MAX_ON_CHAPTER and found["total"] == contrib.MAX_ON_CHAPTER + 2


def test_review_page_shows_related_practices_beside_each_answer(cast, client_for,
                                                                 django_assert_max_num_queries):
    sheet = riken_sheet(cast)
    submit(sheet, {"Q1-1": "done", "N1": "1"})
    shown = f.practice(cast.other_agency, state=P, title_ja="他法人の公開事例", questions="N1")
    f.practice(cast.other_agency, title_ja="下書きの事例", questions="N1")
    client = client_for(cast.reviewer)
    url = reverse("agreements:sheet", kwargs={"sheet": sheet.pk})
    client.get(url)
    cache.clear()  # the answer list is cached: count the queries of rendering it
    with django_assert_max_num_queries(60) as baseline:
        body = client.get(url).content.decode()
    assert 'id="practices-N1"' in body
    assert reverse("practices:detail", args=[shown.pk]) in body
    assert "下書きの事例" not in body
    assert "propose-practice" not in body  # a reviewer proposes nothing for the agency
    for i in range(10):
        f.practice(cast.other_agency, state=P, title_ja=f"事例{i}",
                   questions=["N1", "Q1-1", "T1"][i % 3])
    cache.clear()
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        assert client.get(url).status_code == 200
