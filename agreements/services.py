"""Workflows of the follow-up loop. Views, the API, imports and tasks all call these.

Every function checks access through kokken.access and raises kokken.errors
domain errors; nothing here trusts its caller to have checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kokken import access, audit, dispatch
from kokken.access import Perm
from kokken.errors import StaleEdit, TransitionNotAllowed, ValidationFailed
from kokken.models import Agency, AgencyKind, AuditEvent, Role, User
from kokken.notifications import notify, notify_each

from . import answers as values
from .models import (
    AcceptedSnapshot,
    Answer,
    AnswerChange,
    CommentReply,
    Evidence,
    Option,
    Question,
    Questionnaire,
    ReviewComment,
    Round,
    Section,
    Sheet,
    Transition,
)
from .selectors import rounds_changed

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
            show_if_values=q.show_if_values, refines_parent=q.refines_parent,
            applies_to=q.applies_to)
        new.items.set(q.items.all())
        Option.objects.bulk_create([
            Option(question=new, code=o.code, label_ja=o.label_ja, label_en=o.label_en,
                   order=o.order) for o in q.options.all()])
        questions[q.pk] = new
    return copy


# --- Rounds ----------------------------------------------------------------------

def population_targets(*, population: str, fiscal_year: int):
    """The bodies a named population holds in a fiscal year (not for a chosen list)."""
    P = Round.Population
    if population == P.ALL_KOKKEN:
        return Agency.objects.kokken_in(fiscal_year)
    if population == P.COMPETITIVE_FUNDING:
        return Agency.objects.kokken_in(fiscal_year).filter(competitive_funding=True)
    if population == P.RESEARCH_BODIES:
        return Agency.objects.in_fiscal_year(fiscal_year).filter(
            kind__in=[AgencyKind.KOKKEN, AgencyKind.IAA])
    if population == P.FUNDING_BODIES:
        return Agency.objects.in_fiscal_year(fiscal_year).filter(competitive_funding=True)
    raise ValueError(f"{population!r} is not a named population")


def round_create(*, user: User, fiscal_year: int, questionnaire: Questionnaire, opens_on: date,
                 due_on: date, title_ja: str, title_en: str = "",
                 targets: list[Agency] | None = None, reminder_days_before: int = 7,
                 population: str | None = None, population_name_ja: str = "",
                 population_name_en: str = "") -> Round:
    """Create a round in preparation for a target population.

    ``population``: all 国研 of the fiscal year (the default), the 国研 with a
    競争的研究費制度, 図11's research bodies (国研 and other 独法) or funding bodies (every
    body with a 競争的研究費制度), or ``custom`` with ``targets`` (outside bodies allowed).
    Giving ``targets`` alone means a custom list.
    """
    access.check(user, Perm.MANAGE)
    P = Round.Population
    if population is None:
        population = P.CUSTOM if targets is not None else P.ALL_KOKKEN
    if due_on < opens_on:
        raise ValidationFailed(details={"due_on": [_("The due date must not be before the opening date.")]})
    if population not in P.values:
        raise ValidationFailed(details={"population": [_("Choose a target population.")]})
    if population == P.CUSTOM and not targets:
        raise ValidationFailed(details={"targets": [_("Choose at least one body to survey.")]})
    with transaction.atomic():
        round = Round.objects.create(
            fiscal_year=fiscal_year, questionnaire=questionnaire, opens_on=opens_on, due_on=due_on,
            title_ja=title_ja, title_en=title_en, created_by=user,
            reminder_days_before=reminder_days_before, population=population,
            population_name_ja=population_name_ja, population_name_en=population_name_en)
        # A named population resolves to the bodies of the round's fiscal year.
        round.targets.set(targets if population == P.CUSTOM
                          else population_targets(population=population, fiscal_year=fiscal_year))
    return round


def round_open(*, round: Round, user: User) -> bool:
    """Open a round: lock its questionnaire and queue the creation of the sheets.

    Returns False when the task queue was unreachable: the round is open, and the
    sweeper (``rounds_resume``) creates its sheets once the queue is back.
    """
    access.check(user, Perm.MANAGE)
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        if locked.status != Round.Status.DRAFT:
            raise TransitionNotAllowed(_("Only a round in preparation can be opened."))
        now = timezone.now()
        Round.objects.filter(pk=round.pk).update(status=Round.Status.OPEN, opened_at=now)
        rounds_changed()  # update() sends no signal
        Questionnaire.objects.filter(pk=round.questionnaire_id, locked_at__isnull=True).update(
            locked_at=now)
        from .tasks import open_round_sheets

        sent = []
        transaction.on_commit(lambda: sent.append(dispatch.send(open_round_sheets, round.pk)))
        audit.record(AuditEvent.Action.TRANSITION, user=user,
                     what=f"round #{round.pk}: draft → open")
    round.refresh_from_db()
    return False not in sent


def round_create_sheets(*, round: Round) -> int:
    """One sheet per target agency; safe to run twice or concurrently.

    Returns how many sheets this call created; only their agencies are notified. The round's
    row is locked while the missing sheets are found and inserted together, so a second
    worker waits, then finds them made (and the unique constraint still refuses a duplicate
    from elsewhere: the task then retries). A fixed number of queries whatever the number of
    agencies (issue 18: the insert, the users and the notifications each go in one query).
    """
    with transaction.atomic():
        list(Round.objects.select_for_update().filter(pk=round.pk).values_list("pk"))
        existing = set(round.sheets.values_list("agency_id", flat=True))
        created = Sheet.objects.bulk_create(
            [Sheet(round=round, agency_id=pk)
             for pk in round.targets.values_list("pk", flat=True) if pk not in existing])
        if created:
            _notify_agencies(created, roles=(Role.AGENCY_EDITOR, Role.AGENCY_APPROVER),
                             subject=_("[Kokken follow-up] A follow-up round has opened"),
                             body=_("The follow-up round “%(round)s” has opened for your "
                                    "agency. Please answer by %(due)s.")
                             % {"round": round.title_ja, "due": _due(round)})
            _notify_secretariat(
                subject=_("[Kokken follow-up] The sheets of a round were sent"),
                body=_("The sheets of “%(round)s” were sent to %(n)d agencies. Follow their "
                       "progress in your tasks on the home page; remind laggards before "
                       "%(due)s.")
                % {"round": round.title_ja, "n": len(created), "due": _due(round)},
                url=reverse("agreements:round", kwargs={"round": round.pk}))
    return len(created)


def rounds_resume(*, older_than: timedelta = timedelta(minutes=1)) -> int:
    """Sweeper: queue again the sheet creation of open rounds that still lack sheets
    (the queue was down when they were opened, or the task was lost). Harmless when
    the first task is merely late: creating sheets is idempotent."""
    from .tasks import open_round_sheets

    pending = (Round.objects.filter(status=Round.Status.OPEN,
                                    opened_at__lt=timezone.now() - older_than)
               .annotate(n_targets=Count("targets", distinct=True),
                         n_sheets=Count("sheets", distinct=True))
               .filter(n_sheets__lt=F("n_targets")).values_list("pk", flat=True))
    return sum(dispatch.send(open_round_sheets, pk) for pk in pending)


def round_close(*, round: Round, user: User) -> None:
    access.check(user, Perm.MANAGE)
    updated = Round.objects.filter(pk=round.pk, status=Round.Status.OPEN).update(
        status=Round.Status.CLOSED, closed_at=timezone.now())
    if not updated:
        raise TransitionNotAllowed(_("Only an open round can be closed."))
    rounds_changed()  # update() sends no signal
    audit.record(AuditEvent.Action.TRANSITION, user=user, what=f"round #{round.pk}: open → closed")
    round.refresh_from_db()


def round_publish(*, round: Round, user: User) -> None:
    access.check(user, Perm.MANAGE)
    updated = Round.objects.filter(pk=round.pk, status=Round.Status.CLOSED).update(
        status=Round.Status.PUBLISHED, published_at=timezone.now())
    if not updated:
        raise TransitionNotAllowed(_("Close the round before publishing it."))
    rounds_changed()  # update() sends no signal
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


def _notify_agencies(sheets: list[Sheet], *, roles, subject: str, body: str) -> None:
    """``_notify_agency`` for many sheets: their agencies' users in one query, every
    notification in one insert."""
    users: dict[int, list[User]] = {}
    for user in User.objects.filter(agency_id__in=[s.agency_id for s in sheets], role__in=roles,
                                    is_active=True).order_by("pk"):
        users.setdefault(user.agency_id, []).append(user)
    notify_each([(users.get(sheet.agency_id, []), subject, body,
                  reverse("agreements:sheet", kwargs={"sheet": sheet.pk})) for sheet in sheets])


def _notify_secretariat(*, subject: str, body: str, url: str) -> None:
    notify(users=User.objects.filter(role=Role.SECRETARIAT, is_active=True), subject=subject,
           body=body, url=url)


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
    overdue: dict[Round, int] = {}
    for r, why in rounds:
        laggards = (Sheet.objects.filter(round=r).exclude(state__in=[S.SUBMITTED, S.ACCEPTED])
                    .exclude(agency__in=Reminder.objects.filter(round=r, day=today)
                             .values("agency")))  # reminded today already
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
            overdue[r] = overdue.get(r, 0) + (why == "overdue")
    for r, n in overdue.items():
        if n:
            _notify_secretariat(
                subject=_("[Kokken follow-up] Agencies are past the due date"),
                body=_("%(n)d agencies have not submitted “%(round)s”, due on %(due)s. They "
                       "were reminded today; check the round and follow up.")
                % {"n": n, "round": r.title_ja, "due": _due(r)},
                url=reverse("agreements:round", kwargs={"round": r.pk}))
    return sent


def reminders_catch_up(*, now: datetime | None = None) -> int:
    """Sweeper: make up today's reminder run if the beat's missed it (the broker or the
    workers were down at ``REMINDER_HOUR``, or its task was lost with Redis). Safe to run
    every sweep: an agency is never reminded twice a day. A sheet that becomes a laggard
    later on a reminder day (sent back, say) is reminded at the next sweep."""
    now = timezone.localtime(now)
    if now.hour < settings.REMINDER_HOUR:
        return 0
    return reminders_send(today=now.date())


# --- Answering ---------------------------------------------------------------------

@dataclass
class Change:
    question: Question
    old: object
    new: object


def _lock_sheet(sheet: Sheet, base_version: int | None, user: User | None = None) -> Sheet:
    """Lock the sheet row; with ``base_version``, refuse if someone else moved it on since.

    Used by state transitions (answers are checked per question in answers_save). The
    caller's own changes since ``base_version`` (their autosaves) never count against them.
    """
    locked = Sheet.objects.select_for_update().select_related("round").get(pk=sheet.pk)
    if base_version is not None and locked.version != base_version:
        later = list(AnswerChange.objects.filter(sheet=locked, sheet_version__gt=base_version)
                     .select_related("question", "changed_by").order_by("changed_at", "id"))
        own = {c.sheet_version for c in later if user is not None and c.changed_by_id == user.pk}
        others = [c for c in later if user is None or c.changed_by_id != user.pk]
        if others or len(own) != locked.version - base_version:
            names = sorted({_who(c.changed_by) for c in others if c.changed_by})
            message = (_("%(names)s changed this sheet after you opened it. Nothing was saved.")
                       % {"names": "、".join(names)}) if names else None
            raise StaleEdit(message, details={"version": locked.version,
                                              "changes": [_change_json(c) for c in others]})
    return locked


def _change_json(change: AnswerChange) -> dict:
    """One change as a conflict shows it: what, old → new, who (username and name), when (JST)."""
    from kokken.wareki import date_label

    by = change.changed_by
    at = timezone.localtime(change.changed_at)
    labels = {o.code: o.label for o in change.question.options.all()}
    return {"question": change.question.code, "text": change.question.text,
            "old": change.old, "new": change.new,
            "old_display": _json_display(change.old, labels),
            "new_display": _json_display(change.new, labels),
            "by": by.username if by else "",
            "by_name": _who(by),
            "at": at.isoformat(timespec="seconds"),
            "at_display": f"{date_label(at.date())} {at:%H:%M}"}


def _who(user: User | None) -> str:
    """A person as a conflict names them: full name and username, or the username."""
    if user is None:
        return ""
    full = user.get_full_name()
    return f"{full} ({user.username})" if full else user.username


def _json_display(value, labels: dict[str, str]) -> str:
    """A recorded (JSON) value as a person reads it: option labels, not codes."""
    if values.empty(value):
        return "—"
    if isinstance(value, list):
        return "、".join(labels.get(str(v), str(v)) for v in value)
    return labels.get(str(value), str(value))


def _transition(sheet: Sheet, to: str, user: User | None, comment: str = "") -> None:
    Transition.objects.create(sheet=sheet, from_state=sheet.state, to_state=to, by=user,
                              comment=comment)
    audit.record(AuditEvent.Action.TRANSITION, user=user, agency_id=sheet.agency_id,
                 what=f"sheet #{sheet.pk}: {sheet.state} → {to}")
    sheet.state = to


def answers_save(*, sheet: Sheet, user: User, raw: dict[str, object],
                 base_version: int | None, source: str = "form",
                 base_versions: dict[str, int] | None = None) -> list[Change]:
    """Save answers given by question code. All-or-nothing; records every change.

    Conflicts are per answer. ``base_version`` is the sheet version the editor loaded
    (``base_versions`` may give a later one per question code, e.g. after the page's
    own autosave). A question conflicts only when *another person* changed it since
    that version and this save would replace their value: then nothing is saved and
    StaleEdit lists their changes. One's own earlier saves (another tab, a save whose
    reply was lost) never conflict, and a value the editor left as it was loaded is
    skipped rather than written over a newer one. Pass None only for imports that
    are checked against the version themselves.
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
        if not question.applies_to_agency(sheet.agency):
            errors.setdefault(code, []).append(not_asked_message(question))
            continue
        try:
            options = question.options.all()
            parsed[code] = values.parse(question, raw_value, {o.code for o in options},
                                        {o.code for o in options if o.exclusive})
        except values.InvalidValue as exc:
            errors.setdefault(code, []).append(str(exc))
    if errors:
        raise ValidationFailed(details=errors)
    bases = {code: (base_versions or {}).get(code, base_version) for code in parsed}
    with transaction.atomic():
        locked = _lock_sheet(sheet, None)
        if not locked.is_editable:
            raise TransitionNotAllowed(_("This sheet cannot be edited in its current state."))
        existing = {a.question_id: a for a in Answer.objects.filter(
            sheet=locked, question__code__in=list(parsed))}
        skip = _check_conflicts(locked, user, questions, parsed, existing, bases)
        changes = []
        for code, new in parsed.items():
            if code in skip:
                continue
            question = questions[code]
            answer = existing.get(question.pk)
            old = values.get(answer, question)
            if _same(old, new):
                continue
            if answer is None:
                answer = Answer(sheet=locked, question=question)
            values.put(answer, question, new)
            answer.updated_by = user
            changes.append((Change(question, old, new), answer))
        if changes:
            locked.version = F("version") + 1
            if locked.state in (S.NOT_STARTED, S.RETURNED):
                _transition(locked, S.IN_PROGRESS, user)
            locked.save(update_fields=["version", "state", "updated_at"])
            locked.refresh_from_db(fields=["version"])
            created = []
            for _change, answer in changes:
                answer.version = locked.version
                if answer.pk is None:
                    created.append(answer)
                else:
                    answer.save()
            # One INSERT for the new answers (a first save or an upload adds dozens).
            Answer.objects.bulk_create(created)
            AnswerChange.objects.bulk_create([
                AnswerChange(sheet=locked, question=c.question, changed_by=user, source=source,
                             old=values.to_json(c.question, c.old),
                             new=values.to_json(c.question, c.new), sheet_version=locked.version)
                for c, _answer in changes])
            audit.record(AuditEvent.Action.ANSWER_CHANGE, user=user, agency_id=locked.agency_id,
                         what=f"sheet #{locked.pk} v{locked.version} ({source}): "
                              + ", ".join(c.question.code for c, _answer in changes))
    sheet.version, sheet.state = locked.version, locked.state
    return [c for c, _answer in changes]


