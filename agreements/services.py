"""Workflows of the follow-up loop. Views, the API, imports and tasks all call these.

Every function checks access through kokken.access and raises kokken.errors
domain errors; nothing here trusts its caller to have checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from kokken import access, audit
from kokken.access import Perm
from kokken.errors import StaleEdit, TransitionNotAllowed, ValidationFailed
from kokken.models import Agency, AuditEvent, Role, User
from kokken.notifications import notify

from . import answers as values
from .models import (
    AcceptedSnapshot, Answer, AnswerChange, Evidence, Option, Question, Questionnaire,
    ReviewComment, Round, Section, Sheet, Transition,
)

S = Sheet.State


# --- Questionnaires ------------------------------------------------------------

@transaction.atomic
def questionnaire_copy(*, questionnaire: Questionnaire) -> Questionnaire:
    """A new, unlocked version with the same sections, questions (codes kept) and options."""
    latest = Questionnaire.objects.filter(code=questionnaire.code).order_by("-version").first()
    copy = Questionnaire.objects.create(
        code=questionnaire.code, version=latest.version + 1, agreement=questionnaire.agreement,
        title_ja=questionnaire.title_ja, title_en=questionnaire.title_en,
        description_ja=questionnaire.description_ja, description_en=questionnaire.description_en,
        created_from=questionnaire,
    )
    sections = {}
    for section in questionnaire.sections.all():
        sections[section.pk] = Section.objects.create(
            questionnaire=copy, code=section.code, title_ja=section.title_ja,
            title_en=section.title_en, order=section.order, chapter=section.chapter)
    questions = {}
    for q in questionnaire.questions.order_by("order").prefetch_related("options", "items"):
        new = Question.objects.create(
            questionnaire=copy, section=sections[q.section_id], code=q.code, kind=q.kind,
            text_ja=q.text_ja, text_en=q.text_en, help_ja=q.help_ja, help_en=q.help_en,
            required=q.required, order=q.order, max_length=q.max_length,
            show_if_question=questions.get(q.show_if_question_id),
            show_if_values=q.show_if_values, refines_parent=q.refines_parent)
        new.items.set(q.items.all())
        Option.objects.bulk_create([
            Option(question=new, code=o.code, label_ja=o.label_ja, label_en=o.label_en,
                   order=o.order) for o in q.options.all()])
        questions[q.pk] = new
    return copy


# --- Rounds ----------------------------------------------------------------------

def round_create(*, user: User, fiscal_year: int, questionnaire: Questionnaire, opens_on: date,
                 due_on: date, title_ja: str, title_en: str = "",
                 targets: list[Agency] | None = None, reminder_days_before: int = 7) -> Round:
    access.check(user, Perm.MANAGE)
    if due_on < opens_on:
        raise ValidationFailed(details={"due_on": [_("The due date must not be before the opening date.")]})
    with transaction.atomic():
        round = Round.objects.create(
            fiscal_year=fiscal_year, questionnaire=questionnaire, opens_on=opens_on, due_on=due_on,
            title_ja=title_ja, title_en=title_en, created_by=user,
            reminder_days_before=reminder_days_before)
        round.targets.set(targets if targets is not None else Agency.objects.active_on(opens_on))
    return round


def round_open(*, round: Round, user: User) -> None:
    """Open a round: lock its questionnaire and queue the creation of the sheets."""
    access.check(user, Perm.MANAGE)
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        if locked.status != Round.Status.DRAFT:
            raise TransitionNotAllowed(_("Only a round in preparation can be opened."))
        now = timezone.now()
        Round.objects.filter(pk=round.pk).update(status=Round.Status.OPEN, opened_at=now)
        Questionnaire.objects.filter(pk=round.questionnaire_id, locked_at__isnull=True).update(
            locked_at=now)
        from .tasks import open_round_sheets

        transaction.on_commit(lambda: open_round_sheets.delay(round.pk))
        audit.record(AuditEvent.Action.TRANSITION, user=user, what=f"round #{round.pk}: draft → open")
    round.refresh_from_db()


def round_create_sheets(*, round: Round) -> int:
    """One sheet per target agency; safe to run twice or concurrently (a unique constraint).

    Returns how many sheets this call created; only their agencies are notified.
    """
    targets = list(round.targets.all())
    created = []
    for agency in targets:
        try:
            with transaction.atomic():
                sheet, made = Sheet.objects.get_or_create(round=round, agency=agency)
        except IntegrityError:  # another worker created it between our read and write
            continue
        if made:
            created.append(sheet)
    for sheet in created:
        _notify_agency(sheet, roles=(Role.AGENCY_EDITOR, Role.AGENCY_APPROVER),
                       subject=_("[Kokken follow-up] A follow-up round has opened"),
                       body=_("The follow-up round “%(round)s” has opened for your agency. "
                              "Please answer by %(due)s.")
                       % {"round": round.title_ja, "due": _due(round)})
    return len(created)


def round_close(*, round: Round, user: User) -> None:
    access.check(user, Perm.MANAGE)
    updated = Round.objects.filter(pk=round.pk, status=Round.Status.OPEN).update(
        status=Round.Status.CLOSED, closed_at=timezone.now())
    if not updated:
        raise TransitionNotAllowed(_("Only an open round can be closed."))
    audit.record(AuditEvent.Action.TRANSITION, user=user, what=f"round #{round.pk}: open → closed")
    round.refresh_from_db()


def round_publish(*, round: Round, user: User) -> None:
    access.check(user, Perm.MANAGE)
    updated = Round.objects.filter(pk=round.pk, status=Round.Status.CLOSED).update(
        status=Round.Status.PUBLISHED, published_at=timezone.now())
    if not updated:
        raise TransitionNotAllowed(_("Close the round before publishing it."))
    audit.record(AuditEvent.Action.TRANSITION, user=user,
                 what=f"round #{round.pk}: closed → published")
    round.refresh_from_db()


def _due(round: Round) -> str:
    from kokken.wareki import date_ja

    return date_ja(round.due_on)


def _notify_agency(sheet: Sheet, *, roles, subject: str, body: str) -> None:
    users = User.objects.filter(agency_id=sheet.agency_id, role__in=roles, is_active=True)
    notify(users=users, subject=subject, body=body,
           url=reverse("agreements:sheet", kwargs={"sheet": sheet.pk}))


def _notify_reviewers(sheet: Sheet, *, subject: str, body: str) -> None:
    users = User.objects.filter(role=Role.MINISTRY_REVIEWER, is_active=True,
                                ministry__agencies=sheet.agency_id)
    notify(users=users, subject=subject, body=body,
           url=reverse("agreements:sheet", kwargs={"sheet": sheet.pk}))


# --- Reminders ---------------------------------------------------------------------

def reminders_send(*, today: date | None = None, round: Round | None = None,
                   kind: str = "") -> int:
    """Remind agencies that have not submitted. Never twice on the same day.

    Without ``round`` (the daily beat): open rounds whose due date is
    ``reminder_days_before`` days away, and overdue ones. With ``round`` and
    ``kind="manual"``: that round's laggards now.
    """
    from .models import Reminder

    today = today or timezone.localdate()
    if round is not None:
        rounds = [(round, kind or "manual")]
    else:
        rounds = []
        for r in Round.objects.filter(status=Round.Status.OPEN):
            days = r.days_to_due(today)
            if days == r.reminder_days_before:
                rounds.append((r, "before_due"))
            elif days < 0:
                rounds.append((r, "overdue"))
    sent = 0
    for r, why in rounds:
        laggards = Sheet.objects.filter(round=r).exclude(state__in=[S.SUBMITTED, S.ACCEPTED])
        for sheet in laggards.select_related("agency"):
            try:
                with transaction.atomic():
                    Reminder.objects.create(round=r, agency=sheet.agency, day=today, kind=why)
                    if why == "overdue":
                        body = _("The follow-up round “%(round)s” was due on %(due)s and your "
                                 "agency has not submitted yet.")
                    else:
                        body = _("Reminder: the follow-up round “%(round)s” is due on %(due)s.")
                    _notify_agency(sheet, roles=(Role.AGENCY_EDITOR, Role.AGENCY_APPROVER),
                                   subject=_("[Kokken follow-up] Reminder"),
                                   body=body % {"round": r.title_ja, "due": _due(r)})
            except IntegrityError:
                continue  # already reminded today
            sent += 1
    return sent


# --- Answering ---------------------------------------------------------------------

@dataclass
class Change:
    question: Question
    old: object
    new: object


def _lock_sheet(sheet: Sheet, base_version: int | None) -> Sheet:
    locked = Sheet.objects.select_for_update().select_related("round").get(pk=sheet.pk)
    if base_version is not None and locked.version != base_version:
        later = (AnswerChange.objects.filter(sheet=locked, sheet_version__gt=base_version)
                 .select_related("question", "changed_by").order_by("changed_at", "id"))
        raise StaleEdit(details={
            "version": locked.version,
            "changes": [{"question": c.question.code, "text": c.question.text, "old": c.old,
                         "new": c.new, "by": c.changed_by.username if c.changed_by else "",
                         "at": c.changed_at.isoformat()} for c in later],
        })
    return locked


def _transition(sheet: Sheet, to: str, user: User | None, comment: str = "") -> None:
    Transition.objects.create(sheet=sheet, from_state=sheet.state, to_state=to, by=user,
                              comment=comment)
    audit.record(AuditEvent.Action.TRANSITION, user=user, agency_id=sheet.agency_id,
                 what=f"sheet #{sheet.pk}: {sheet.state} → {to}")
    sheet.state = to


def answers_save(*, sheet: Sheet, user: User, raw: dict[str, object],
                 base_version: int | None, source: str = "form") -> list[Change]:
    """Save answers given by question code. All-or-nothing; records every change.

    ``base_version`` is the sheet version the editor loaded: if the sheet moved on
    since, nothing is saved and StaleEdit lists what changed (optimistic concurrency).
    Pass None only for imports that are checked against the version themselves.
    """
    access.check(user, Perm.EDIT, sheet.agency_id)
    questions = {q.code: q for q in Question.objects.filter(
        questionnaire_id=sheet.round.questionnaire_id).prefetch_related("options")}
    errors: dict[str, list[str]] = {}
    parsed: dict[str, object] = {}
    for code, raw_value in raw.items():
        question = questions.get(code)
        if question is None or question.kind == Question.Kind.EVIDENCE:
            errors.setdefault(code, []).append(_("Unknown question code."))
            continue
        try:
            parsed[code] = values.parse(question, raw_value,
                                        {o.code for o in question.options.all()})
        except values.InvalidValue as exc:
            errors.setdefault(code, []).append(str(exc))
    if errors:
        raise ValidationFailed(details=errors)
    with transaction.atomic():
        locked = _lock_sheet(sheet, base_version)
        if not locked.is_editable:
            raise TransitionNotAllowed(_("This sheet cannot be edited in its current state."))
        existing = {a.question_id: a for a in Answer.objects.filter(
            sheet=locked, question__code__in=list(parsed))}
        changes = []
        for code, new in parsed.items():
            question = questions[code]
            answer = existing.get(question.pk)
            old = values.get(answer, question)
            if _same(old, new):
                continue
            if answer is None:
                answer = Answer(sheet=locked, question=question)
            values.put(answer, question, new)
            answer.updated_by = user
            answer.save()
            changes.append(Change(question, old, new))
        if changes:
            locked.version = F("version") + 1
            if locked.state in (S.NOT_STARTED, S.RETURNED):
                _transition(locked, S.IN_PROGRESS, user)
            locked.save(update_fields=["version", "state", "updated_at"])
            locked.refresh_from_db(fields=["version"])
            AnswerChange.objects.bulk_create([
                AnswerChange(sheet=locked, question=c.question, changed_by=user, source=source,
                             old=values.to_json(c.question, c.old),
                             new=values.to_json(c.question, c.new), sheet_version=locked.version)
                for c in changes])
            audit.record(AuditEvent.Action.ANSWER_CHANGE, user=user, agency_id=locked.agency_id,
                         what=f"sheet #{locked.pk} v{locked.version} ({source}): "
                              + ", ".join(c.question.code for c in changes))
    sheet.version, sheet.state = locked.version, locked.state
    return changes


def _same(old, new) -> bool:
    if values.empty(old) and values.empty(new):
        return True
    return old == new


# --- State transitions ---------------------------------------------------------------

@dataclass(frozen=True)
class Action:
    name: str
    label: str
    perm: Perm
    sources: frozenset[str]
    target: str
    needs_comment: bool = False


ACTIONS = {a.name: a for a in [
    Action("request_approval", gettext_lazy("Request approval"), Perm.EDIT,
           frozenset({S.IN_PROGRESS}), S.AWAITING_APPROVAL),
    Action("send_back", gettext_lazy("Send back to the editor"), Perm.APPROVE,
           frozenset({S.AWAITING_APPROVAL}), S.IN_PROGRESS),
    Action("submit", gettext_lazy("Submit to the ministry"), Perm.APPROVE,
           frozenset({S.IN_PROGRESS, S.AWAITING_APPROVAL}), S.SUBMITTED),
    Action("return", gettext_lazy("Return to the agency"), Perm.REVIEW,
           frozenset({S.SUBMITTED}), S.RETURNED, needs_comment=True),
    Action("accept", gettext_lazy("Accept"), Perm.REVIEW, frozenset({S.SUBMITTED}), S.ACCEPTED),
]}


def actions_for(*, sheet: Sheet, user: User) -> list[Action]:
    """The actions this user may take on this sheet now (for buttons)."""
    if not sheet.round.is_open:
        return []
    return [a for a in ACTIONS.values()
            if sheet.state in a.sources and access.can(user, a.perm, sheet.agency_id)]


def sheet_transition(*, sheet: Sheet, user: User, action: str, comment: str = "",
                     base_version: int | None = None) -> Sheet:
    """Move a sheet through its states, checking who may do it and from where."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise TransitionNotAllowed()
    access.check(user, spec.perm, sheet.agency_id)
    comment = (comment or "").strip()
    if spec.needs_comment and not comment:
        raise ValidationFailed(details={"comment": [_("Write a comment saying what to correct.")]})
    _comment_fits(comment, TRANSITION_COMMENT_MAX)
    with transaction.atomic():
        locked = _lock_sheet(sheet, base_version)
        if not locked.round.is_open or locked.state not in spec.sources:
            raise TransitionNotAllowed()
        if spec.name == "submit":
            missing = missing_required(locked)
            if missing:
                raise ValidationFailed(
                    _("Answer every required question before submitting."),
                    details={q.code: [_("Required.")] for q in missing})
        now = timezone.now()
        _transition(locked, spec.target, user, comment)
        fields = ["state", "version", "updated_at"]
        locked.version = F("version") + 1
        if spec.name == "submit":
            locked.submitted_at = now
            locked.receipt_number = _receipt_number(locked)
            fields += ["submitted_at", "receipt_number"]
        elif spec.name == "return":
            locked.returned_at = now
            fields.append("returned_at")
            ReviewComment.objects.create(sheet=locked, author=user, text=comment)
        elif spec.name == "accept":
            locked.accepted_at = now
            fields.append("accepted_at")
        locked.save(update_fields=fields)
        locked.refresh_from_db()
        if spec.name == "accept":
            AcceptedSnapshot.objects.create(sheet=locked, data=snapshot_data(locked),
                                            accepted_by=user, accepted_at=now)
        _notify_transition(locked, spec)
    return locked


