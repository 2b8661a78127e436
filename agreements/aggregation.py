"""Aggregates of a round's answers, computed in the database: the one definition of every figure.

A fixed number of queries whatever the number of agencies, questions or rounds:
one for the questions, one for sheet counts, one per kind of value. The
*basis* says which sheets count: accepted ones only (受理, the published
figures) or submitted and accepted ones (提出済・受理, the working view).

``distribution()`` turns the counts of one question into its figures; the
aggregate page (chart and table), the PDF reports and the Excel export all read
them, so they cannot disagree:

* ``n`` (``applicable``): the counted sheets the question applied to. For a
  question asked of some agencies only (``Question.applies_to``: SEC-03 of the
  designated agencies of the round's fiscal year), only their sheets; for a conditional
  question, only those whose answers led to it; never the sheets that answered the
  option coded ``na`` (「該当しない」, v1's SEC-03). The others are 非該当 (not
  applicable), reported apart from 無回答 (applicable, unanswered).
* shares are of ``n``. Single choice: the outcomes and 無回答 add up to 100%.
  Multiple choice: each option's share of respondents, so the total may exceed 100%.

A conditional question's answer counts only while its condition holds (stale
answers of hidden questions are ignored). Two-part questions (a child with
``refines_parent``) are combined into one set of outcomes, as 図11 of the
agreement shows them.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    DecimalField,
    Exists,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    TextChoices,
    TextField,
)
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kokken.models import Agency, designation_in

from .models import Answer, Question, Round, Sheet

K = Question.Kind
NO_ANSWER = "__no_answer__"
NO_DETAIL = "__no_detail__"
# The option a body chooses to say the question does not apply to it: only v1's SEC-03
# (「特定国立研究開発法人に該当しない」; v1 is locked). Its answers count as 非該当, outside n,
# so v1 and v2 (which asks SEC-03 of the designated agencies only) give the same n.
NOT_APPLICABLE = "na"


class Basis(TextChoices):
    """Which sheets a figure counts."""

    ACCEPTED = "accepted", gettext_lazy("Accepted sheets only")
    SUBMITTED = "submitted", gettext_lazy("Submitted and accepted sheets")

    @property
    def states(self) -> tuple[str, ...]:
        if self == Basis.ACCEPTED:
            return (Sheet.State.ACCEPTED,)
        return (Sheet.State.SUBMITTED, Sheet.State.ACCEPTED)

    @classmethod
    def parse(cls, value: str | None, default: Basis) -> Basis:
        """A basis from a request parameter; anything unknown falls back to ``default``."""
        try:
            return cls(value)
        except ValueError:
            return default

    @classmethod
    def default_for(cls, round: Round) -> Basis:
        """Published figures count accepted sheets; a round in progress shows the working view."""
        return cls.ACCEPTED if round.is_published else cls.SUBMITTED


# Kept for callers that ask which states the working view counts.
COUNTED_STATES = Basis.SUBMITTED.states


class Median(Aggregate):
    """PostgreSQL's PERCENTILE_CONT(0.5); other databases fall back (see ``_medians``)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DecimalField(max_digits=18, decimal_places=4)


@dataclass
class Outcome:
    code: str
    label: str
    count: int
    share: float  # of n (the sheets the question applied to), 0..1

    @property
    def percent(self) -> str:
        """The share as every output writes it: 50%, 33.3%."""
        return percent_label(self.share)


def percent_label(share: float) -> str:
    value = round(100 * share, 1)
    return f"{value:.0f}%" if value == int(value) else f"{value:.1f}%"


@dataclass
class NumberStats:
    count: int
    total: Decimal | None
    mean: Decimal | None
    median: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None


@dataclass
class QuestionAggregate:
    """One question's distribution in one round (see the module docstring)."""

    question: Question
    responses: int                       # counted sheets
    applicable: int = 0                  # n: of those, the sheets the question applied to
    answered: int = 0                    # of n, the sheets that answered
    outcomes: list[Outcome] = field(default_factory=list)
    numbers: NumberStats | None = None
    refined_by: Question | None = None   # the child of a two-part question, merged in here

    @property
    def code(self) -> str:
        return self.question.code

    @property
    def n(self) -> int:
        return self.applicable

    @property
    def multiple(self) -> bool:
        return self.question.kind == K.MULTIPLE

    @property
    def is_choice(self) -> bool:
        return self.question.kind in Question.CHOICE_KINDS

    @property
    def not_applicable(self) -> int:
        """非該当: counted sheets whose answers did not lead to this question."""
        return self.responses - self.applicable

    @property
    def no_answer(self) -> int:
        """無回答: the question applied, but was left blank."""
        return max(self.applicable - self.answered, 0)

    @property
    def no_answer_share(self) -> float:
        return _share(self.no_answer, self.applicable)

    @property
    def rows(self) -> list[Outcome]:
        """The outcomes, then 無回答 when any: what every table and chart shows."""
        if not self.no_answer:
            return list(self.outcomes)
        return [*self.outcomes, Outcome(NO_ANSWER, _("No answer"), self.no_answer,
                                        self.no_answer_share)]