def answers_check(*, sheet: Sheet, user: User, parsed: dict[str, object],
                  base_version: int | None) -> set[str]:
    """A preview of answers_save's concurrency check for already parsed values (an Excel
    upload before it is applied): the codes that would be skipped as left as loaded, or
    StaleEdit naming other people's changes that these values would replace."""
    questions = {q.code: q for q in Question.objects.filter(
        questionnaire_id=sheet.round.questionnaire_id, code__in=list(parsed))}
    existing = {a.question_id: a for a in Answer.objects.filter(
        sheet=sheet, question__code__in=list(parsed))}
    return _check_conflicts(sheet, user, questions, parsed, existing,
                            {code: base_version for code in parsed})


def _check_conflicts(sheet: Sheet, user: User, questions: dict[str, Question],
                     parsed: dict[str, object], existing: dict[int, Answer],
                     bases: dict[str, int | None]) -> set[str]:
    """Per-answer optimistic concurrency (see answers_save).

    Returns the codes to skip (left as loaded while someone else changed them);
    raises StaleEdit naming the other people's changes that this save would replace.
    """
    moved = {code for code, base in bases.items() if base is not None
             and (answer := existing.get(questions[code].pk)) is not None and answer.version > base}
    if not moved:
        return set()
    later = list(AnswerChange.objects.filter(
        sheet=sheet, question__in=[questions[c].pk for c in moved],
        sheet_version__gt=min(bases[c] for c in moved))
        .select_related("question", "changed_by").order_by("sheet_version", "id"))
    skip: set[str] = set()
    conflicts: list[AnswerChange] = []
    for code in moved:
        question = questions[code]
        since = [c for c in later if c.question_id == question.pk and c.sheet_version > bases[code]]
        others = [c for c in since if c.changed_by_id != user.pk]
        if not others:
            continue  # only this person's own earlier saves: theirs to overwrite
        new = values.to_json(question, parsed[code])
        current = values.to_json(question, values.get(existing[question.pk], question))
        loaded = since[0].old if since else current
        if _same(new, current):
            continue
        if _same(new, loaded):
            skip.add(code)  # left as it was loaded: keep the newer answer
            continue
        conflicts.extend(others)
    if conflicts:
        conflicts.sort(key=lambda c: (c.sheet_version, c.id))
        names = sorted({_who(c.changed_by) for c in conflicts if c.changed_by})
        raise StaleEdit(
            _("%(names)s changed the same answer after you opened the page. Your change "
              "was not saved.") % {"names": "、".join(names) or _("Someone else")},
            details={"version": sheet.version,
                     "questions": sorted({c.question.code for c in conflicts}),
                     "changes": [_change_json(c) for c in conflicts]})
    return skip


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
    # What the note is for, when the action takes one (the label of its text box).
    comment_label: str = ""
    # Not offered when the named action is offered too (an approver submits rather than
    # asking for their own approval).
    shadowed_by: str = ""

    @property
    def needs_complete_sheet(self) -> bool:
        return self.target in (S.AWAITING_APPROVAL, S.SUBMITTED)


