"""The sheet page's answer list is rendered once per state of the sheet and kept in the cache
(issue 18, fourth pass): every change shows on the very next view, and people who must see
different markup never share an entry."""

import re

import pytest
from django.test import Client

from agreements import services
from agreements.models import ReviewComment
from practices.models import Practice
from tests.agreements.factories import make_questionnaire, open_round, submit
from tests.conftest import sign_in
from tests.practices import factories as practices

COMMENT_FORM = 'action="/sheets/{pk}/comment/"'


@pytest.fixture
def sheet(cast):
    round = open_round(cast, make_questionnaire())
    return round.sheets.get(agency=cast.agency)


def _page(client, sheet) -> str:
    response = client.get(f"/sheets/{sheet.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_changed_answer_shows_on_the_next_view(client_for, cast, sheet):
    client = client_for(cast.editor)
    services.answers_save(sheet=sheet, user=cast.editor, raw={"T1": "最初の回答"},
                          base_version=sheet.version)
    assert "最初の回答" in _page(client, sheet)
    sheet.refresh_from_db()
    services.answers_save(sheet=sheet, user=cast.editor, raw={"T1": "直した回答"},
                          base_version=sheet.version)
    body = _page(client, sheet)
    assert "直した回答" in body and "最初の回答" not in body


def test_a_transition_shows_on_the_next_view(client_for, cast, sheet):
    submit(sheet, {"Q1-1": "done", "N1": "1"})
    sheet.refresh_from_db()
    client = client_for(cast.reviewer)
    assert COMMENT_FORM.format(pk=sheet.pk) in _page(client, sheet)  # submitted: reviewable
    services.sheet_transition(sheet=sheet, user=cast.reviewer, action="accept")
    assert COMMENT_FORM.format(pk=sheet.pk) not in _page(client, sheet)


def test_a_comment_a_reply_and_resolving_show_on_the_next_view(client_for, cast, sheet):
    submit(sheet, {"Q1-1": "done", "N1": "1"})
    sheet.refresh_from_db()
    client = client_for(cast.editor)
    assert "数値の根拠は" not in _page(client, sheet)
    question = sheet.round.questionnaire.questions.get(code="N1")
    comment = services.comment_add(sheet=sheet, user=cast.reviewer, text="数値の根拠は？",
                                   question=question)
    assert "数値の根拠は？" in _page(client, sheet)
    services.comment_reply(comment=comment, user=cast.editor, text="規程の第3条です")
    assert "規程の第3条です" in _page(client, sheet)
    assert f'id="comment-{comment.pk}"' in _page(client, sheet)
    assert "comment-resolved" not in _page(client, sheet)
    services.comment_reply(comment=ReviewComment.objects.get(pk=comment.pk), user=cast.reviewer,
                           text="", resolve=True)
    assert "comment-resolved" in _page(client, sheet)


def test_a_newly_published_practice_shows_beside_its_question_on_the_next_view(
        client_for, cast, sheet):
    client = client_for(cast.editor)
    assert 'id="practices-N1"' not in _page(client, sheet)
    entry = practices.practice(cast.other_agency, title_ja="他法人の取組", questions="N1")
    assert 'id="practices-N1"' not in _page(client, sheet)  # a draft is not shown
    entry.state = Practice.State.PUBLISHED
    entry.save()
    assert 'id="practices-N1"' in _page(client, sheet)


def test_editor_reviewer_and_secretariat_do_not_share_the_answer_list(client_for, cast, sheet):
    submit(sheet, {"Q1-1": "done", "N1": "1"})
    sheet.refresh_from_db()
    form = COMMENT_FORM.format(pk=sheet.pk)
    # Each viewer after the others, so each would find the others' entry if they shared one.
    for who in ("editor", "reviewer", "secretariat", "reviewer", "editor", "secretariat"):
        body = _page(client_for(getattr(cast, who)), sheet)
        assert (form in body) == (who == "reviewer"), who
        assert ("propose-practice" in body) == (who == "editor"), who


def test_another_agencys_user_is_refused_a_cached_sheet(client_for, cast, sheet):
    _page(client_for(cast.editor), sheet)
    assert client_for(cast.other_editor).get(f"/sheets/{sheet.pk}/").status_code == 404
    assert client_for(cast.other_reviewer).get(f"/sheets/{sheet.pk}/").status_code == 404


def _csrf_of_comment_form(body: str, sheet) -> str:
    form = body[body.index(COMMENT_FORM.format(pk=sheet.pk)):]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)


