"""Named reads of the follow-up loop, shared by pages, API and exports."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from kokken import access, signed_in
from kokken.access import Perm
from kokken.models import Agency, Ministry, User

from . import answers as values
from .models import (
    Answer,
    Audience,
    CommentReply,
    Evidence,
    Option,
    Question,
    ReviewComment,
    Round,
    Section,
    Sheet,
)

S = Sheet.State


# --- Rounds -------------------------------------------------------------------------

def rounds_for(user: User) -> QuerySet[Round]:
    """Rounds a user may see: the secretariat all; others the non-draft rounds of their agencies."""
    qs = Round.objects.select_related("questionnaire")
    if access.can(user, Perm.MANAGE):
        return qs
    visible = access.agencies(user)
    return qs.exclude(status=Round.Status.DRAFT).filter(
        Exists(Round.targets.through.objects.filter(round_id=OuterRef("pk"),
                                                    agency_id__in=visible.values("pk"))))


def get_round(user: User, pk: int) -> Round:
    from django.http import Http404

    try:
        return rounds_for(user).get(pk=pk)
    except Round.DoesNotExist:
        raise Http404 from None


def round_for_aggregate(user: User, pk: int) -> Round:
    """The round whose aggregate ``user`` may read, or 404 (pages and API alike)."""
    from django.http import Http404

    round = rounds_for(user).filter(pk=pk).first() or Round.objects.select_related(
        "questionnaire").filter(pk=pk, status=Round.Status.PUBLISHED).first()
    if round is None or not may_see_aggregate(user, round):
        raise Http404
    return round


def may_see_aggregate(user: User, round: Round) -> bool:
    """Published aggregates are for every signed-in user; before that, the secretariat and
    reviewers (over their own agencies) only."""
    return access.may_see_aggregate(user, published=round.is_published)


# Replaced by every change of a round, its targets or a question (kokken/signed_in.py):
# what is read of the rounds themselves on every view of a matrix or an aggregate is kept
# under it (issue 18's seventh pass).
ROUNDS_TOKEN = "agreements:rounds-token"


def rounds_changed(sender=None, **kwargs) -> None:
    """``post_save``/``post_delete`` of a round or question, or a change of a round's targets
    (connected in ``AgreementsConfig``); called by the services that change a round's status
    with ``update()``."""
    signed_in.replace([ROUNDS_TOKEN])


def round_population(round: Round):
    """Who the round surveys, counted: 「24 国研」 or 「30 機関（国研 24・その他 6）」 (kept
    under the rounds' and organisations' tokens; one query when not kept)."""
    from kokken.selectors import population

    return signed_in.kept(f"agreements:population:{round.pk}",
                          [ROUNDS_TOKEN, signed_in.ORGS_TOKEN],
                          lambda: population(round.targets.all()))


def aggregate_agencies(user: User, round: Round) -> QuerySet[Agency]:
    if round.is_published:
        return Agency.objects.all()
    return access.agencies(user)


# --- Progress ------------------------------------------------------------------------

def progress_by_sheet(sheet_ids: Iterable[int], questionnaire_id: int) -> dict[int, int]:
    """Percent of required, unconditional questions answered, per sheet (the ids of sheets the
    caller has already read: the matrix's rows), in two queries.

    Conditional questions are left out of the measure: whether they count depends on
    other answers, and the sheet page shows their state exactly.
    """
    base = Question.objects.filter(questionnaire_id=questionnaire_id, required=True,
                                   show_if_question__isnull=True).exclude(kind=Question.Kind.EVIDENCE)
    total = base.count()
    if not total:
        return {}
    sheet_ids = list(sheet_ids)
    answered = (Answer.objects.filter(sheet_id__in=sheet_ids, question__in=base)
                .filter(~Q(choice="") | ~Q(text="") | Q(number__isnull=False)
                        | Q(date__isnull=False) | ~Q(choices=[]))
                .values("sheet_id").annotate(n=Count("id")).values_list("sheet_id", "n"))
    done = dict(answered)
    return {sheet_id: round(100 * done.get(sheet_id, 0) / total)
            for sheet_id in sheet_ids}


def state_counts(sheets: QuerySet[Sheet]) -> dict[str, int]:
    counts = dict(sheets.order_by().values("state").annotate(n=Count("id")).values_list("state", "n"))
    return {state: counts.get(state, 0) for state, _label in S.choices}


# --- One sheet -------------------------------------------------------------------------

@dataclass
class QuestionView:
    question: Question
    answer: Answer | None
    value: object
    display: str
    visible: bool
    options: list
    comments: list = field(default_factory=list)
    previous: object = None
    previous_display: str = ""
    previous_raw: str = ""      # what the copy button puts into the input
    evidence: list = field(default_factory=list)
    missing: bool = False


@dataclass
class SectionView:
    section: Section
    questions: list[QuestionView]
    # Comments on the whole sheet (question empty); only the first section carries them.
    sheet_comments: list = field(default_factory=list)

    @property
    def visible_questions(self) -> list[QuestionView]:
        return [q for q in self.questions if q.visible]

    @property
    def progress(self) -> int:
        required = [q for q in self.visible_questions if q.question.required]
        if not required:
            return 100
        return round(100 * sum(1 for q in required if not q.missing) / len(required))


def previous_sheet(sheet: Sheet) -> Sheet | None:
    """The same agency's sheet in the latest earlier round sharing question codes.

    Those rounds are :func:`earlier_rounds` (kept under the rounds' token): the sheet is
    then read by their ids. The query that found them itself (EXISTS over every earlier
    questionnaire's questions) was a fifth of a section page's CPU (issue 18's seventh pass).
    """
    ids = [r.pk for r in earlier_rounds(sheet.round)]
    if not ids:
        return None
    return (Sheet.objects.filter(round_id__in=ids, agency_id=sheet.agency_id)
            .select_related("round").order_by("-round__fiscal_year", "-round_id").first())


def earlier_rounds(round: Round) -> list[Round]:
    """The rounds before ``round`` that share question codes with it, oldest first
    (``aggregation.previous_rounds``), kept under the rounds' token."""
    from . import aggregation

    return signed_in.kept(f"agreements:previous-rounds:{round.pk}", [ROUNDS_TOKEN],
                          lambda: aggregation.previous_rounds(round))


def _options_by_question(**filters) -> dict[int, list[Option]]:
    """Options grouped by question in one query. (prefetch_related built a queryset per
    question, a third of the sheet page's time with the 78 questions of the full survey.)"""
    grouped: dict[int, list[Option]] = defaultdict(list)
    for o in Option.objects.filter(**filters).order_by("question_id", "order", "pk"):
        grouped[o.question_id].append(o)
    return grouped


_UNREAD = object()


def sheet_sections(sheet: Sheet, *, with_previous: bool = True,
                   before=_UNREAD) -> list[SectionView]:
    """Everything the sheet page shows, in a fixed number of queries (``before``: last
    year's sheet when the caller has read it already)."""
    questionnaire_id = sheet.round.questionnaire_id
    questions = list(Question.objects.filter(questionnaire_id=questionnaire_id)
                     .select_related("section").order_by("order"))
    # A condition points inside the same questionnaire: linked from these rows instead of
    # joined (the join built a second, wide Question instance per question).
    by_id = {q.pk: q for q in questions}
    for q in questions:
        if q.show_if_question_id in by_id:
            q.show_if_question = by_id[q.show_if_question_id]
    options_of = _options_by_question(question__questionnaire_id=questionnaire_id)
    answers = {a.question_id: a for a in Answer.objects.filter(sheet=sheet)}
    evidence_of: dict[int, list[Evidence]] = defaultdict(list)
    if any(q.kind == Question.Kind.EVIDENCE for q in questions):
        for e in Evidence.objects.filter(answer__sheet=sheet).order_by("uploaded_at", "pk"):
            evidence_of[e.answer_id].append(e)
    current = {q.pk: values.get(answers.get(q.pk), q) for q in questions}
    comments = defaultdict(list)
    for c in ReviewComment.objects.filter(sheet=sheet).select_related("author").prefetch_related(
            Prefetch("replies", queryset=CommentReply.objects.select_related("author"))):
        comments[c.question_id].append(c)
    previous: dict[str, tuple[object, str]] = {}
    if before is _UNREAD:
        before = previous_sheet(sheet) if with_previous else None
    if before is not None:
        earlier = list(Answer.objects.filter(sheet=before).select_related("question"))
        earlier_options = _options_by_question(question__questionnaire_id=before.round.questionnaire_id)
        for a in earlier:
            labels = {o.code: o.label for o in earlier_options.get(a.question_id, ())}
            value = values.get(a, a.question)
            previous[a.question.code] = (value, values.display(a.question, value, labels))
    sections: dict[int, SectionView] = {}
    for q in questions:
        if not q.applies_to_agency(sheet.agency):
            continue  # not asked of this agency: not on its sheet at all
        answer = answers.get(q.pk)
        options = options_of.get(q.pk, [])
        labels = {o.code: o.label for o in options}
        value = current[q.pk]
        visible = values.is_visible(q, current, agency=sheet.agency)
        evidence = evidence_of.get(answer.pk, []) if answer is not None else []
        empty = (not evidence) if q.kind == Question.Kind.EVIDENCE else values.empty(value)
        prev_value, prev_display = previous.get(q.code, (None, ""))
        prev_raw = ",".join(prev_value) if isinstance(prev_value, list) else \
            ("" if prev_value is None else str(values.to_json(q, prev_value)))
        view = QuestionView(
            question=q, answer=answer, value=value, display=values.display(q, value, labels),
            visible=visible, options=options, comments=comments.get(q.pk, []),
            previous=prev_value, previous_display=prev_display, previous_raw=prev_raw,
            evidence=evidence,
            missing=visible and q.required and empty)
        sections.setdefault(q.section_id, SectionView(q.section, [])).questions.append(view)
    result = sorted(sections.values(), key=lambda s: s.section.order)
    if result:
        result[0].sheet_comments = comments.get(None, [])
    return result


def sheet_level_comments(sections: list[SectionView]) -> list[ReviewComment]:
    """Comments on the whole sheet (a return's reason), as loaded by ``sheet_sections``."""
    return sections[0].sheet_comments if sections else []


@dataclass
class Notice:
    """What the top of a sheet says about its last hand-over: a return, a send-back, a note."""

    kind: str            # "returned" | "sent_back" | "agency_note"
    transition: object
    notes: list = field(default_factory=list)


def sheet_notice(transitions: list) -> Notice | None:
    """From the sheet's transitions (oldest first): the return or send-back still in force,
    or, once resubmitted, the agency's notes since the last return."""
    if not transitions:
        return None
    last_return = next((t for t in reversed(transitions) if t.to_state == S.RETURNED), None)
    last = transitions[-1]
    if last.from_state == S.AWAITING_APPROVAL and last.to_state == S.IN_PROGRESS and last.comment:
        return Notice("sent_back", last)
    if last_return is None:
        return None
    after = transitions[transitions.index(last_return) + 1:]
    if not any(t.to_state == S.SUBMITTED for t in after):
        return Notice("returned", last_return)
    notes = [t for t in after if t.comment and t.to_state in (S.AWAITING_APPROVAL, S.SUBMITTED)]
    if last.to_state == S.SUBMITTED and notes:
        return Notice("agency_note", last_return, notes)
    return None


def sheet_history(sheet: Sheet) -> tuple[list, list]:
    """The sheet's transitions (oldest first, with who made them) and its accepted
    snapshots (when and by whom, not each one's copy of every answer), as its page lists
    them. Both change only by a transition, which bumps the sheet's version, so they are
    kept in the cache under it: two queries less on every view of the sheet (issue 18's
    seventh pass). Usernames do not change in this product; a renamed one would show late."""
    from django.core.cache import cache

    from kokken.figures import code_version

    key = (f"sheet-history:{sheet.pk}:{sheet.version}:{sheet.updated_at.isoformat()}:"
           f"{code_version()}")
    value = cache.get(key)
    if value is None:
        value = (
            list(sheet.transitions.select_related("by").only(
                "sheet_id", "from_state", "to_state", "by_id", "at", "comment", "by__username")),
            list(sheet.snapshots.select_related("accepted_by").only(
                "sheet_id", "accepted_at", "accepted_by__username")),
        )
        cache.set(key, value, SHEET_ANSWERS_CACHE_SECONDS)
    return value


@dataclass(frozen=True)
class MissingAnswer:
    """A required question not answered yet, as the sheet page links to it."""

    code: str
    text: str
    section: str


SHEET_ANSWERS_CACHE_SECONDS = 24 * 60 * 60


def sheet_answers(*, sheet: Sheet, viewer: tuple, registers: tuple, render,
                  cached: bool = True) -> dict:
    """The sheet page's answer list: ``render(sections, missing)``'s HTML fragments
    (strings), the missing answers (:class:`MissingAnswer`) and the first section's code.

    Rendering 78 questions with their comments and related good practices was most of the
    sheet page's CPU (issue 18, finding 7). It changes only with the sheet and what is
    shown beside it, so it is cached under :func:`_sheet_key` (the sheet, its comments, the
    language), ``registers`` (the tracked registers' versions: the related good practices)
    and ``viewer``: the caller's flags that change the markup (e.g. may comment,
    may reply, may propose a practice). Nothing secret to one person may be in the
    fragments: ``render`` puts a placeholder where the CSRF token goes (:data:`CSRF_SLOT`).
    Two queries when cached (with ``cached=False``, rendered afresh and not kept).
    """
    from django.core.cache import cache

    key = _sheet_key("sheet-answers", sheet, registers, viewer)
    value = cache.get(key) if cached else None
    if value is None:
        sections = sheet_sections(sheet, with_previous=False)
        missing = [MissingAnswer(qv.question.code, qv.question.text, s.section.code)
                   for s in sections for qv in s.questions if qv.missing]
        value = {**render(sections, missing), "missing": missing,
                 "first_section": sections[0].section.code if sections else ""}
        if cached:
            cache.set(key, value, SHEET_ANSWERS_CACHE_SECONDS)
    return value


def _sheet_key(name: str, sheet: Sheet, *parts) -> str:
    """A cache key that changes with everything a sheet's pages show of it: the sheet (id,
    version and last change: every answer change, file and transition bumps the version),
    its round's status and questionnaire, the agency's flags (which questions apply), each
    comment's state (id, time, resolved, replies: comments do not bump the version, which
    guards answers), the language, the release (a new template is not served from the old
    one's entries) and the caller's ``parts``. One query (the comments)."""
    import hashlib

    from django.db.models import Max
    from django.utils.translation import get_language

    from kokken.figures import code_version

    comments = list(ReviewComment.objects.filter(sheet=sheet).order_by("pk").annotate(
        n_replies=Count("replies"), last_reply=Max("replies__created_at")).values_list(
        "pk", "created_at", "resolved_at", "n_replies", "last_reply"))
    agency = sheet.agency
    digest = hashlib.sha256(repr((
        sheet.pk, sheet.version, sheet.state, sheet.updated_at, sheet.round.status,
        sheet.round.questionnaire_id, agency.pk,
        [bool(getattr(agency, flag)) for flag in Audience.values if flag],
        comments, get_language(), code_version(), parts,
    )).encode()).hexdigest()
    return f"{name}:{sheet.pk}:{digest}"


def sheet_section_page(*, sheet: Sheet, section: str, registers: tuple, render) -> dict | None:
    """A section page as first shown (no form posted): ``render(sections, current)``'s
    strings, or None when the sheet has no such section.

    Its form (20 questions with their last-year answers, register values and related good
    practices) was most of the page's CPU; it depends only on the sheet, last year's sheet,
    the registers and the language (the page requires the right to edit the agency's sheet,
    so every viewer gets the same form), so it is cached like :func:`sheet_answers`, with
    last year's sheet (its version and last change) in the key. Three queries when cached
    (the comments', last year's sheet, the registers' state).
    """
    from django.core.cache import cache

    before = previous_sheet(sheet)
    key = _sheet_key("sheet-section", sheet, section, registers,
                     before and (before.pk, before.version, before.updated_at))
    value = cache.get(key)
    if value is None:
        sections = sheet_sections(sheet, before=before)
        current = next((s for s in sections if s.section.code == section), None)
        if current is None:
            return None
        value = render(sections, current)
        cache.set(key, value, SHEET_ANSWERS_CACHE_SECONDS)
    return value


# --- Missing answers and task lists ---------------------------------------------------------

def missing_questions(questions: list[Question], answers: dict[int, Answer], *,
                      agency: Agency) -> list[Question]:
    """Required questions that show on ``agency``'s sheet (given the answers) and have no
    answer.

    ``questions`` in order, with ``show_if_question`` loaded; ``answers`` by question id,
    with their evidence prefetched.
    """
    by_id = {q.pk: values.get(answers.get(q.pk), q) for q in questions}
    missing = []
    for q in questions:
        if not q.required or not values.is_visible(q, by_id, agency=agency):
            continue
        if q.kind == Question.Kind.EVIDENCE:
            answer = answers.get(q.pk)
            if answer is None or not answer.evidence.all():
                missing.append(q)
        elif values.empty(by_id[q.pk]):
            missing.append(q)
    return missing


def missing_counts(sheets: list[Sheet]) -> dict[int, int]:
    """How many required answers each sheet lacks, in three queries whatever the sheets
    (their ``round`` and ``agency`` loaded)."""
    if not sheets:
        return {}
    questions = defaultdict(list)
    for q in (Question.objects.filter(questionnaire_id__in={s.round.questionnaire_id for s in sheets})
              .select_related("show_if_question").order_by("order")):
        questions[q.questionnaire_id].append(q)
    answers: dict[int, dict[int, Answer]] = defaultdict(dict)
    for a in Answer.objects.filter(sheet__in=[s.pk for s in sheets]).prefetch_related("evidence"):
        answers[a.sheet_id][a.question_id] = a
    return {s.pk: len(missing_questions(questions[s.round.questionnaire_id], answers[s.pk],
                                        agency=s.agency))
            for s in sheets}


@dataclass
class SheetTasks:
    """What an agency user has to do on one open sheet (its home's task list)."""

    sheet: Sheet
    missing: int
    open_comments: int
    days_to_due: int
    can_approve: bool

    @property
    def returned(self) -> bool:
        return self.sheet.state == S.RETURNED

    @property
    def awaits_approval(self) -> bool:
        return self.sheet.state == S.AWAITING_APPROVAL and self.can_approve

    @property
    def overdue_days(self) -> int:
        return max(0, -self.days_to_due)

    @property
    def in_agency_hands(self) -> bool:
        return self.sheet.state not in (S.SUBMITTED, S.ACCEPTED)


def agency_tasks(user: User, agency: Agency, *, sheets: list[Sheet] | None = None
                 ) -> list[SheetTasks]:
    """The agency's open sheets with their tasks, in a fixed number of queries (5; 4 with
    ``sheets``, the agency's open sheets as read here, with ``open_comments``)."""
    if sheets is None:
        sheets = list(Sheet.objects.filter(agency=agency, round__status=Round.Status.OPEN)
                      .select_related("round", "agency").order_by("round__due_on")
                      .annotate(open_comments=Count("comments", filter=Q(
                          comments__resolved_at__isnull=True))))
    missing = missing_counts(sheets)
    can_approve = access.can(user, Perm.APPROVE, agency)
    return [SheetTasks(sheet=s, missing=missing[s.pk], open_comments=s.open_comments,
                       days_to_due=s.round.days_to_due(), can_approve=can_approve)
            for s in sheets]


NOT_SUBMITTED = (S.NOT_STARTED, S.IN_PROGRESS, S.AWAITING_APPROVAL, S.RETURNED)


def round_tasks(agencies: QuerySet[Agency]) -> list[Round]:
    """Open rounds with, over ``agencies``: not submitted, awaiting review, accepted (one query).

    A round past its due date counts its not-submitted sheets as overdue.
    """
    mine = Q(sheets__agency__in=agencies.values("pk"))
    rounds = list(Round.objects.filter(status=Round.Status.OPEN)
                  .annotate(total=Count("sheets", filter=mine),
                            not_submitted=Count("sheets", filter=mine & Q(
                                sheets__state__in=NOT_SUBMITTED)),
                            awaiting_review=Count("sheets", filter=mine & Q(
                                sheets__state=S.SUBMITTED)),
                            accepted=Count("sheets", filter=mine & Q(sheets__state=S.ACCEPTED)))
                  .filter(total__gt=0).order_by("due_on"))
    for r in rounds:
        r.days_left = r.days_to_due()
        r.days_past = max(0, -r.days_left)
        r.overdue = r.not_submitted if r.days_left < 0 else 0
    return rounds


def review_queue(user: User) -> QuerySet[Sheet]:
    """Sheets waiting for this reviewer (submitted by the agencies the ministry supervises)."""
    return (access.scope(Sheet.objects.all(), user, Perm.REVIEW)
            .filter(state=S.SUBMITTED, round__status=Round.Status.OPEN)
            .select_related("round", "agency").order_by("submitted_at"))


def sheets_of_round(user: User, round: Round) -> QuerySet[Sheet]:
    return (access.scope(Sheet.objects.filter(round=round), user)
            .select_related("agency").prefetch_related(
                Prefetch("agency__ministries")).order_by("agency__abbr"))


# --- The round's matrix ---------------------------------------------------------------------

MATRIX_CACHE_SECONDS = 24 * 60 * 60
# What a matrix row shows of its sheet and agency: the rows are read with these only.
MATRIX_FIELDS = ("agency", "state", "version", "updated_at", "agency__code",
                 "agency__abbr", "agency__short_name_ja", "agency__name_en")


def supervising_ministries(user: User, request=None) -> tuple[list[Ministry], dict[int, list]]:
    """The ministries supervising any agency ``user`` sees (the filter's choices, in their
    order) and each such agency's ministries, from the organisations kept in the cache
    (kokken/reference.py; one query of the agencies' ids unless the user sees them all)."""
    from kokken import reference

    orgs = reference.organisations(request)
    ids = list(orgs.supervisors if access.sees_every_agency(user)
               else access.agencies(user).values_list("pk", flat=True))
    return orgs.supervising(ids), {pk: orgs.ministries_of(pk) for pk in ids}


def matrix_rows(*, round: Round, rows: list[Sheet], ministries_of: dict[int, list],
                render) -> str:
    """The matrix's table rows: ``render(sheet)``'s HTML for each row, the sheet with its
    ``progress`` and its agency's ``ministries`` set.

    Rendering a row per agency with its progress (two queries over the answers) was most of
    the matrix's time (issue 18). A row's HTML depends only on what it shows, so each row is
    cached under exactly that: its sheet (id, state, version and last change: every answer
    change and transition bumps the version, so the progress moves with it), its agency's
    names and ministries, the round's questionnaire (which questions count), the language and
    the release. A row is kept per sheet, not per table: when a sheet changes (deadline day),
    only its row is made again, and a filtered view reuses the rows of the whole matrix. The
    rows come from the viewer's scoped, filtered queryset: a viewer is only ever given rows of
    sheets they may see. One cache read for all the rows; progress and rendering for the rows
    it lacks only.
    """
    import hashlib

    from django.core.cache import cache
    from django.utils.safestring import mark_safe
    from django.utils.translation import get_language

    from kokken.figures import code_version

    release = (round.questionnaire_id, get_language(), code_version())
    keys = {}
    for sheet in rows:
        sheet.ministries = ministries_of.get(sheet.agency_id, [])
        agency = sheet.agency
        digest = hashlib.sha256(repr((
            sheet.state, sheet.version, sheet.updated_at, sheet.agency_id, agency.code,
            agency.abbr, agency.short_name_ja, agency.name_en,
            [(m.pk, m.name_ja, m.name_en) for m in sheet.ministries], release,
        )).encode()).hexdigest()
        keys[sheet.pk] = f"matrix-row:{sheet.pk}:{digest}"
    found = cache.get_many(list(keys.values())) if rows else {}
    missing = [sheet for sheet in rows if keys[sheet.pk] not in found]
    if missing:
        progress = progress_by_sheet([sheet.pk for sheet in missing], round.questionnaire_id)
        made = {}
        for sheet in missing:
            sheet.progress = progress.get(sheet.pk, 0)
            made[keys[sheet.pk]] = render(sheet)
        cache.set_many(made, MATRIX_CACHE_SECONDS)
        found.update(made)
    return mark_safe("".join(found[keys[sheet.pk]] for sheet in rows))


# --- Government-side actions -----------------------------------------------------------

def government_items():
    """The government-side items of the agreement (15 in the 2024-03-29 agreement)."""
    from .models import AgreementItem

    return AgreementItem.objects.filter(side=AgreementItem.Side.GOVERNMENT).order_by("order")


def government_rows(*, user: User, fiscal_year: int, ministry) -> list[tuple]:
    """(item, action or None) for every government-side item, for one actor (two queries)."""
    from .models import GovernmentAction

    actions = {a.item_id: a for a in access.government_actions(
        user, GovernmentAction.objects.filter(fiscal_year=fiscal_year, ministry=ministry))
        .prefetch_related("agencies")}
    return [(item, actions.get(item.pk)) for item in government_items()]


def government_matrix(*, user: User, fiscal_year: int) -> dict:
    """Items × actors (the CSTI secretariat, then every ministry), for the secretariat."""
    from .models import GovernmentAction

    ministries = list(Ministry.objects.order_by("order"))
    cells = {(a.item_id, a.ministry_id): a for a in access.government_actions(
        user, GovernmentAction.objects.filter(fiscal_year=fiscal_year))}
    actors = [None, *ministries]
    return {"actors": actors, "rows": [
        (item, [cells.get((item.pk, m.pk if m else None)) for m in actors])
        for item in government_items()]}


# --- The aggregate page ---------------------------------------------------------------------

AGGREGATE_CACHE_SECONDS = 24 * 60 * 60


def aggregate_rounds(round: Round, *, all_years: bool = False) -> tuple[list[Round], int]:
    """The rounds the aggregate page compares, oldest first, ending with ``round``, and how
    many earlier fiscal years are left out. By default the last
    ``reports.HISTORY_YEARS`` fiscal years before it, as the annual report shows them (the
    page's size then stays the same however many years there are); ``all_years``: every
    earlier round that shares its questions."""
    from .reports import HISTORY_YEARS

    earlier = earlier_rounds(round)
    years = sorted({r.fiscal_year for r in earlier})
    shown = set(years if all_years else years[-HISTORY_YEARS:])
    return [r for r in earlier if r.fiscal_year in shown] + [round], len(years) - len(shown)


def aggregate_page(*, round: Round, rounds: list[Round], agencies: QuerySet[Agency], basis,
                   render=None) -> tuple[list[dict], str, int]:
    """The aggregate page's questions over ``rounds`` (:func:`aggregate_rounds`), year on
    year, each with its SVG chart, ``render(questions)`` (their HTML: the year-on-year
    tables cost more than the figures) and the number of sheets counted.

    Aggregating and drawing take most of the page's time (issue 18's profile) and change
    only when a sheet does: the result is cached under the sheets' versions (every answer
    change and transition bumps its sheet's version), the rounds' states, the agencies
    counted, the basis and the language, so a changed answer is a new key. Two queries
    when cached.

    The page shows the HTML and the count only: they are kept apart from the questions
    (thousands of pickled model instances at five years, which cost more to read back than
    the rest of the page), and the questions are read from the cache only when used
    (``questions`` is lazy: the tests and the API's callers read them).
    """
    import hashlib

    from django.core.cache import cache
    from django.db.models import Max, Sum
    from django.utils.functional import SimpleLazyObject
    from django.utils.translation import get_language

    from kokken.figures import code_version

    agency_ids = sorted(agencies.values_list("pk", flat=True))
    # Per state: how many sheets, their versions' sum and last change (one aggregate per
    # state instead of one filtered count per state: half the CPU to build).
    state = sorted(Sheet.objects.filter(round__in=[r.pk for r in rounds]).order_by()
                   .values_list("state").annotate(Count("pk"), Sum("version"),
                                                  Max("updated_at")))
    digest = hashlib.sha256(repr((
        [(r.pk, r.status, r.questionnaire_id) for r in rounds], agency_ids,
        state, str(basis), get_language(),
        # Model instances are pickled: a release that changes their fields starts afresh
        # (and one that changes the tables' templates: kokken.figures.code_version).
        [f.attname for f in Question._meta.concrete_fields], code_version(),
    )).encode()).hexdigest()
    page_key = f"aggregate-page:{round.pk}:{digest}"
    questions_key = f"aggregate-questions:{round.pk}:{digest}"

    def compute() -> list[dict]:
        return _aggregate_questions(round, rounds, Agency.objects.filter(pk__in=agency_ids),
                                    basis)

    page = cache.get(page_key)
    if page is None:
        questions = compute()
        page = (render(questions) if render else "",
                questions[0]["agg"].responses if questions else 0)
        cache.set_many({page_key: page, questions_key: questions}, AGGREGATE_CACHE_SECONDS)
        return questions, *page

    def cached_questions() -> list[dict]:
        questions = cache.get(questions_key)
        if questions is None:
            questions = compute()
            cache.set(questions_key, questions, AGGREGATE_CACHE_SECONDS)
        return questions

    return SimpleLazyObject(cached_questions), *page


def _aggregate_questions(round: Round, rounds: list[Round], agencies, basis) -> list[dict]:
    from . import aggregation

    results = aggregation.aggregate(rounds=rounds, agencies=agencies, basis=basis)
    series: dict[str, list] = defaultdict(list)
    for r in rounds:
        for agg in results[r.pk].questions:
            series[agg.code].append((r, agg))
    questions = []
    for entries in series.values():
        mine = [agg for r, agg in entries if r.pk == round.pk]
        if mine:
            questions.append({"agg": mine[0],
                              "earlier": [(r, agg) for r, agg in entries if r.pk != round.pk],
                              "chart": _chart(entries) if mine[0].outcomes else ""})
    questions.sort(key=lambda q: q["agg"].question.order)
    return questions


def _chart(entries) -> str:
    """The same chart as the PDF report, one row (or bar group) per fiscal year."""
    from kokken.wareki import fiscal_year_label

    from . import charts

    question = entries[-1][1].question
    return charts.distribution_chart([(fiscal_year_label(r.fiscal_year), agg) for r, agg in entries],
                                     title=f"{question.code} {question.text}")