ACTIONS = {a.name: a for a in [
    Action("request_approval", gettext_lazy("Request approval"), Perm.EDIT,
           frozenset({S.IN_PROGRESS}), S.AWAITING_APPROVAL, shadowed_by="submit"),
    # A returned sheet that needs no change: the agency says why, in a required note.
    Action("request_approval_unchanged", gettext_lazy("Request approval without changes"),
           Perm.EDIT, frozenset({S.RETURNED}), S.AWAITING_APPROVAL, needs_comment=True,
           comment_label=gettext_lazy("Why no change is needed (shown to the reviewer)"),
           shadowed_by="resubmit_unchanged"),
    Action("send_back", gettext_lazy("Send back to the editor"), Perm.APPROVE,
           frozenset({S.AWAITING_APPROVAL}), S.IN_PROGRESS, needs_comment=True,
           comment_label=gettext_lazy("What the editor should change")),
    Action("submit", gettext_lazy("Submit to the ministry"), Perm.APPROVE,
           frozenset({S.IN_PROGRESS, S.AWAITING_APPROVAL}), S.SUBMITTED),
    Action("resubmit_unchanged", gettext_lazy("Resubmit without changes"), Perm.APPROVE,
           frozenset({S.RETURNED}), S.SUBMITTED, needs_comment=True,
           comment_label=gettext_lazy("Why no change is needed (shown to the reviewer)")),
    Action("return", gettext_lazy("Return to the agency"), Perm.REVIEW,
           frozenset({S.SUBMITTED}), S.RETURNED, needs_comment=True,
           comment_label=gettext_lazy("What should be corrected")),
    Action("accept", gettext_lazy("Accept"), Perm.REVIEW, frozenset({S.SUBMITTED}), S.ACCEPTED),
]}
SUBMITTING = ("submit", "resubmit_unchanged")


