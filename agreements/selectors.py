"""Named reads of the follow-up loop, shared by pages, API and exports."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from kokken import access
from kokken.access import Perm
from kokken.models import Agency, User

from . import answers as values
from .models import Answer, Question, ReviewComment, Round, Section, Sheet

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


def aggregate_agencies(user: User, round: Round) -> QuerySet[Agency]:
    if round.is_published:
        return Agency.objects.all()
    return access.agencies(user)


def filter_agencies(qs: QuerySet[Agency], *, ministry: str = "", designated: str = "",
                    funding: str = "") -> QuerySet[Agency]:
    if ministry:
        qs = qs.filter(ministries__code=ministry)
    if designated in {"1", "0"}:
        qs = qs.filter(designated=designated == "1")
    if funding in {"1", "0"}:
        qs = qs.filter(funding_agency=funding == "1")
    return qs.distinct()


# --- Progress ------------------------------------------------------------------------

def progress_by_sheet(sheets: QuerySet[Sheet], questionnaire_id: int) -> dict[int, int]:
    """Percent of required, unconditional questions answered, per sheet, in one query.

    Conditional questions are left out of the measure: whether they count depends on
    other answers, and the sheet page shows their state exactly.
    """
    base = Question.objects.filter(questionnaire_id=questionnaire_id, required=True,
                                   show_if_question__isnull=True).exclude(kind=Question.Kind.EVIDENCE)
    total = base.count()
    if not total:
        return {}
    answered = (Answer.objects.filter(sheet__in=sheets, question__in=base)
                .filter(~Q(choice="") | ~Q(text="") | Q(number__isnull=False)
                        | Q(date__isnull=False) | ~Q(choices=[]))
                .values("sheet_id").annotate(n=Count("id")).values_list("sheet_id", "n"))
    done = dict(answered)
    return {sheet_id: round(100 * done.get(sheet_id, 0) / total)
            for sheet_id in sheets.values_list("pk", flat=True)}


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
    """The same agency's sheet in the latest earlier round sharing question codes."""
    codes = Question.objects.filter(questionnaire_id=sheet.round.questionnaire_id).values("code")
    return (Sheet.objects.filter(agency_id=sheet.agency_id,
                                 round__fiscal_year__lt=sheet.round.fiscal_year,
                                 round__questionnaire__questions__code__in=codes)
            .select_related("round").order_by("-round__fiscal_year", "-round_id").first())


def sheet_sections(sheet: Sheet, *, with_previous: bool = True) -> list[SectionView]:
    """Everything the sheet page shows, in a fixed number of queries."""
    questions = list(Question.objects.filter(questionnaire_id=sheet.round.questionnaire_id)
                     .select_related("show_if_question", "section").prefetch_related("options")
                     .order_by("order"))
    answers = {a.question_id: a for a in Answer.objects.filter(sheet=sheet)
               .prefetch_related("evidence")}
    current = {q.pk: values.get(answers.get(q.pk), q) for q in questions}
    comments = defaultdict(list)
    for c in ReviewComment.objects.filter(sheet=sheet).select_related("author"):
        comments[c.question_id].append(c)
    previous: dict[str, tuple[object, str]] = {}
    before = previous_sheet(sheet) if with_previous else None
    if before is not None:
        for a in Answer.objects.filter(sheet=before).select_related("question").prefetch_related(
                "question__options"):
            labels = {o.code: o.label for o in a.question.options.all()}
            value = values.get(a, a.question)
            previous[a.question.code] = (value, values.display(a.question, value, labels))
    sections: dict[int, SectionView] = {}
    for q in questions:
        answer = answers.get(q.pk)
        options = list(q.options.all())
        labels = {o.code: o.label for o in options}
        value = current[q.pk]
        visible = values.is_visible(q, current)
        evidence = list(answer.evidence.all()) if answer is not None else []
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
    return sorted(sections.values(), key=lambda s: s.section.order)


def review_queue(user: User) -> QuerySet[Sheet]:
    """Sheets waiting for this reviewer (submitted by the agencies the ministry supervises)."""
    return (access.scope(Sheet.objects.all(), user, Perm.REVIEW)
            .filter(state=S.SUBMITTED, round__status=Round.Status.OPEN)
            .select_related("round", "agency").order_by("submitted_at"))


def sheets_of_round(user: User, round: Round) -> QuerySet[Sheet]:
    return (access.scope(Sheet.objects.filter(round=round), user)
            .select_related("agency").prefetch_related(
                Prefetch("agency__ministries")).order_by("agency__abbr"))
