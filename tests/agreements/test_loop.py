"""The yearly loop, end to end, through the services the pages and API use."""

from decimal import Decimal

import pytest
from django.core import mail

from agreements import aggregation, services
from agreements.models import AcceptedSnapshot, AnswerChange, Sheet, Transition
from kokken.errors import StaleEdit, TransitionNotAllowed, ValidationFailed
from kokken.models import Agency, Notification
from tests.agreements.factories import make_questionnaire, open_round, submit

S = Sheet.State


def test_the_full_loop_from_opening_to_published_aggregate(cast):
    mail.outbox.clear()
    round = open_round(cast, make_questionnaire())
    assert round.sheets.count() == 27
    # Editors and approvers of every target agency are told, by mail and in the app.
    assert Notification.objects.filter(user=cast.editor).count() == 1
    assert any(cast.editor.email in m.to for m in mail.outbox)

    sheet = round.sheets.get(agency=cast.agency)
    services.answers_save(sheet=sheet, user=cast.editor, base_version=sheet.version,
                          raw={"Q1-1": "not_done", "Q1-2": "considering", "Q1-3": "令和7年度中に整備",
                               "N1": "12"})
    assert sheet.state == S.IN_PROGRESS
    services.sheet_transition(sheet=sheet, user=cast.editor, action="request_approval")
    sheet = services.sheet_transition(sheet=sheet, user=cast.approver, action="submit")
    assert sheet.state == S.SUBMITTED and sheet.receipt_number.endswith("RIKEN-01")

    sheet = services.sheet_transition(sheet=sheet, user=cast.reviewer, action="return",
                                      comment="Q1-3 の時期を具体的に")
    assert sheet.state == S.RETURNED
    assert sheet.comments.get().text == "Q1-3 の時期を具体的に"

    services.answers_save(sheet=sheet, user=cast.editor, base_version=sheet.version,
                          raw={"Q1-3": "令和7年9月までに規程を整備"})
    assert sheet.state == S.IN_PROGRESS
    sheet = services.sheet_transition(sheet=sheet, user=cast.approver, action="submit")
    assert sheet.receipt_number.endswith("RIKEN-02")
    sheet = services.sheet_transition(sheet=sheet, user=cast.reviewer, action="accept")
    assert sheet.state == S.ACCEPTED
    snapshot = AcceptedSnapshot.objects.get(sheet=sheet)
    assert snapshot.data["answers"]["Q1-3"]["value"] == "令和7年9月までに規程を整備"
    assert snapshot.accepted_by == cast.reviewer
    assert [t.to_state for t in Transition.objects.filter(sheet=sheet)] == [
        S.IN_PROGRESS, S.AWAITING_APPROVAL, S.SUBMITTED, S.RETURNED, S.IN_PROGRESS,
        S.SUBMITTED, S.ACCEPTED]

    # Four more agencies submit: done, done, considering, not considering.
    others = {"aist": {"Q1-1": "done", "N1": "10"}, "nims": {"Q1-1": "done", "N1": "20"},
              "jst": {"Q1-1": "not_done", "Q1-2": "considering", "Q1-3": "検討中", "N1": "5"},
              "amed": {"Q1-1": "not_done", "Q1-2": "not_considering", "N1": "1"}}
    for code, answers in others.items():
        submit(round.sheets.get(agency__code=code), answers)

    services.round_close(round=round, user=cast.secretariat)
    services.round_publish(round=round, user=cast.secretariat)
    result = aggregation.aggregate(rounds=[round], agencies=Agency.objects.all())[round.pk]
    assert (result.targets, result.responses) == (27, 5)
    q1 = result.by_code()["Q1-1"]
    assert [(o.code, o.count) for o in q1.outcomes] == [
        ("done", 2), ("considering", 2), ("not_considering", 1)]
    assert [round_(o.share) for o in q1.outcomes] == [0.4, 0.4, 0.2]
    n1 = result.by_code()["N1"].numbers
    assert (n1.count, n1.total, n1.mean, n1.median, n1.minimum, n1.maximum) == (
        5, Decimal("48"), Decimal("9.60"), Decimal("10.00"), Decimal("1"), Decimal("20"))