def actions_for(*, sheet: Sheet, user: User) -> list[Action]:
    """The actions this user may take on this sheet now (for buttons)."""
    if not sheet.round.is_open:
        return []
    allowed = [a for a in ACTIONS.values()
               if sheet.state in a.sources and access.can(user, a.perm, sheet.agency_id)]
    names = {a.name for a in allowed}
    return [a for a in allowed if a.shadowed_by not in names]


def sheet_transition(*, sheet: Sheet, user: User, action: str, comment: str = "",
                     base_version: int | None = None) -> Sheet:
    """Move a sheet through its states, checking who may do it and from where.

    Handing a sheet on (for approval or to the ministry) needs every shown required
    answer; the ValidationFailed lists the missing questions by code.
    """
    spec = ACTIONS.get(action)
    if spec is None:
        raise TransitionNotAllowed()
    access.check(user, spec.perm, sheet.agency_id)
    comment = (comment or "").strip()
    if spec.needs_comment and not comment:
        raise ValidationFailed(
            _("Write a note: %(what)s.") % {"what": spec.comment_label},
            details={"comment": [_("Write a note: %(what)s.") % {"what": spec.comment_label}]})
    _comment_fits(comment, TRANSITION_COMMENT_MAX)
    with transaction.atomic():
        locked = _lock_sheet(sheet, base_version, user)
        if not locked.round.is_open or locked.state not in spec.sources:
            raise TransitionNotAllowed()
        if spec.needs_complete_sheet:
            missing = missing_required(locked)
            if missing:
                raise ValidationFailed(
                    _("Answer every required question first: %(n)d are not answered yet.")
                    % {"n": len(missing)},
                    details={q.code: [_("Required.")] for q in missing})
        now = timezone.now()
        _transition(locked, spec.target, user, comment)
        fields = ["state", "version", "updated_at"]
        locked.version = F("version") + 1
        if spec.name in SUBMITTING:
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