@dataclass
class RoundAggregate:
    round: Round
    targets: int
    responses: int
    questions: list[QuestionAggregate]

    def by_code(self) -> dict[str, QuestionAggregate]:
        return {q.code: q for q in self.questions}


def counted_sheets(rounds: list[Round], agencies: QuerySet[Agency],
                   basis: Basis = Basis.SUBMITTED) -> QuerySet[Sheet]:
    return Sheet.objects.filter(round__in=rounds, state__in=Basis(basis).states,
                                agency__in=agencies.values("pk"))


def _condition_holds(question: Question, by_id: dict[int, Question], sheet_ref: str) -> Q:
    """The question's condition (and its parents' conditions) hold for the sheet ``sheet_ref``."""
    clause = Q()
    node = question
    while node is not None and node.show_if_question_id is not None:
        clause &= Exists(Answer.objects.filter(
            sheet=OuterRef(sheet_ref), question_id=node.show_if_question_id,
            choice__in=node.show_if_values))
        node = by_id.get(node.show_if_question_id)
    return clause


def _narrowed(question: Question) -> bool:
    """Whether some counted sheets may not reach the question: a condition, or asked of some
    agencies only (``applies_to``)."""
    return question.show_if_question_id is not None or bool(question.applies_to)


def _asked_of(question: Question, sheet: str, years: set[int] | None) -> Q:
    """Sheets (reached by ``sheet``) whose agency the question is asked of. A question for
    the designated agencies counts those designated in the sheet's fiscal year
    (``Agency.designated_from``), when the fiscal years are known."""
    agency = f"{sheet}__agency" if sheet else "agency"
    if question.applies_to != Question.Audience.DESIGNATED or not years:
        return question.applicable_agencies(agency)
    fiscal_year = f"{sheet}__round__fiscal_year" if sheet else "round__fiscal_year"
    condition = Q()
    for year in sorted(years):
        condition |= Q(**{fiscal_year: year}) & designation_in(year, agency)
    return condition


def visible_answers(questions: list[Question], years: set[int] | None = None) -> Q:
    """Answers of questions asked of every agency without condition, or of the others
    where the sheet's agency is asked the question and its conditions hold. ``years``:
    the rounds' fiscal years, so that a designation counts in the years it held."""
    condition = Q(question__show_if_question__isnull=True, question__applies_to="")
    by_id = {q.pk: q for q in questions}
    for q in questions:
        if _narrowed(q):
            condition |= (Q(question=q) & _asked_of(q, "sheet", years)
                          & _condition_holds(q, by_id, "sheet"))
    return condition


def _applicable(sheets: QuerySet[Sheet], questions: list[Question],
                years: set[int] | None = None) -> dict[tuple[int, int], int]:
    """(round id, question id) → counted sheets a narrowed question applied to (one query):
    those of the agencies it is asked of whose answers led to it."""
    by_id = {q.pk: q for q in questions}
    conditional = [q for q in questions if _narrowed(q)]
    if not conditional:
        return {}
    counts = {f"c{q.pk}": Count("id", filter=_asked_of(q, "", years)
                                & _condition_holds(q, by_id, "pk")) for q in conditional}
    result = {}
    for row in sheets.values("round_id").annotate(**counts):
        for q in conditional:
            result[(row["round_id"], q.pk)] = row[f"c{q.pk}"]
    return result


