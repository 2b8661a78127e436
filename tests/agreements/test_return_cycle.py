"""The return cycle: complete before handing on, read-only while awaiting approval,
send-back with a note, the reason on top, threads with a resolved mark, resubmission
with or without changes, and notifications that say what to do next."""

import pytest
from django.core import mail

from agreements import services
from agreements.models import CommentReply, ReviewComment, Sheet
from kokken.errors import TransitionNotAllowed, ValidationFailed
from kokken.models import Notification
from tests.agreements.factories import make_questionnaire, open_round

S = Sheet.State
COMPLETE = {"Q1-1": "done", "N1": "3"}


@pytest.fixture
def sheet(cast):
    return open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)


def _returned(cast, sheet, reason="理由：Q1-1 の根拠を示してください"):
    services.answers_save(sheet=sheet, user=cast.editor, base_version=sheet.version, raw=COMPLETE)
    services.sheet_transition(sheet=sheet, user=cast.approver, action="submit")
    return services.sheet_transition(sheet=sheet, user=cast.reviewer, action="return",
                                     comment=reason)


def test_requesting_approval_is_refused_while_required_answers_are_missing(cast, sheet):
    services.answers_save(sheet=sheet, user=cast.editor, base_version=0, raw={"Q1-1": "done"})
    with pytest.raises(ValidationFailed) as caught:
        services.sheet_transition(sheet=sheet, user=cast.editor, action="request_approval")
    assert list(caught.value.details) == ["N1"]
    sheet.refresh_from_db()
    assert sheet.state == S.IN_PROGRESS
    services.answers_save(sheet=sheet, user=cast.editor, base_version=sheet.version,
                          raw={"N1": "2"})
    sheet = services.sheet_transition(sheet=sheet, user=cast.editor, action="request_approval")
    assert sheet.state == S.AWAITING_APPROVAL


def test_the_sheet_page_lists_missing_answers_as_links_instead_of_the_button(cast, sheet,
                                                                            client_for):
    services.answers_save(sheet=sheet, user=cast.editor, base_version=0, raw={"Q1-1": "done"})
    page = client_for(cast.editor).get(f"/sheets/{sheet.pk}/").content.decode()
    assert 'id="missing-answers"' in page
    assert f'/sheets/{sheet.pk}/sections/S2/#field-N1' in page
    assert 'value="request_approval"' not in page
    services.answers_save(sheet=sheet, user=cast.editor, base_version=sheet.version,
                          raw={"N1": "2"})
    page = client_for(cast.editor).get(f"/sheets/{sheet.pk}/").content.decode()
    assert 'id="missing-answers"' not in page and 'value="request_approval"' in page


