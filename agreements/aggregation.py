"""Aggregates of a round's answers, computed in the database.

A fixed number of queries whatever the number of agencies, questions or rounds:
one for the questions, one for sheet counts, one per kind of value. Only
sheets that were submitted (提出済 or 受理) count. A conditional question's
answer counts only while its condition holds (stale answers of hidden
questions are ignored). Two-part questions (a child with ``refines_parent``)
are combined into one set of outcomes, as 図11 of the agreement shows them.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Aggregate, Avg, Count, DecimalField, Exists, Max, Min, OuterRef, Q, QuerySet, Sum, TextField,
)
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from kokken.models import Agency

from .models import Answer, Question, Round, Sheet

COUNTED_STATES = (Sheet.State.SUBMITTED, Sheet.State.ACCEPTED)
K = Question.Kind


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
    share: float  # of the counted sheets, 0..1


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
    question: Question
    responses: int                       # counted sheets (the denominator)
    answered: int = 0
    outcomes: list[Outcome] = field(default_factory=list)
    numbers: NumberStats | None = None
    refined_by: Question | None = None   # the child of a two-part question, merged in here

    @property
    def code(self) -> str:
        return self.question.code


@dataclass
class RoundAggregate:
    round: Round
    targets: int
    responses: int
    questions: list[QuestionAggregate]

    def by_code(self) -> dict[str, QuestionAggregate]:
        return {q.code: q for q in self.questions}


def counted_sheets(rounds: list[Round], agencies: QuerySet[Agency]) -> QuerySet[Sheet]:
    return Sheet.objects.filter(round__in=rounds, state__in=COUNTED_STATES,
                                agency__in=agencies.values("pk"))


def _visible_answers(questions: list[Question]) -> Q:
    """Answers of unconditional questions, or of conditional ones whose conditions hold."""
    condition = Q(question__show_if_question__isnull=True)
    by_id = {q.pk: q for q in questions}
    for q in questions:
        if q.show_if_question_id is None:
            continue
        clause = Q(question=q)
        node = q
        while node is not None and node.show_if_question_id is not None:
            clause &= Exists(Answer.objects.filter(
                sheet=OuterRef("sheet"), question_id=node.show_if_question_id,
                choice__in=node.show_if_values))
            node = by_id.get(node.show_if_question_id)
        condition |= clause
    return condition


def aggregate(*, rounds: list[Round], agencies: QuerySet[Agency]) -> dict[int, RoundAggregate]:
    """Aggregates for each round, over the given agencies' submitted sheets."""
    if not rounds:
        return {}
    questionnaire_ids = {r.questionnaire_id for r in rounds}
    questions = list(Question.objects.filter(questionnaire_id__in=questionnaire_ids)
                     .prefetch_related("options").order_by("questionnaire_id", "order"))
    sheets = counted_sheets(rounds, agencies)
    responses = dict(sheets.values("round_id").annotate(n=Count("id")).values_list("round_id", "n"))
    targets = dict(Round.targets.through.objects.filter(round_id__in=[r.pk for r in rounds],
                                                        agency_id__in=agencies.values("pk"))
                   .values("round_id").annotate(n=Count("id")).values_list("round_id", "n"))
    answers = Answer.objects.filter(sheet__in=sheets).filter(_visible_answers(questions))

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
            agg = QuestionAggregate(question=q, responses=total)
            if q.kind in (K.SINGLE, K.YES_NO, K.MULTIPLE):
                counts = choice_counts.get(key, {})
                agg.answered = counts.pop("__answered__", sum(counts.values()))
                agg.outcomes = _outcomes(q, counts, total)
                child = refined.get(q.pk)
                if child is not None:
                    agg.refined_by = child
                    agg.outcomes = _refine(agg.outcomes, child,
                                           choice_counts.get((round.pk, child.pk), {}), total)
            elif q.kind in Question.NUMBER_KINDS:
                row = numbers.get(key)
                agg.answered = row["n"] if row else 0
                if row:
                    agg.numbers = NumberStats(row["n"], row["total"], _dec(row["mean"]),
                                              _dec(row.get("median")), row["minimum"], row["maximum"])
            elif q.kind == K.EVIDENCE:
                agg.answered = evidence_answered.get(key, 0)
            else:
                agg.answered = other_answered.get(key, 0)
            items.append(agg)
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


def _outcomes(question: Question, counts: dict[str, int], total: int) -> list[Outcome]:
    return [Outcome(o.code, o.label, counts.get(o.code, 0), _share(counts.get(o.code, 0), total))
            for o in question.options.all()]


def _refine(outcomes: list[Outcome], child: Question, child_counts: dict[str, int],
            total: int) -> list[Outcome]:
    """Replace the parent's trigger answers by the child's answers (実施/検討/未検討)."""
    triggers = set(child.show_if_values)
    kept = [o for o in outcomes if o.code not in triggers]
    triggered = sum(o.count for o in outcomes if o.code in triggers)
    refined = _outcomes(child, child_counts, total)
    rest = triggered - sum(o.count for o in refined)
    if rest > 0:
        refined.append(Outcome("__no_detail__", _("No detail given"), rest, _share(rest, total)))
    return kept + refined


def previous_rounds(round: Round) -> list[Round]:
    """Earlier rounds whose questionnaire shares question codes with this one (year on year)."""
    codes = Question.objects.filter(questionnaire_id=round.questionnaire_id).values("code")
    return list(Round.objects.filter(fiscal_year__lt=round.fiscal_year,
                                     questionnaire__questions__code__in=codes)
                .exclude(status=Round.Status.DRAFT).distinct().order_by("fiscal_year"))


def year_on_year(*, round: Round, agencies: QuerySet[Agency]
                 ) -> tuple[list[Round], dict[str, list[tuple[Round, QuestionAggregate]]]]:
    """For each question code of ``round``: its aggregate in every round that asked it."""
    rounds = previous_rounds(round) + [round]
    results = aggregate(rounds=rounds, agencies=agencies)
    series: dict[str, list[tuple[Round, QuestionAggregate]]] = defaultdict(list)
    for r in rounds:
        for agg in results[r.pk].questions:
            series[agg.code].append((r, agg))
    return rounds, series