def aggregate(*, rounds: list[Round], agencies: QuerySet[Agency],
              basis: Basis = Basis.SUBMITTED) -> dict[int, RoundAggregate]:
    """Aggregates for each round, over the given agencies' sheets counted on ``basis``."""
    if not rounds:
        return {}
    questionnaire_ids = {r.questionnaire_id for r in rounds}
    questions = list(Question.objects.filter(questionnaire_id__in=questionnaire_ids)
                     .prefetch_related("options").order_by("questionnaire_id", "order"))
    sheets = counted_sheets(rounds, agencies, basis)
    responses = dict(sheets.values("round_id").annotate(n=Count("id")).values_list("round_id", "n"))
    years = {r.fiscal_year for r in rounds}
    applicable = _applicable(sheets, questions, years) if responses else {}
    targets = dict(Round.targets.through.objects.filter(round_id__in=[r.pk for r in rounds],
                                                        agency_id__in=agencies.values("pk"))
                   .values("round_id").annotate(n=Count("id")).values_list("round_id", "n"))
    answers = Answer.objects.filter(sheet__in=sheets).filter(visible_answers(questions, years))

    choice_counts: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for round_id, question_id, choice, n in (
            answers.filter(question__kind__in=[K.SINGLE, K.YES_NO]).exclude(choice="")
            .values("sheet__round_id", "question_id", "choice").annotate(n=Count("id"))
            .values_list("sheet__round_id", "question_id", "choice", "n")):
        choice_counts[(round_id, question_id)][choice] = n

    multi = [q for q in questions if q.kind == K.MULTIPLE]
    if multi:
        text = answers.filter(question__kind=K.MULTIPLE).annotate(
            choices_text=Cast("choices", TextField()))
        aggregates = {}
        for q in multi:
            aggregates[f"q{q.pk}_answered"] = Count("id", filter=Q(question=q) & ~Q(choices_text="[]"))
            for o in q.options.all():
                aggregates[f"q{q.pk}_{o.pk}"] = Count(
                    "id", filter=Q(question=q, choices_text__contains=f'"{o.code}"'))
        for row in text.values("sheet__round_id").annotate(**aggregates):
            for q in multi:
                key = (row["sheet__round_id"], q.pk)
                choice_counts[key] = {o.code: row[f"q{q.pk}_{o.pk}"] for o in q.options.all()}
                choice_counts[key]["__answered__"] = row[f"q{q.pk}_answered"]

    number_rows = answers.filter(question__kind__in=list(Question.NUMBER_KINDS),
                                 number__isnull=False).values("sheet__round_id", "question_id")
    stats_aggregates = {"n": Count("id"), "total": Sum("number"), "mean": Avg("number"),
                        "minimum": Min("number"), "maximum": Max("number")}
    if connection.vendor == "postgresql":
        stats_aggregates["median"] = Median("number")
    numbers = {(r["sheet__round_id"], r["question_id"]): r
               for r in number_rows.annotate(**stats_aggregates)}
    if connection.vendor != "postgresql" and numbers:
        for key, median in _medians(number_rows).items():
            numbers[key]["median"] = median

    other_answered = dict(
        ((r, q), n) for r, q, n in
        answers.filter(question__kind__in=[K.DATE, K.SHORT_TEXT, K.LONG_TEXT])
        .exclude(text="", date__isnull=True)
        .values("sheet__round_id", "question_id").annotate(n=Count("id"))
        .values_list("sheet__round_id", "question_id", "n"))
    evidence_answered = dict(
        ((r, q), n) for r, q, n in
        answers.filter(question__kind=K.EVIDENCE, evidence__isnull=False)
        .values("sheet__round_id", "question_id").annotate(n=Count("id", distinct=True))
        .values_list("sheet__round_id", "question_id", "n"))

    result = {}
    for round in rounds:
        total = responses.get(round.pk, 0)
        items = []
        refined = {q.show_if_question_id: q for q in questions
                   if q.questionnaire_id == round.questionnaire_id and q.refines_parent}
        for q in questions:
            if q.questionnaire_id != round.questionnaire_id or q.refines_parent:
                continue
            key = (round.pk, q.pk)
            n = applicable.get(key, 0) if _narrowed(q) else total
            stats = None
            if q.kind in Question.CHOICE_KINDS:
                counts = dict(choice_counts.get(key, {}))
                answered = counts.pop("__answered__", sum(counts.values()))
                # 「該当しない」 answered (v1's SEC-03): 非該当, outside n, as v2 has it.
                said_na = counts.pop(NOT_APPLICABLE, 0)
                n, answered = n - said_na, answered - said_na
            elif q.kind in Question.NUMBER_KINDS:
                row = numbers.get(key)
                answered = row["n"] if row else 0
                if row:
                    stats = NumberStats(row["n"], row["total"], _dec(row["mean"]),
                                        _dec(row.get("median")), row["minimum"], row["maximum"])
                counts = {}
            elif q.kind == K.EVIDENCE:
                answered, counts = evidence_answered.get(key, 0), {}
            else:
                answered, counts = other_answered.get(key, 0), {}
            child = refined.get(q.pk)
            items.append(distribution(
                q, counted=total, applicable=n, answered=answered, counts=counts, numbers=stats,
                child=child, child_counts=choice_counts.get((round.pk, child.pk), {})
                if child else None))
        result[round.pk] = RoundAggregate(round=round, targets=targets.get(round.pk, 0),
                                          responses=total, questions=items)
    return result