def _receipt_number(sheet: Sheet) -> str:
    """受付番号: fiscal year, round, agency and the how-many-th submission, e.g. 2024-003-RIKEN-02."""
    n = Transition.objects.filter(sheet=sheet, to_state=S.SUBMITTED).count()
    return f"{sheet.round.fiscal_year}-{sheet.round_id:03d}-{sheet.agency.abbr}-{n:02d}"


def _notify_transition(sheet: Sheet, spec: Action) -> None:
    params = {"round": sheet.round.title_ja, "agency": sheet.agency.short_name_ja}
    if spec.name == "request_approval":
        _notify_agency(sheet, roles=(Role.AGENCY_APPROVER,),
                       subject=_("[Kokken follow-up] A sheet awaits your approval"),
                       body=_("The sheet for “%(round)s” awaits your approval.") % params)
    elif spec.name == "submit":
        _notify_reviewers(sheet, subject=_("[Kokken follow-up] A sheet was submitted"),
                          body=_("%(agency)s submitted its sheet for “%(round)s”.") % params)
    elif spec.name in ("return", "accept", "send_back"):
        subject = {"return": _("[Kokken follow-up] Your sheet was returned"),
                   "accept": _("[Kokken follow-up] Your sheet was accepted"),
                   "send_back": _("[Kokken follow-up] The approver sent the sheet back")}[spec.name]
        _notify_agency(sheet, roles=(Role.AGENCY_EDITOR, Role.AGENCY_APPROVER), subject=subject,
                       body=_("The state of the sheet for “%(round)s” changed.") % params)