# What happened and what to do next; never the reasons themselves (they stay in the app).
TRANSITION_MESSAGES = {
    "request_approval": (
        gettext_lazy("[Kokken follow-up] A sheet awaits your approval"),
        gettext_lazy("Approval was requested for the sheet for “%(round)s”. Check it, then "
                     "submit it to the ministry or send it back to the editor.")),
    "request_approval_unchanged": (
        gettext_lazy("[Kokken follow-up] A returned sheet awaits your approval"),
        gettext_lazy("Approval was requested, without changes, for the returned sheet for "
                     "“%(round)s”. Read the note, then resubmit it or send it back.")),
    "send_back": (
        gettext_lazy("[Kokken follow-up] The approver sent the sheet back"),
        gettext_lazy("The approver sent the sheet for “%(round)s” back. Read the note on the "
                     "sheet, correct it and request approval again.")),
    "submit": (
        gettext_lazy("[Kokken follow-up] A sheet was submitted"),
        gettext_lazy("%(agency)s submitted its sheet for “%(round)s”. Review it, then accept "
                     "it or return it.")),
    "resubmit_unchanged": (
        gettext_lazy("[Kokken follow-up] A returned sheet was resubmitted"),
        gettext_lazy("%(agency)s resubmitted its sheet for “%(round)s” without changes. Read "
                     "its note and the replies, then accept it or return it.")),
    "return": (
        gettext_lazy("[Kokken follow-up] Your sheet was returned"),
        gettext_lazy("The sheet for “%(round)s” was returned. Read the reason on the sheet, "
                     "reply to the comments and resubmit it.")),
    "accept": (
        gettext_lazy("[Kokken follow-up] Your sheet was accepted"),
        gettext_lazy("The sheet for “%(round)s” was accepted. Nothing more is needed.")),
}