def _dec(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _medians(number_rows) -> dict[tuple[int, int], Decimal]:
    """Medians where the database has no PERCENTILE_CONT (SQLite): one ordered query."""
    grouped: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    for round_id, question_id, number in number_rows.values_list(
            "sheet__round_id", "question_id", "number").order_by("number"):
        grouped[(round_id, question_id)].append(number)
    return {key: statistics.median(nums) for key, nums in grouped.items()}


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0


def distribution(question: Question, *, counted: int, applicable: int, answered: int,
                 counts: dict[str, int], numbers: NumberStats | None = None,
                 child: Question | None = None,
                 child_counts: dict[str, int] | None = None) -> QuestionAggregate:
    """One question's figures from its counts: the single definition every output reads.

    ``counted``: sheets counted in the round; ``applicable`` (n): of those, the sheets the
    question applied to; ``answered``: of n, those that answered; ``counts``: option code →
    sheets choosing it. Shares are of n (for multiple choice, of respondents: the total may
    exceed 100%). ``child``: the question refining this one's answers (two-part questions).
    """
    agg = QuestionAggregate(question=question, responses=counted, applicable=applicable,
                            answered=answered, numbers=numbers)
    if question.kind in Question.CHOICE_KINDS:
        agg.outcomes = _outcomes(question, counts, applicable)
        if child is not None:
            agg.refined_by = child
            agg.outcomes = _refine(agg.outcomes, child, child_counts or {}, applicable)
    return agg


def _outcomes(question: Question, counts: dict[str, int], n: int) -> list[Outcome]:
    return [Outcome(o.code, o.label, counts.get(o.code, 0), _share(counts.get(o.code, 0), n))
            for o in question.options.all() if o.code != NOT_APPLICABLE]


def _refine(outcomes: list[Outcome], child: Question, child_counts: dict[str, int],
            n: int) -> list[Outcome]:
    """Replace the parent's trigger answers by the child's answers (実施/検討/未検討)."""
    triggers = set(child.show_if_values)
    kept = [o for o in outcomes if o.code not in triggers]
    triggered = sum(o.count for o in outcomes if o.code in triggers)
    refined = _outcomes(child, child_counts, n)
    rest = triggered - sum(o.count for o in refined)
    if rest > 0:
        refined.append(Outcome(NO_DETAIL, _("No detail given"), rest, _share(rest, n)))
    return kept + refined


def previous_rounds(round: Round) -> list[Round]:
    """Earlier rounds whose questionnaire shares question codes with this one (year on year)."""
    codes = Question.objects.filter(questionnaire_id=round.questionnaire_id).values("code")
    # A semi-join: joining every question of every earlier round and removing the duplicates
    # (DISTINCT over the rounds' columns) took 0.8–2.3 ms at ten years, this 0.1 ms.
    shares = Question.objects.filter(questionnaire_id=OuterRef("questionnaire_id"),
                                     code__in=codes)
    return list(Round.objects.filter(Exists(shares), fiscal_year__lt=round.fiscal_year)
                .exclude(status=Round.Status.DRAFT).order_by("fiscal_year"))


def year_on_year(*, round: Round, agencies: QuerySet[Agency], basis: Basis = Basis.SUBMITTED
                 ) -> tuple[list[Round], dict[str, list[tuple[Round, QuestionAggregate]]]]:
    """For each question code of ``round``: its aggregate in every round that asked it."""
    rounds = previous_rounds(round) + [round]
    results = aggregate(rounds=rounds, agencies=agencies, basis=basis)
    series: dict[str, list[tuple[Round, QuestionAggregate]]] = defaultdict(list)
    for r in rounds:
        for agg in results[r.pk].questions:
            series[agg.code].append((r, agg))
    return rounds, series