def missing_required(sheet: Sheet) -> list[Question]:
    """Required questions that show (given the answers) and have no answer."""
    questions = list(Question.objects.filter(questionnaire_id=sheet.round.questionnaire_id)
                     .select_related("show_if_question").order_by("order"))
    answers = {a.question_id: a for a in Answer.objects.filter(sheet=sheet)
               .prefetch_related("evidence")}
    by_id = {q.pk: values.get(answers.get(q.pk), q) for q in questions}
    missing = []
    for q in questions:
        if not q.required or not values.is_visible(q, by_id):
            continue
        if q.kind == Question.Kind.EVIDENCE:
            answer = answers.get(q.pk)
            if answer is None or not answer.evidence.all():
                missing.append(q)
        elif values.empty(by_id[q.pk]):
            missing.append(q)
    return missing


def snapshot_data(sheet: Sheet) -> dict:
    """Exactly what the sheet says now: question code → value, text and label."""
    questions = Question.objects.filter(questionnaire_id=sheet.round.questionnaire_id) \
        .select_related("show_if_question").prefetch_related("options").order_by("order")
    answers = {a.question_id: a for a in Answer.objects.filter(sheet=sheet)
               .prefetch_related("evidence")}
    current = {q.pk: values.get(answers.get(q.pk), q) for q in questions}
    data = {}
    for q in questions:
        if not values.is_visible(q, current):
            continue
        labels = {o.code: o.label_ja for o in q.options.all()}
        answer = answers.get(q.pk)
        entry = {"question": q.text_ja, "value": values.to_json(q, current[q.pk]),
                 "display": values.display(q, current[q.pk], labels)}
        if q.kind == Question.Kind.EVIDENCE and answer is not None:
            entry["files"] = [e.original_name for e in answer.evidence.all()]
        data[q.code] = entry
    return {"version": sheet.version, "answers": data}