def test_a_cached_comment_form_carries_the_viewers_own_working_token(cast, sheet):
    submit(sheet, {"Q1-1": "done", "N1": "1"})
    sheet.refresh_from_db()
    first, second = sign_in(Client(), cast.reviewer), sign_in(Client(), cast.reviewer)
    for client in (first, second):
        client.handler.enforce_csrf_checks = True  # after signing in: check every form
    token_first = _csrf_of_comment_form(_page(first, sheet), sheet)
    body = _page(second, sheet)  # from the entry the first viewer's page made
    token_second = _csrf_of_comment_form(body, sheet)
    assert token_first not in body
    response = second.post(f"/sheets/{sheet.pk}/comment/",
                           {"question": "N1", "text": "二人目のコメント",
                            "csrfmiddlewaretoken": token_second})
    assert response.status_code == 302
    assert "二人目のコメント" in _page(second, sheet)


# --- The section page's form ------------------------------------------------------------------

def _form(client, sheet, section="S2") -> str:
    response = client.get(f"/sheets/{sheet.pk}/sections/{section}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_changed_answer_shows_in_the_section_form_on_the_next_view(client_for, cast, sheet):
    client = client_for(cast.editor)

    def saved_then_shown(user, text):
        services.answers_save(sheet=sheet, user=user, raw={"T1": text},
                              base_version=sheet.version)
        sheet.refresh_from_db()
        body = _form(client, sheet)
        assert f'value="{text}"' in body
        assert f'name="version" id="sheet-version" value="{sheet.version}"' in body

    assert 'value="最初の回答"' not in _form(client, sheet)
    saved_then_shown(cast.editor, "最初の回答")
    _form(client, sheet)  # cached now
    saved_then_shown(cast.approver, "承認者の回答")


def test_last_years_answer_shows_in_the_section_form_once_it_changes(client_for, cast):
    qn = make_questionnaire()
    earlier = open_round(cast, qn, fiscal_year=2023).sheets.get(agency=cast.agency)
    sheet = open_round(cast, qn, fiscal_year=2024).sheets.get(agency=cast.agency)
    client = client_for(cast.editor)
    assert "昨年度の回答です" not in _form(client, sheet)
    services.answers_save(sheet=earlier, user=cast.editor, raw={"T1": "昨年度の回答です"},
                          base_version=earlier.version)
    assert "昨年度の回答です" in _form(client, sheet)


def test_a_comment_shows_in_the_section_form_on_the_next_view(client_for, cast, sheet):
    submit(sheet, {"Q1-1": "done", "N1": "1"})
    sheet.refresh_from_db()
    services.sheet_transition(sheet=sheet, user=cast.reviewer, action="return",
                              comment="直してください")
    sheet.refresh_from_db()
    client = client_for(cast.editor)
    assert "T1の説明を" not in _form(client, sheet)
    services.comment_add(sheet=sheet, user=cast.reviewer, text="T1の説明を足してください",
                         question=sheet.round.questionnaire.questions.get(code="T1"))
    assert "T1の説明を足してください" in _form(client, sheet)


def test_an_unknown_section_and_a_locked_sheet_are_refused_after_the_form_was_cached(
        client_for, cast, sheet):
    client = client_for(cast.editor)
    _form(client, sheet)
    assert client.get(f"/sheets/{sheet.pk}/sections/NOPE/").status_code == 404
    assert client_for(cast.other_editor).get(
        f"/sheets/{sheet.pk}/sections/S2/").status_code == 404
    assert client_for(cast.reviewer).get(
        f"/sheets/{sheet.pk}/sections/S2/").status_code in (403, 404)
    submit(sheet, {"Q1-1": "done", "N1": "1"})
    response = client_for(cast.editor).get(f"/sheets/{sheet.pk}/sections/S2/")
    assert response.status_code == 302 and response.url == f"/sheets/{sheet.pk}/"


def test_a_cached_section_form_carries_the_viewers_own_working_token(cast, sheet):
    first, second = sign_in(Client(), cast.editor), sign_in(Client(), cast.editor)
    for client in (first, second):
        client.handler.enforce_csrf_checks = True
    _form(first, sheet)
    body = _form(second, sheet)  # from the entry the first viewer's page made
    form = body[body.index('id="section-form"'):]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = second.post(f"/sheets/{sheet.pk}/sections/S2/",
                           {"csrfmiddlewaretoken": token, "version": "0",
                            "q-T1": "二人目の回答"})
    assert response.status_code == 302
    assert 'value="二人目の回答"' in _form(second, sheet)


def test_a_new_release_does_not_serve_the_previous_releases_entries(client_for, cast, sheet,
                                                                    monkeypatch):
    from kokken import figures

    client = client_for(cast.editor)
    client.get(f"/sheets/{sheet.pk}/")
    rendered = {t.name for t in client.get(f"/sheets/{sheet.pk}/").templates}
    assert "agreements/partials/sheet_answers.html" not in rendered  # from the cache
    monkeypatch.setattr(figures, "code_version", lambda: "the next release")
    rendered = {t.name for t in client.get(f"/sheets/{sheet.pk}/").templates}
    assert "agreements/partials/sheet_answers.html" in rendered