def _notify_transition(sheet: Sheet, spec: Action) -> None:
    params = {"round": sheet.round.title_ja, "agency": sheet.agency.short_name_ja}
    subject, body = TRANSITION_MESSAGES[spec.name]
    subject, body = str(subject), str(body) % params
    if spec.name in ("request_approval", "request_approval_unchanged"):
        _notify_agency(sheet, roles=(Role.AGENCY_APPROVER,), subject=subject, body=body)
    elif spec.name in SUBMITTING:
        _notify_reviewers(sheet, subject=subject, body=body)
    elif spec.name == "send_back":
        _notify_agency(sheet, roles=(Role.AGENCY_EDITOR,), subject=subject, body=body)
    else:
        _notify_agency(sheet, roles=(Role.AGENCY_EDITOR, Role.AGENCY_APPROVER), subject=subject,
                       body=body)


def not_asked_message(question: Question) -> str:
    """Why an agency may not answer a question the agreement does not ask of it."""
    return _("This question is asked only of %(audience)s.") % {
        "audience": question.get_applies_to_display()}


def missing_required(sheet: Sheet) -> list[Question]:
    """Required questions that show (given the answers) and have no answer."""
    from .selectors import missing_questions

    questions = list(Question.objects.filter(questionnaire_id=sheet.round.questionnaire_id)
                     .select_related("show_if_question").order_by("order"))
    answers = {a.question_id: a for a in Answer.objects.filter(sheet=sheet)
               .prefetch_related("evidence")}
    return missing_questions(questions, answers, agency=sheet.agency)