COMMENT_MAX = 2000             # a review comment (the page's form says so)
TRANSITION_COMMENT_MAX = 4000  # a return comment (the API's limit)


def _comment_fits(text: str, limit: int) -> None:
    """The limit holds for every channel, not only where a form checks it."""
    if len(text) > limit:
        raise ValidationFailed(details={"comment": [
            _("Enter at most %(limit)d characters (%(over)d too many).")
            % {"limit": limit, "over": len(text) - limit}]})


def comment_add(*, sheet: Sheet, user: User, text: str, question: Question | None = None
                ) -> ReviewComment:
    access.check(user, Perm.REVIEW, sheet.agency_id)
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(details={"comment": [_("Write a comment.")]})
    _comment_fits(text, COMMENT_MAX)
    if question is not None and question.questionnaire_id != sheet.round.questionnaire_id:
        raise ValidationFailed(details={"question": [_("Unknown question code.")]})
    return ReviewComment.objects.create(sheet=sheet, question=question, author=user, text=text)


# --- Evidence files ---------------------------------------------------------------------

def evidence_add(*, sheet: Sheet, user: User, question: Question, upload,
                 content_type: str) -> Evidence:
    """Attach a (validated) uploaded file to the answer of an evidence question."""
    access.check(user, Perm.EDIT, sheet.agency_id)
    if question.questionnaire_id != sheet.round.questionnaire_id or \
            question.kind != Question.Kind.EVIDENCE:
        raise ValidationFailed(details={"file": [_("This question does not take files.")]})
    with transaction.atomic():
        locked = _lock_sheet(sheet, None)
        if not locked.is_editable:
            raise TransitionNotAllowed(_("This sheet cannot be edited in its current state."))
        answer, _created = Answer.objects.get_or_create(sheet=locked, question=question,
                                                       defaults={"updated_by": user})
        evidence = Evidence.objects.create(
            answer=answer, file=upload, original_name=upload.name[:255], size=upload.size,
            content_type=content_type, uploaded_by=user)
        _record_file_change(locked, question, user, old=None, new=evidence.original_name)
    return evidence


