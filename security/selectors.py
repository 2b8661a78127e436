"""The research-integrity figures of 図11 (agreement II-4 ⑤), from the integrity rounds.

Published figures count accepted sheets only (受理): a submitted sheet may still be
returned. Each figure states its population: the bodies the round targeted among
the agencies asked about (e.g. 「24 国研」), and how many of them were accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from agreements import aggregation
from agreements.contrib import IndicatorValue
from agreements.models import Round
from kokken import wareki
from kokken.models import Agency
from kokken.selectors import Population, population

QUESTIONNAIRE = "integrity"
QUESTIONS = (1, 2, 3, 4, 5, 6)
DONE, NOT_DONE, CONSIDERING, NOT_CONSIDERING = "done", "not_done", "considering", "not_considering"
OUTCOMES = (
    (DONE, _("Done (実施している／整備している)")),
    (CONSIDERING, _("Considering (検討している)")),
    (NOT_CONSIDERING, _("Not considering (検討していない)")),
    (aggregation.NO_DETAIL, _("Not done, no detail given")),
    (aggregation.NO_ANSWER, _("No answer")),
)
MAIN = {DONE, CONSIDERING, NOT_CONSIDERING}


def key(n: int) -> str:
    return f"security.integrity_q{n}"


def integrity_years() -> list[int]:
    """Fiscal years with an integrity round past its draft, newest first (one query)."""
    return sorted(set(Round.objects.filter(questionnaire__code=QUESTIONNAIRE)
                      .exclude(status=Round.Status.DRAFT).values_list("fiscal_year", flat=True)),
                  reverse=True)


def parse_year(value, years: list[int]) -> int:
    """The fiscal year asked for, else the latest with a round, else this one."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return years[0] if years else wareki.fiscal_year()
    return year if 1900 <= year <= 2200 else (years[0] if years else wareki.fiscal_year())


def integrity_round(fiscal_year: int) -> Round | None:
    """The integrity round of a fiscal year (the latest opened one)."""
    return (Round.objects.filter(fiscal_year=fiscal_year, questionnaire__code=QUESTIONNAIRE)
            .exclude(status=Round.Status.DRAFT).select_related("questionnaire")
            .order_by("-created_at", "-pk").first())


@dataclass
class IntegrityFigure:
    """One question (Q1–Q6) of 図11 in one fiscal year: the figure every output reads.

    ``counts``: accepted sheets per outcome: done (実施している／整備している), considering,
    not considering, no detail (not done, second part blank), no answer. Shares are of
    ``accepted`` (the accepted sheets of the targeted bodies). ``asked`` is False for a
    question the round did not ask (Q4–Q6 in FY2022): the figure is blank.
    """

    n: int
    label: object
    quoted: object                 # what the agreement says of the 国研 (FY2023)
    asked: bool
    accepted: int
    not_reported: int
    counts: dict[str, int] = field(default_factory=dict)

    def share(self, outcome: str) -> float | None:
        return _share(self.counts.get(outcome, 0), self.accepted) if self.asked else None

    @property
    def value(self) -> float | None:
        return self.share(DONE)

    @property
    def segments(self) -> list[tuple[str, object, int, float | None]]:
        """(code, label, count, share) for the chart and the tables, in 図11's order;
        no detail and no answer only when some sheet has them."""
        rows = [(code, label, self.counts.get(code, 0), self.share(code))
                for code, label in OUTCOMES]
        return [r for r in rows if r[0] in MAIN or r[2]]


@dataclass
class IntegrityYear:
    """The integrity figures of a fiscal year over the bodies a viewer may count."""

    fiscal_year: int
    round: Round | None
    population: Population | None
    accepted: int = 0
    figures: list[IntegrityFigure] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.round is None or self.population is None or not self.population.total


def integrity_figures(*, fiscal_year: int, agencies: QuerySet[Agency]) -> IntegrityYear:
    """Q1–Q6 of the fiscal year's integrity round over ``agencies``: the one computation
    behind the indicators, the page (chart and table), the PDF section and the Excel sheet.

    Counts come from ``agreements.aggregation`` on accepted sheets (the round aggregate's
    figures): the two parts of each question combine as 図11 shows them. The population
    is the round's targets among ``agencies``; targeted bodies whose sheet is not accepted
    are not reported. A fixed number of queries.
    """
    from .contrib import INTEGRITY

    round = integrity_round(fiscal_year)
    if round is None:
        return IntegrityYear(fiscal_year, None, None, figures=[
            IntegrityFigure(n, label, quoted, False, 0, 0) for n, label, quoted in INTEGRITY])
    targeted = agencies.filter(pk__in=round.targets.values("pk"))
    who = population(targeted)
    result = aggregation.aggregate(rounds=[round], agencies=targeted,
                                   basis=aggregation.Basis.ACCEPTED)[round.pk]
    by_code = result.by_code()
    accepted = result.responses
    figures = []
    for n, label, quoted in INTEGRITY:
        agg = by_code.get(f"INT-Q{n}-1")
        counts = {}
        if agg is not None:
            counts = {o.code: o.count for o in agg.rows}
            counts.pop(NOT_DONE, None)  # replaced by its second part (_refine)
        figures.append(IntegrityFigure(n, label, quoted, agg is not None, accepted,
                                       who.total - accepted, counts))
    return IntegrityYear(fiscal_year, round, who, accepted, figures)


def integrity_values(*, fiscal_year: int, agencies: QuerySet[Agency]) -> dict[str, IndicatorValue]:
    """Q1–Q6 as indicators: share of the accepted sheets answering 実施している／整備している.

    Breakdown: the three outcomes of 図11 (done; not done but considering; not
    considering) as shares of the accepted sheets. ``not_reported``: targeted
    bodies whose sheet is not accepted. A question the round did not ask is blank.
    """
    year = integrity_figures(fiscal_year=fiscal_year, agencies=agencies)
    label = year.population.label if year.population is not None else ""
    values = {}
    for f in year.figures:
        if year.round is None:
            values[key(f.n)] = IndicatorValue(None)
        elif not f.asked:
            values[key(f.n)] = IndicatorValue(None, population=label)
        else:
            values[key(f.n)] = IndicatorValue(
                f.value, f.counts.get(DONE, 0), f.accepted,
                breakdown=[(outcome, f.share(code)) for code, outcome in OUTCOMES[:3]],
                population=label, not_reported=f.not_reported)
    return values


def _share(numerator: int, denominator: int) -> float | None:
    return round(numerator * 100 / denominator, 1) if denominator else None


def _one(n: int):
    def compute(*, fiscal_year: int, agencies: QuerySet[Agency]) -> IndicatorValue:
        return integrity_values(fiscal_year=fiscal_year, agencies=agencies)[key(n)]

    compute.__name__ = key(n)
    return compute