def test_the_api_refuses_a_request_for_approval_with_missing_answers(cast, sheet, client):
    from kokken.models import ApiToken

    _token, secret = ApiToken.issue(user=cast.editor, name="t")
    services.answers_save(sheet=sheet, user=cast.editor, base_version=0, raw={"Q1-1": "done"})
    response = client.post(f"/api/v1/sheets/{sheet.pk}/transitions/",
                           {"action": "request_approval"}, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 400, response.content
    assert list(response.json()["error"]["fields"]) == ["N1"]


def test_a_sheet_awaiting_approval_is_read_only_to_the_editor(cast, sheet, client_for):
    services.answers_save(sheet=sheet, user=cast.editor, base_version=0, raw=COMPLETE)
    sheet = services.sheet_transition(sheet=sheet, user=cast.editor, action="request_approval")
    with pytest.raises(TransitionNotAllowed):
        services.answers_save(sheet=sheet, user=cast.editor, base_version=sheet.version,
                              raw={"N1": "4"})
    client = client_for(cast.editor)
    assert client.get(f"/sheets/{sheet.pk}/sections/S1/").status_code == 302
    page = client.get(f"/sheets/{sheet.pk}/").content.decode()
    assert "編集不可" in page and "回答を入力する" not in page


def test_the_approver_sends_back_with_a_note_the_editor_sees_on_top(
        cast, sheet, client_for, django_capture_on_commit_callbacks):
    services.answers_save(sheet=sheet, user=cast.editor, base_version=0, raw=COMPLETE)
    services.sheet_transition(sheet=sheet, user=cast.editor, action="request_approval")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sheet = services.sheet_transition(sheet=sheet, user=cast.approver, action="send_back",
                                          comment="N1 は前年度の人数です")
    assert sheet.state == S.IN_PROGRESS and sheet.is_editable
    page = client_for(cast.editor).get(f"/sheets/{sheet.pk}/").content.decode()
    assert page.index('id="send-back-note"') < page.index('class="actions"')
    assert "N1 は前年度の人数です" in page
    assert [m.to for m in mail.outbox] == [[cast.editor.email]]
    assert "N1 は前年度の人数です" not in mail.outbox[0].body


def test_a_returned_sheet_shows_the_reason_at_the_top(cast, sheet, client_for):
    _returned(cast, sheet)
    page = client_for(cast.editor).get(f"/sheets/{sheet.pk}/").content.decode()
    assert 'id="return-reason"' in page
    assert page.index("理由：Q1-1 の根拠を示してください") < page.index('class="actions"')


def test_return_notification_says_what_to_do_and_not_the_reason(
        cast, sheet, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _returned(cast, sheet, reason="秘密の理由")
    note = Notification.objects.filter(user=cast.editor).latest("pk")
    assert "差し戻されました" in note.body and "再提出してください" in note.body
    returned_mail = [m for m in mail.outbox if cast.editor.email in m.to][-1]
    assert "秘密の理由" not in returned_mail.body
    assert f"/sheets/{sheet.pk}/" in returned_mail.body


def test_the_agency_replies_per_comment_and_marks_it_resolved(
        cast, sheet, django_capture_on_commit_callbacks):
    sheet = _returned(cast, sheet)
    comment = services.comment_add(sheet=sheet, user=cast.reviewer, text="根拠資料は？",
                                   question=sheet.round.questionnaire.questions.get(code="Q1-1"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_reply(comment=comment, user=cast.editor, text="規程第3条のとおりです",
                               resolve=True)
    services.comment_reply(comment=comment, user=cast.reviewer, text="了解しました")
    comment.refresh_from_db()
    assert comment.is_resolved and comment.resolved_by == cast.editor
    assert [r.text for r in comment.replies.all()] == ["規程第3条のとおりです", "了解しました"]
    assert cast.reviewer.email in mail.outbox[0].to
    assert "規程第3条" not in mail.outbox[0].body
    services.comment_reply(comment=comment, user=cast.reviewer, text="", resolve=False)
    comment.refresh_from_db()
    assert not comment.is_resolved


def test_outsiders_cannot_reply_and_an_empty_reply_is_refused(cast, sheet):
    from django.http import Http404

    sheet = _returned(cast, sheet)
    comment = ReviewComment.objects.get(sheet=sheet)
    for outsider in cast.outsiders:
        with pytest.raises(Http404):
            services.comment_reply(comment=comment, user=outsider, text="x")
    with pytest.raises(ValidationFailed):
        services.comment_reply(comment=comment, user=cast.editor, text="  ")
    assert not CommentReply.objects.exists()


def test_a_reply_from_the_page_lands_in_the_thread(cast, sheet, client_for):
    sheet = _returned(cast, sheet)
    comment = ReviewComment.objects.get(sheet=sheet)
    client = client_for(cast.approver)
    response = client.post(f"/sheets/{sheet.pk}/comments/{comment.pk}/reply/",
                           {"text": "確認のうえ修正不要と判断しました", "resolve": "1"})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "確認のうえ修正不要と判断しました" in page and "対応済み" in page


def test_resubmitting_without_changes_needs_a_note(cast, sheet):
    sheet = _returned(cast, sheet)
    with pytest.raises(ValidationFailed):
        services.sheet_transition(sheet=sheet, user=cast.approver, action="resubmit_unchanged")
    sheet = services.sheet_transition(sheet=sheet, user=cast.approver,
                                      action="resubmit_unchanged",
                                      comment="規程で定めており修正は不要と考えます")
    assert sheet.state == S.SUBMITTED and sheet.receipt_number.endswith("-02")
    assert sheet.transitions.last().comment == "規程で定めており修正は不要と考えます"


def test_the_editor_asks_approval_without_changes_and_the_reviewer_reads_the_note(
        cast, sheet, client_for):
    sheet = _returned(cast, sheet)
    names = [a.name for a in services.actions_for(sheet=sheet, user=cast.editor)]
    assert names == ["request_approval_unchanged"]
    names = [a.name for a in services.actions_for(sheet=sheet, user=cast.approver)]
    assert names == ["resubmit_unchanged"]
    sheet = services.sheet_transition(sheet=sheet, user=cast.editor,
                                      action="request_approval_unchanged",
                                      comment="修正不要の理由")
    sheet = services.sheet_transition(sheet=sheet, user=cast.approver, action="submit")
    page = client_for(cast.reviewer).get(f"/sheets/{sheet.pk}/").content.decode()
    assert 'id="agency-note"' in page and "修正不要の理由" in page


def test_resubmitting_with_changes_goes_through_editing_again(cast, sheet):
    sheet = _returned(cast, sheet)
    services.answers_save(sheet=sheet, user=cast.editor, base_version=sheet.version,
                          raw={"N1": "5"})
    assert sheet.state == S.IN_PROGRESS
    assert [a.name for a in services.actions_for(sheet=sheet, user=cast.approver)] == ["submit"]
    sheet = services.sheet_transition(sheet=sheet, user=cast.approver, action="submit")
    assert sheet.state == S.SUBMITTED


def test_approver_is_not_offered_to_ask_their_own_approval(cast, sheet):
    services.answers_save(sheet=sheet, user=cast.editor, base_version=0, raw=COMPLETE)
    assert [a.name for a in services.actions_for(sheet=sheet, user=cast.approver)] == ["submit"]
    assert [a.name for a in services.actions_for(sheet=sheet, user=cast.editor)] == [
        "request_approval"]


def test_an_empty_reply_from_the_page_says_so_instead_of_failing(cast, sheet, client_for):
    sheet = _returned(cast, sheet)
    comment = ReviewComment.objects.get(sheet=sheet)
    client = client_for(cast.editor)
    response = client.post(f"/sheets/{sheet.pk}/comments/{comment.pk}/reply/", {"text": " "})
    assert response.status_code == 302
    assert "返信を記入してください" in client.get(response.url).content.decode()


def test_an_empty_comment_comes_back_beside_its_question_and_adds_nothing(
        cast, sheet, client_for):
    services.answers_save(sheet=sheet, user=cast.editor, base_version=sheet.version, raw=COMPLETE)
    services.sheet_transition(sheet=sheet, user=cast.approver, action="submit")
    from django.urls import reverse

    client = client_for(cast.reviewer)
    response = client.post(reverse("agreements:sheet_comment", kwargs={"sheet": sheet.pk}),
                           {"question": "Q1-1", "text": "   "})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="banner banner-error error-summary"' in html and 'href="#c-Q1-1"' in html
    assert 'aria-describedby="c-Q1-1_error"' in html
    assert 'id="c-Q1-1_error"><p class="field-error">＊' in html
    assert not ReviewComment.objects.filter(sheet=sheet).exists()
