"""The research-integrity figures of 図11 (agreement II-4 ⑤), from the integrity rounds.

Published figures count accepted sheets only (受理): a submitted sheet may still be
returned. Each figure states its population: the bodies the round targeted among
the agencies asked about (e.g. 「24 国研」), and how many of them were accepted.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from agreements.contrib import IndicatorValue
from agreements.models import Answer, Question, Round, Sheet
from kokken.models import Agency
from kokken.selectors import population

QUESTIONNAIRE = "integrity"
QUESTIONS = (1, 2, 3, 4, 5, 6)
DONE, NOT_DONE, CONSIDERING, NOT_CONSIDERING = "done", "not_done", "considering", "not_considering"


def key(n: int) -> str:
    return f"security.integrity_q{n}"


def integrity_round(fiscal_year: int) -> Round | None:
    """The integrity round of a fiscal year (the latest opened one)."""
    return (Round.objects.filter(fiscal_year=fiscal_year, questionnaire__code=QUESTIONNAIRE)
            .exclude(status=Round.Status.DRAFT).select_related("questionnaire")
            .order_by("-created_at", "-pk").first())


def integrity_values(*, fiscal_year: int, agencies: QuerySet[Agency]) -> dict[str, IndicatorValue]:
    """Q1–Q6: share of the accepted sheets answering 実施している／整備している (five queries).

    Breakdown: the three outcomes of 図11 (done; not done but considering; not
    considering) as shares of the accepted sheets. ``not_reported``: targeted
    bodies whose sheet is not accepted. A question the round did not ask is blank.
    """
    round = integrity_round(fiscal_year)
    if round is None:
        return {key(n): IndicatorValue(None) for n in QUESTIONS}
    targeted = agencies.filter(pk__in=round.targets.values("pk"))
    who = population(targeted)
    asked = set(Question.objects.filter(questionnaire_id=round.questionnaire_id)
                .values_list("code", flat=True))
    accepted = Sheet.objects.filter(round=round, state=Sheet.State.ACCEPTED,
                                    agency__in=targeted.values("pk"))
    answers: dict[int, dict[str, str]] = {}
    for sheet_id, code, choice in Answer.objects.filter(
            sheet__in=accepted.values("pk"),
            question__code__in=[f"INT-Q{n}-{p}" for n in QUESTIONS for p in (1, 2)],
    ).values_list("sheet_id", "question__code", "choice"):
        answers.setdefault(sheet_id, {})[code] = choice
    total = accepted.count()
    values = {}
    for n in QUESTIONS:
        if f"INT-Q{n}-1" not in asked:
            values[key(n)] = IndicatorValue(None, population=who.label)
            continue
        outcomes = Counter()
        for given in answers.values():
            first = given.get(f"INT-Q{n}-1")
            if first == DONE:
                outcomes[DONE] += 1
            elif first == NOT_DONE:
                # The follow-up part counts only while the first part says "not done".
                outcomes[given.get(f"INT-Q{n}-2") or "unanswered"] += 1
        values[key(n)] = IndicatorValue(
            _share(outcomes[DONE], total), outcomes[DONE], total, breakdown=[
                (_("Done (実施している／整備している)"), _share(outcomes[DONE], total)),
                (_("Considering (検討している)"), _share(outcomes[CONSIDERING], total)),
                (_("Not considering (検討していない)"), _share(outcomes[NOT_CONSIDERING], total)),
            ], population=who.label, not_reported=who.total - total)
    return values


def _share(numerator: int, denominator: int) -> float | None:
    return round(numerator * 100 / denominator, 1) if denominator else None


def _one(n: int):
    def compute(*, fiscal_year: int, agencies: QuerySet[Agency]) -> IndicatorValue:
        return integrity_values(fiscal_year=fiscal_year, agencies=agencies)[key(n)]

    compute.__name__ = key(n)
    return compute


# --- Registers -----------------------------------------------------------------------------

FIRST_YEAR = 2020
INCIDENT_SORTS = {
    "date": ("occurred_on", "id"),
    "subject": ("subject", "occurred_on", "id"),
    "status": ("status", "occurred_on", "id"),
}


def parse_year(value, default: int) -> int:
    from kokken import wareki

    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if FIRST_YEAR <= year <= wareki.fiscal_year() + 1 else default


def year_choices(current: int | None = None) -> list[int]:
    from kokken import wareki

    this = wareki.fiscal_year()
    years = set(range(max(FIRST_YEAR, this - 4), this + 2))
    if current is not None:
        years.add(current)
    return sorted(years, reverse=True)