def round_(x):
    return round(x, 4)


def test_an_editor_cannot_submit(cast):
    sheet = open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)
    services.answers_save(sheet=sheet, user=cast.editor, base_version=0,
                          raw={"Q1-1": "done", "N1": "1"})
    with pytest.raises(Exception) as exc:
        services.sheet_transition(sheet=sheet, user=cast.editor, action="submit")
    assert exc.type.__name__ == "PermissionDenied"


def test_a_reviewer_of_another_ministry_cannot_accept(cast):
    from django.http import Http404

    round = open_round(cast, make_questionnaire())
    sheet = submit(round.sheets.get(agency=cast.agency), {"Q1-1": "done", "N1": "1"})
    with pytest.raises(Http404):
        services.sheet_transition(sheet=sheet, user=cast.other_reviewer, action="accept")
    sheet.refresh_from_db()
    assert sheet.state == S.SUBMITTED


def test_a_submitted_sheet_is_read_only_for_the_agency(cast):
    round = open_round(cast, make_questionnaire())
    sheet = submit(round.sheets.get(agency=cast.agency), {"Q1-1": "done", "N1": "1"})
    with pytest.raises(TransitionNotAllowed):
        services.answers_save(sheet=sheet, user=cast.editor, base_version=sheet.version,
                              raw={"N1": "2"})


def test_return_needs_a_comment(cast):
    round = open_round(cast, make_questionnaire())
    sheet = submit(round.sheets.get(agency=cast.agency), {"Q1-1": "done", "N1": "1"})
    with pytest.raises(ValidationFailed):
        services.sheet_transition(sheet=sheet, user=cast.reviewer, action="return", comment=" ")


def test_submitting_needs_every_shown_required_answer(cast):
    sheet = open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)
    services.answers_save(sheet=sheet, user=cast.editor, base_version=0,
                          raw={"Q1-1": "not_done", "Q1-2": "considering", "N1": "3"})
    with pytest.raises(ValidationFailed) as exc:
        services.sheet_transition(sheet=sheet, user=cast.approver, action="submit")
    assert set(exc.value.details) == {"Q1-3"}


def test_a_closed_round_freezes_its_sheets(cast):
    round = open_round(cast, make_questionnaire())
    services.round_close(round=round, user=cast.secretariat)
    sheet = round.sheets.get(agency=cast.agency)
    with pytest.raises(TransitionNotAllowed):
        services.answers_save(sheet=sheet, user=cast.editor, base_version=0, raw={"N1": "1"})


def test_a_stale_edit_is_refused_and_says_what_changed(cast):
    sheet = open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)
    loaded = sheet.version
    services.answers_save(sheet=sheet, user=cast.approver, base_version=loaded, raw={"N1": "7"})
    with pytest.raises(StaleEdit) as exc:
        services.answers_save(sheet=Sheet.objects.get(pk=sheet.pk), user=cast.editor,
                              base_version=loaded, raw={"N1": "8"})
    changes = exc.value.details["changes"]
    assert [(c["question"], c["new"], c["by"]) for c in changes] == [("N1", 7, "t-riken-approver")]
    assert AnswerChange.objects.filter(sheet=sheet).count() == 1


def test_every_answer_change_is_recorded_old_and_new(cast):
    sheet = open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)
    services.answers_save(sheet=sheet, user=cast.editor, base_version=0, raw={"N1": "1"})
    services.answers_save(sheet=sheet, user=cast.editor, base_version=sheet.version,
                          raw={"N1": "2", "T1": ""})
    history = list(AnswerChange.objects.filter(sheet=sheet).order_by("id").values_list(
        "question__code", "old", "new", "changed_by__username"))
    assert history == [("N1", None, 1, "t-riken-editor"), ("N1", 1, 2, "t-riken-editor")]


def test_invalid_values_save_nothing_and_name_the_question(cast):
    sheet = open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)
    with pytest.raises(ValidationFailed) as exc:
        services.answers_save(sheet=sheet, user=cast.editor, base_version=0,
                              raw={"N1": "1.5", "Q1-1": "maybe", "T1": "ok"})
    assert set(exc.value.details) == {"N1", "Q1-1"}
    assert not sheet.answers.exists()


