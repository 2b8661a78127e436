"""Home pages are task lists: what each role has to do now, with counts and links,
in a number of queries that does not grow with rounds or sheets."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements import services
from agreements.models import Round
from tests.agreements.factories import make_questionnaire, open_round, submit


def _queries(client, url, *, cold: bool = False) -> int:
    """The queries of one view; ``cold``: with nothing in the cache (as after a change)."""
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_editor_home_counts_missing_answers_and_days_to_the_deadline(cast, client_for,
                                                                      settings):
    round = open_round(cast, make_questionnaire())
    Round.objects.filter(pk=round.pk).update(due_on=date(2099, 1, 1))
    sheet = round.sheets.get(agency=cast.agency)
    services.answers_save(sheet=sheet, user=cast.editor, base_version=0, raw={"Q1-1": "done"})
    page = client_for(cast.editor).get("/agencies/riken/").content.decode()
    assert "必須の未回答 1件" in page
    assert f"/sheets/{sheet.pk}/#missing-answers" in page
    assert "提出期限まで" in page
    assert page.index("panel-tasks") < page.index("法人の概要")


def test_editor_home_shows_a_returned_sheet_and_its_open_comments(cast, client_for):
    round = open_round(cast, make_questionnaire())
    sheet = round.sheets.get(agency=cast.agency)
    submit(sheet, {"Q1-1": "done", "N1": "1"})
    services.sheet_transition(sheet=sheet, user=cast.reviewer, action="return", comment="理由")
    page = client_for(cast.editor).get("/agencies/riken/").content.decode()
    assert f"/sheets/{sheet.pk}/#return-reason" in page
    assert "差し戻されました" in page
    assert "未対応の指摘 1件" in page


def test_approver_home_shows_what_awaits_approval_and_the_editor_home_does_not(cast,
                                                                              client_for):
    round = open_round(cast, make_questionnaire())
    sheet = round.sheets.get(agency=cast.agency)
    services.answers_save(sheet=sheet, user=cast.editor, base_version=0,
                          raw={"Q1-1": "done", "N1": "1"})
    services.sheet_transition(sheet=sheet, user=cast.editor, action="request_approval")
    confirm = f"/sheets/{sheet.pk}/confirm/"
    assert confirm in client_for(cast.approver).get("/agencies/riken/").content.decode()
    assert confirm not in client_for(cast.editor).get("/agencies/riken/").content.decode()


def test_reviewer_home_says_how_many_sheets_await_review(cast, client_for):
    round = open_round(cast, make_questionnaire())
    for code in ("riken", "nims"):  # both supervised by MEXT
        submit(round.sheets.get(agency__code=code), {"Q1-1": "done", "N1": "1"})
    submit(round.sheets.get(agency__code="aist"), {"Q1-1": "done", "N1": "1"})  # METI
    page = client_for(cast.reviewer).get("/ministries/MEXT/").content.decode()
    assert "確認待ち 2件" in page and "/reviews/" in page
    page = client_for(cast.other_reviewer).get("/ministries/METI/").content.decode()
    assert "確認待ち 1件" in page


def test_reviewer_home_counts_the_whole_queue_and_lists_its_first_five(cast, client_for):
    from kokken.models import Agency

    round = open_round(cast, make_questionnaire())
    mext = Agency.objects.filter(ministries__code="MEXT", pk__in=round.sheets.values("agency"))
    codes = list(mext.order_by("code").values_list("code", flat=True)[:7])
    for code in codes:
        submit(round.sheets.get(agency__code=code), {"Q1-1": "done", "N1": "1"})
    page = client_for(cast.reviewer).get("/ministries/MEXT/").content.decode()
    assert f"確認待ち {len(codes)}件" in page
    tasks = page[page.index("panel-tasks"):]
    tasks = tasks[:tasks.index("</section>")]
    assert len(codes) == 7 and tasks.count('class="task"') == 5


def test_secretariat_home_counts_not_submitted_overdue_and_awaiting_review(cast, client_for):
    round = open_round(cast, make_questionnaire())
    submit(round.sheets.get(agency=cast.agency), {"Q1-1": "done", "N1": "1"})
    Round.objects.filter(pk=round.pk).update(opens_on=date(2020, 1, 1), due_on=date(2020, 2, 1))
    page = client_for(cast.secretariat).get("/agencies/").content.decode()
    row = page[page.index(round.title_ja):]
    row = row[:row.index("</tr>")]
    cells = [c.split("</td>")[0] for c in row.split('<td class="num">')[1:]]
    assert "26 / 27" in cells[0]
    assert ">26<" in cells[1]
    assert ">1<" in cells[2]


@pytest.mark.parametrize("who,url", [("editor", "/agencies/riken/"),
                                     ("approver", "/agencies/riken/"),
                                     ("reviewer", "/ministries/MEXT/"),
                                     ("secretariat", "/agencies/")])
def test_home_queries_do_not_grow_with_rounds(cast, client_for, who, url):
    client = client_for(getattr(cast, who))
    first = open_round(cast, make_questionnaire(code="a"), fiscal_year=2024)
    services.answers_save(sheet=first.sheets.get(agency=cast.agency), user=cast.editor,
                          base_version=0, raw={"N1": "1"})
    client.get(url)  # warm caches (sessions, content types)
    # The panels are cached under the open rounds' state, which the new rounds change: a
    # view as first rendered and a cached one are each compared with their like.
    one = _queries(client, url, cold=True), _queries(client, url)
    for fy, code in ((2025, "b"), (2026, "c")):
        round = open_round(cast, make_questionnaire(code=code), fiscal_year=fy)
        submit(round.sheets.get(agency=cast.agency), {"Q1-1": "done", "N1": "1"})
        submit(round.sheets.get(agency__code="nims"), {"Q1-1": "done", "N1": "1"})
    assert (_queries(client, url, cold=True), _queries(client, url)) == one


@pytest.mark.django_db
def test_secretariat_agency_list_links_each_agency_and_names_its_ministries(cast, client_for):
    from kokken.models import Agency, Ministry

    agency = Agency.objects.get(pk=cast.agency.pk)
    names = [m.name_ja for m in agency.ministries.order_by("pk")]
    assert names, "the cast's agency has a supervising ministry"
    extra = Ministry.objects.exclude(pk__in=agency.ministries.all()).order_by("pk").first()
    agency.ministries.add(extra)
    client = client_for(cast.secretariat)
    html = client.get(f"/agencies/?q={agency.abbr}").content.decode()
    row = html.split(f'<a href="/agencies/{agency.code}/">', 1)[1].split("</tr>", 1)[0]
    shown = row.split("<td>")[2].split("</td>")[0]
    assert set(shown.split("、")) == {m.name_ja for m in agency.ministries.all()}


@pytest.mark.django_db
def test_ministry_home_links_each_agency_and_names_its_ministries(cast, client_for):
    from kokken.models import Agency, Ministry

    agency = Agency.objects.get(pk=cast.agency.pk)                       # RIKEN: MEXT
    extra = Ministry.objects.exclude(pk__in=agency.ministries.all()).order_by("pk").first()
    agency.ministries.add(extra)
    html = client_for(cast.reviewer).get("/ministries/MEXT/").content.decode()
    row = html.split(f'<a href="/agencies/{agency.code}/">', 1)[1].split("</tr>", 1)[0]
    shown = row.split("<td>")[1].split("</td>")[0]
    assert set(shown.split("、")) == {m.name_ja for m in agency.ministries.all()}
    assert html.count('<th scope="row"><a href="/agencies/') == Agency.objects.filter(
        ministries__code="MEXT").count()


@pytest.mark.django_db
def test_a_changed_agency_shows_on_the_next_view_of_the_agency_tables(cast, client_for):
    # The rows are rendered once per content: a change is other content.
    from kokken.models import Agency

    pages = [(cast.secretariat, f"/agencies/?q={cast.agency.code}"),
             (cast.reviewer, "/ministries/MEXT/")]
    for user, url in pages:
        client = client_for(user)
        client.get(url)
        assert "RIKEN-X" not in client.get(url).content.decode()
    Agency.objects.filter(pk=cast.agency.pk).update(abbr="RIKEN-X")
    for user, url in pages:
        assert "<td>RIKEN-X</td>" in client_for(user).get(url).content.decode()