def evidence_delete(*, evidence, user: User) -> None:
    sheet = evidence.answer.sheet
    access.check(user, Perm.EDIT, sheet.agency_id)
    with transaction.atomic():
        locked = _lock_sheet(sheet, None)
        if not locked.is_editable:
            raise TransitionNotAllowed(_("This sheet cannot be edited in its current state."))
        name = evidence.original_name
        stored = evidence.file
        evidence.delete()
        _record_file_change(locked, evidence.answer.question, user, old=name, new=None)
        transaction.on_commit(lambda: stored.storage.delete(stored.name))


def _record_file_change(sheet: Sheet, question: Question, user: User, *, old, new) -> None:
    sheet.version = F("version") + 1
    if sheet.state in (S.NOT_STARTED, S.RETURNED):
        _transition(sheet, S.IN_PROGRESS, user)
    sheet.save(update_fields=["version", "state", "updated_at"])
    sheet.refresh_from_db(fields=["version"])
    AnswerChange.objects.create(sheet=sheet, question=question, changed_by=user, old=old, new=new,
                                source="file", sheet_version=sheet.version)
    audit.record(AuditEvent.Action.ANSWER_CHANGE, user=user, agency_id=sheet.agency_id,
                 what=f"sheet #{sheet.pk} v{sheet.version} (file): {question.code}")