def test_hidden_questions_are_not_required_and_their_stale_answers_not_counted(cast):
    round = open_round(cast, make_questionnaire())
    sheet = round.sheets.get(agency=cast.agency)
    services.answers_save(sheet=sheet, user=cast.editor, base_version=0,
                          raw={"Q1-1": "not_done", "Q1-2": "considering", "Q1-3": "計画"})
    # Changing Q1-1 hides Q1-2 and Q1-3; their answers stay but no longer count.
    services.answers_save(sheet=sheet, user=cast.editor, base_version=sheet.version,
                          raw={"Q1-1": "done", "N1": "4"})
    assert services.missing_required(sheet) == []
    services.sheet_transition(sheet=sheet, user=cast.approver, action="submit")
    result = aggregation.aggregate(rounds=[round], agencies=Agency.objects.all())[round.pk]
    q1 = result.by_code()["Q1-1"]
    assert [(o.code, o.count) for o in q1.outcomes] == [
        ("done", 1), ("considering", 0), ("not_considering", 0)]


def test_opening_twice_makes_no_duplicates(cast):
    round = open_round(cast, make_questionnaire())
    with pytest.raises(TransitionNotAllowed):
        services.round_open(round=round, user=cast.secretariat)
    assert services.round_create_sheets(round=round) == 0
    assert round.sheets.count() == 27


def test_only_the_secretariat_opens_rounds(cast):
    from django.core.exceptions import PermissionDenied

    from tests.agreements.factories import make_questionnaire as mq
    from datetime import date

    with pytest.raises(PermissionDenied):
        services.round_create(user=cast.reviewer, fiscal_year=2024, questionnaire=mq(),
                              opens_on=date(2024, 6, 1), due_on=date(2024, 7, 1), title_ja="x")


def test_a_used_questionnaire_is_locked_and_a_copy_is_a_new_version(cast):
    qn = make_questionnaire()
    open_round(cast, qn)
    qn.refresh_from_db()
    assert qn.is_locked
    copy = services.questionnaire_copy(questionnaire=qn)
    assert (copy.code, copy.version, copy.is_locked) == (qn.code, 2, False)
    assert list(copy.questions.values_list("code", flat=True)) == \
        list(qn.questions.values_list("code", flat=True))
    q12 = copy.questions.get(code="Q1-2")
    assert q12.show_if_question.questionnaire_id == copy.pk and q12.refines_parent


def test_comments_from_reviewers_only(cast):
    from django.http import Http404

    round = open_round(cast, make_questionnaire())
    sheet = submit(round.sheets.get(agency=cast.agency), {"Q1-1": "done", "N1": "1"})
    services.comment_add(sheet=sheet, user=cast.reviewer, text="確認しました")
    with pytest.raises(Http404):
        services.comment_add(sheet=sheet, user=cast.other_reviewer, text="x")


def test_each_email_has_an_in_app_notification(cast):
    mail.outbox.clear()
    round = open_round(cast, make_questionnaire())
    submit(round.sheets.get(agency=cast.agency), {"Q1-1": "done", "N1": "1"})
    reviewers = Notification.objects.filter(user=cast.reviewer)
    assert reviewers.count() == 1
    assert "/sheets/" in reviewers.get().url
    assert Notification.objects.count() >= len([to for m in mail.outbox for to in m.to])
    # Mails carry links, not the answers.
    assert all("done" not in m.body for m in mail.outbox)


def test_approver_sends_back_to_editor(cast):
    sheet = open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)
    services.answers_save(sheet=sheet, user=cast.editor, base_version=0,
                          raw={"Q1-1": "done", "N1": "1"})
    services.sheet_transition(sheet=sheet, user=cast.editor, action="request_approval")
    with pytest.raises(ValidationFailed):
        services.sheet_transition(sheet=sheet, user=cast.approver, action="send_back")
    sheet = services.sheet_transition(sheet=sheet, user=cast.approver, action="send_back",
                                      comment="N1 の数字を確認してください")
    assert sheet.state == S.IN_PROGRESS