def snapshot_data(sheet: Sheet) -> dict:
    """Exactly what the sheet says now: question code → value, text and label."""
    questions = Question.objects.filter(questionnaire_id=sheet.round.questionnaire_id) \
        .select_related("show_if_question").prefetch_related("options").order_by("order")
    answers = {a.question_id: a for a in Answer.objects.filter(sheet=sheet)
               .prefetch_related("evidence")}
    current = {q.pk: values.get(answers.get(q.pk), q) for q in questions}
    data = {}
    for q in questions:
        if not values.is_visible(q, current, agency=sheet.agency):
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


def comment_reply(*, comment: ReviewComment, user: User, text: str,
                  resolve: bool | None = None) -> CommentReply | None:
    """Reply in a comment's thread (the agency or a reviewer), and/or mark it resolved.

    ``resolve``: True marks the comment 対応済み, False reopens it, None leaves it. The
    other side is told there is a reply; the text itself stays in the app.
    """
    sheet = comment.sheet
    access.check_any(user, (Perm.EDIT, Perm.REVIEW), sheet.agency_id)
    text = (text or "").strip()
    if not text and resolve is None:
        raise ValidationFailed(details={"text": [_("Write a reply.")]})
    if not sheet.round.is_open:
        raise TransitionNotAllowed(_("The round is not open: its comments are closed."))
    reply = None
    with transaction.atomic():
        if text:
            reply = CommentReply.objects.create(comment=comment, author=user, text=text)
        if resolve is not None and resolve != comment.is_resolved:
            comment.resolved_at = timezone.now() if resolve else None
            comment.resolved_by = user if resolve else None
            comment.save(update_fields=["resolved_at", "resolved_by"])
        if reply is not None:
            params = {"round": sheet.round.title_ja, "agency": sheet.agency.short_name_ja}
            if access.can(user, Perm.REVIEW, sheet.agency_id):
                _notify_agency(sheet, roles=(Role.AGENCY_EDITOR, Role.AGENCY_APPROVER),
                               subject=_("[Kokken follow-up] The reviewer replied to a comment"),
                               body=_("The reviewer replied in a comment thread on the sheet for "
                                      "“%(round)s”. Read it on the sheet.") % params)
            else:
                _notify_reviewers(sheet,
                                  subject=_("[Kokken follow-up] An agency replied to a comment"),
                                  body=_("%(agency)s replied to a comment on its sheet for "
                                         "“%(round)s”. Read it on the sheet.") % params)
    return reply


# --- Evidence files ---------------------------------------------------------------------

def evidence_add(*, sheet: Sheet, user: User, question: Question, upload,
                 content_type: str) -> Evidence:
    """Attach a (validated) uploaded file to the answer of an evidence question."""
    access.check(user, Perm.EDIT, sheet.agency_id)
    if question.questionnaire_id != sheet.round.questionnaire_id or \
            question.kind != Question.Kind.EVIDENCE:
        raise ValidationFailed(details={"file": [_("This question does not take files.")]})
    if not question.applies_to_agency(sheet.agency):
        raise ValidationFailed(details={"file": [not_asked_message(question)]})
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


# --- Government-side actions ---------------------------------------------------------

@transaction.atomic
def government_action_save(*, user: User, item, fiscal_year: int, values: dict,
                           agencies=(), evidence_file=None):
    """Record what the user's ministry (or the CSTI secretariat) did on a government-side
    item in a fiscal year. The agencies concerned must be ones the user may see."""
    from .models import AgreementItem, GovernmentAction

    ministry = access.government_actor(user)
    if item.side != AgreementItem.Side.GOVERNMENT:
        raise ValidationFailed(details={"item": [_("This item is not a government-side item.")]})
    agencies = list(agencies)
    allowed = set(access.agencies(user).values_list("pk", flat=True))
    if any(a.pk not in allowed for a in agencies):
        raise ValidationFailed(details={"agencies": [
            _("Choose only agencies your ministry supervises.")]})
    action = (GovernmentAction.objects.select_for_update(of=("self",))
              .filter(item=item, ministry=ministry, fiscal_year=fiscal_year).first()
              or GovernmentAction(item=item, ministry=ministry, fiscal_year=fiscal_year))
    for name, value in values.items():
        setattr(action, name, value)
    if evidence_file is not None:
        action.evidence_file = evidence_file
    action.updated_by = user
    action.full_clean(exclude=["evidence_file"])
    action.save()
    action.agencies.set(agencies)
    return action


def plan_reflection_save(*, user: User, agency: Agency, fiscal_year: int, values: dict):
    """I-G1: record how the agreement is reflected in the agency's 中長期目標・計画."""
    from .models import PlanReflection

    access.check(user, Perm.REVIEW, agency)
    if values.get("period_start") and values.get("period_end") \
            and values["period_end"] < values["period_start"]:
        raise ValidationFailed(details={"period_end": [
            _("The last fiscal year of the plan period must not be before the first.")]})
    reflection, _created = PlanReflection.objects.update_or_create(
        agency=agency, fiscal_year=fiscal_year, defaults={**values, "updated_by": user})
    return reflection
