"""The research-integrity figures of 図11 (agreement II-4 ⑤), from the integrity rounds.

Published figures count accepted sheets only (受理): a submitted sheet may still be
returned. Each figure states its population: the bodies the round targeted among
the agencies asked about (e.g. 「24 国研」), and how many of them were accepted.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements import aggregation
from agreements.contrib import IndicatorValue
from agreements.models import Round
from kokken import wareki
from kokken.models import Agency, AgencyKind
from kokken.records import record_of  # noqa: F401 (the chapter's records load with it)
from kokken.selectors import Population, population

from .models import REQUIRED_MEASURES as REQUIRED

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
    round = integrity_round(fiscal_year)
    if round is None:
        return _no_round(fiscal_year)
    return _figures([round], agencies)[round.pk]


def integrity_trend(*, until: int, agencies: QuerySet[Agency],
                    unpublished: QuerySet[Agency] | None = None) -> list[IntegrityYear]:
    """Q1–Q6 in every fiscal year with an integrity round up to ``until`` (FY2022 →
    FY2023 → …), oldest first, each year exactly as ``integrity_figures`` counts it
    (accepted sheets, the round's targets among the agencies counted).

    ``agencies``: the bodies a published round's figures count; ``unpublished``: those an
    unpublished round's count (the viewer's scope before publication; default: the same).
    A fixed number of queries, whatever the number of years, rounds or agencies.
    """
    latest: dict[int, Round] = {}
    for round in (Round.objects.filter(questionnaire__code=QUESTIONNAIRE, fiscal_year__lte=until)
                  .exclude(status=Round.Status.DRAFT).select_related("questionnaire")
                  .order_by("fiscal_year", "-created_at", "-pk")):
        latest.setdefault(round.fiscal_year, round)   # the year's latest, as integrity_round
    rounds = [latest[year] for year in sorted(latest)]
    published = [r for r in rounds if r.is_published]
    others = [r for r in rounds if not r.is_published]
    years = {}
    if published:
        years.update(_figures(published, agencies))
    if others:
        years.update(_figures(others, agencies if unpublished is None else unpublished))
    return [years[r.pk] for r in rounds]


def _no_round(fiscal_year: int) -> IntegrityYear:
    from .contrib import INTEGRITY

    return IntegrityYear(fiscal_year, None, None, figures=[
        IntegrityFigure(n, label, quoted, False, 0, 0) for n, label, quoted in INTEGRITY])


def _figures(rounds: list[Round], agencies: QuerySet[Agency]) -> dict[int, IntegrityYear]:
    """The IntegrityYear of each round over its targets among ``agencies``: one aggregate
    for every round (a fixed number of queries)."""
    from .contrib import INTEGRITY

    members: dict[int, dict[int, str]] = {r.pk: {} for r in rounds}
    for round_id, agency_id, kind in Round.targets.through.objects.filter(
            round_id__in=list(members), agency_id__in=agencies.values("pk")).values_list(
            "round_id", "agency_id", "agency__kind"):
        members[round_id][agency_id] = kind
    targeted = Agency.objects.filter(pk__in={pk for m in members.values() for pk in m})
    results = aggregation.aggregate(rounds=rounds, agencies=targeted,
                                    basis=aggregation.Basis.ACCEPTED)
    years = {}
    for round in rounds:
        kinds = members[round.pk]
        kokken = sum(1 for kind in kinds.values() if kind == AgencyKind.KOKKEN)
        who = Population(kokken=kokken, others=len(kinds) - kokken)
        result = results[round.pk]
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
        years[round.pk] = IntegrityYear(round.fiscal_year, round, who, accepted, figures)
    return years


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


# --- Registers -----------------------------------------------------------------------------

FIRST_YEAR = 2020
INCIDENT_SORTS = {
    "date": ("occurred_on", "id"),
    "subject": ("subject", "occurred_on", "id"),
    "status": ("status", "occurred_on", "id"),
}


def register_year(value, default: int) -> int:
    """The fiscal year a register page shows (?fy=), within the years it offers."""
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
REVIEW_SORTS = {
    "date": ("reviewed_on", "id"),
    "reviewer": ("reviewer", "reviewed_on", "id"),
    "follow_up": ("follow_up", "reviewed_on", "id"),
}
CONTROL_SORTS = {
    "measure": ("measure", "id"),
    "in_place": ("-in_place", "measure", "id"),
    "verified": ("verified_on", "measure", "id"),
}


def chapter_state(*, request, agency, fiscal_year: int) -> dict:
    """What the chapter page shows of the agency's year: which yearly records are entered
    (in ``records.RECORDS``' order), the checklist (every measure with the agency's line, or
    None) and the number of objective reviews. Kept in the cache under the II-4 registers'
    version (kokken/figures.py; the records, reviews and checklist lines are registers):
    no query once cached, seven after a change."""
    from kokken import figures

    from .models import Control, Measure, Review
    from .records import RECORDS

    def read() -> dict:
        lines = {c.measure: c for c in Control.objects.filter(agency=agency,
                                                              fiscal_year=fiscal_year)}
        return {"entered": [record.load(agency=agency, fiscal_year=fiscal_year) is not None
                            for record in RECORDS],
                "lines": lines,
                "reviews": Review.objects.filter(agency=agency, fiscal_year=fiscal_year).count()}

    state = figures.cached("security-chapter", (agency.pk, fiscal_year),
                           figures.registers_version(request, ["security"]), read)
    return {"entered": state["entered"], "reviews": state["reviews"],
            "checklist": [{"measure": code, "label": label, "line": state["lines"].get(code)}
                          for code, label in Measure.choices]}


# --- ④ Information security: coverage per measure and the penetration test ----------------

COVERAGE = "security.infosec_coverage"
COVERAGE_DESIGNATED = "security.infosec_coverage_designated"
PENTEST = "security.pentest"
CHALLENGES_KEY = "security.challenges"


def reference_date(fiscal_year: int, today: datetime.date | None = None) -> datetime.date:
    """The day a fiscal year's checklist figures describe: the year's last day, or today
    while the year runs."""
    today = today or timezone.localdate()
    return min(datetime.date(fiscal_year + 1, 3, 31), today)


def year_before(day: datetime.date) -> datetime.date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass
class MeasureRow:
    code: str
    label: object
    required: bool            # one of (ア)(イ)(ウ), asked of every agency
    count: int                # agencies of the population with the measure in place
    designated: int           # designated agencies with it in place
    total: int
    designated_total: int

    @property
    def share(self) -> float | None:
        return _share(self.count, self.total)

    @property
    def designated_share(self) -> float | None:
        return _share(self.designated, self.designated_total)


@dataclass
class AgencyLine:
    agency: Agency
    in_place: set[str]
    reported: bool
    pentest_on: datetime.date | None

    def has(self, code: str) -> bool:
        return code in self.in_place


@dataclass
class Coverage:
    """The information-security checklist of a fiscal year over a population: the one
    computation behind the coverage and penetration-test indicators, the overview page, the
    home panels, the PDF section and the Excel sheets. Two queries."""

    fiscal_year: int
    reference_date: datetime.date
    population: Population
    designated_total: int
    rows: list[MeasureRow]
    agencies: list[AgencyLine]

    @property
    def total(self) -> int:
        return len(self.agencies)

    @property
    def reported(self) -> int:
        return sum(1 for a in self.agencies if a.reported)

    def _all_required(self, lines) -> int:
        return sum(1 for a in lines if all(a.has(m) for m in REQUIRED))

    def _recent(self, lines) -> int:
        since = year_before(self.reference_date)
        return sum(1 for a in lines
                   if a.pentest_on is not None and since < a.pentest_on <= self.reference_date)

    def designated(self) -> list[AgencyLine]:
        return [a for a in self.agencies if a.agency.designated]

    @property
    def all_required(self) -> int:
        return self._all_required(self.agencies)

    @property
    def all_required_designated(self) -> int:
        return self._all_required(self.designated())

    @property
    def pentest_recent(self) -> int:
        return self._recent(self.agencies)

    @property
    def pentest_recent_designated(self) -> int:
        return self._recent(self.designated())


def coverage(*, fiscal_year: int, agencies, today: datetime.date | None = None) -> Coverage:
    """Which agencies of ``agencies`` have each measure in place in ``fiscal_year``'s checklist,
    and the date of their last penetration test. An agency without any checklist line for the
    year did not report: it stays in the population with nothing in place."""
    from .models import Control, Measure

    rows = (list(agencies) if isinstance(agencies, list)
            else list(agencies.order_by("code").only("pk", "code", "abbr", "name_ja", "name_en",
                                                    "short_name_ja", "kind", "designated")))
    lines = {a.pk: AgencyLine(a, set(), False, None) for a in rows}
    for agency_id, measure, in_place, tested_on in Control.objects.filter(
            fiscal_year=fiscal_year, agency_id__in=list(lines)).values_list(
            "agency_id", "measure", "in_place", "tested_on"):
        line = lines[agency_id]
        line.reported = True
        if in_place:
            line.in_place.add(measure)
        if measure == Measure.PENTEST and tested_on is not None:
            line.pentest_on = max(filter(None, [line.pentest_on, tested_on]))
    who = population(rows)
    designated_total = sum(1 for a in rows if a.designated)
    measure_rows = [MeasureRow(
        code, label, code in REQUIRED,
        sum(1 for a in lines.values() if code in a.in_place),
        sum(1 for a in lines.values() if a.agency.designated and code in a.in_place),
        len(rows), designated_total) for code, label in Measure.choices]
    return Coverage(fiscal_year, reference_date(fiscal_year, today), who, designated_total,
                    measure_rows, list(lines.values()))


def _coverage_value(cov: Coverage, *, designated: bool) -> IndicatorValue:
    lines = cov.designated() if designated else cov.agencies
    total = len(lines)
    numerator = cov._all_required(lines)
    per_agency = {a.agency.pk: 100.0 if all(a.has(m) for m in REQUIRED) else 0.0
                  for a in lines}
    breakdown = [(row.label, row.designated_share if designated else row.share)
                 for row in cov.rows]
    label = (_("%(n)s designated national R&D agencies") % {"n": total} if designated
             else cov.population.label)
    return IndicatorValue(_share(numerator, total), numerator, total, per_agency=per_agency,
                          breakdown=breakdown, population=label,
                          reference_date=cov.reference_date,
                          not_reported=sum(1 for a in lines if not a.reported))


def infosec_coverage(*, fiscal_year: int, agencies) -> IndicatorValue:
    """Share of the population with every measure of (ア)(イ)(ウ) in place; breakdown: the
    share with each measure (the five of (ア)(イ)(ウ) and 図9's examples)."""
    return _coverage_value(coverage(fiscal_year=fiscal_year, agencies=agencies),
                           designated=False)


def infosec_coverage_designated(*, fiscal_year: int, agencies) -> IndicatorValue:
    """The same, for the designated agencies (特定国立研究開発法人) of the population only:
    the agreement asks them to act first (line 491)."""
    return _coverage_value(coverage(fiscal_year=fiscal_year, agencies=agencies),
                           designated=True)


def pentest_share(*, fiscal_year: int, agencies) -> IndicatorValue:
    """Share of the population whose last penetration test lies in the 12 months up to the
    reference date (図9: 「年に1回以上侵入テストを実施」); breakdown: the designated
    agencies' share."""
    cov = coverage(fiscal_year=fiscal_year, agencies=agencies)
    since = year_before(cov.reference_date)
    per_agency = {a.agency.pk: 100.0 if a.pentest_on and since < a.pentest_on
                  <= cov.reference_date else 0.0 for a in cov.agencies}
    return IndicatorValue(
        _share(cov.pentest_recent, cov.total), cov.pentest_recent, cov.total,
        per_agency=per_agency,
        breakdown=[(_("Designated national R&D agencies"),
                    _share(cov.pentest_recent_designated, cov.designated_total))],
        population=cov.population.label, reference_date=cov.reference_date,
        not_reported=cov.total - cov.reported)


# --- 図12: challenges ranked by how many agencies report them ----------------------------

@dataclass
class ChallengeRow:
    code: str
    label: object
    count: int
    total: int

    @property
    def share(self) -> float | None:
        return _share(self.count, self.total)


@dataclass
class ChallengeRanking:
    fiscal_year: int
    population: Population
    reported: int
    rows: list[ChallengeRow]          # most reported first
    others: list[str]                 # the "other" texts, without the agency
    naming: int = 0                   # agencies naming at least one challenge

    @property
    def total(self) -> int:
        return self.population.total


def challenge_ranking(*, fiscal_year: int, agencies) -> ChallengeRanking:
    """図12's challenges counted over the population, most reported first (ties in 図12's
    order); agencies without a record did not report and count as naming none. Two queries."""
    from .models import CHALLENGES, Challenges

    rows = (list(agencies) if isinstance(agencies, list)
            else list(agencies.order_by().only("pk", "kind")))
    ids = [a.pk for a in rows]
    who = population(rows)
    names = [code for code, _label in CHALLENGES]
    records = list(Challenges.objects.filter(fiscal_year=fiscal_year, agency_id__in=ids)
                   .order_by("agency_id").values(*names, "other"))
    ranked = sorted(
        (ChallengeRow(code, label, sum(1 for r in records if r[code]), len(rows))
         for code, label in CHALLENGES),
        key=lambda row: -row.count)   # sorted() is stable: ties keep 図12's order
    others = [r["other"] for r in records if r["other"].strip()]
    naming = sum(1 for r in records if r["other"].strip() or any(r[n] for n in names))
    return ChallengeRanking(fiscal_year, who, len(records), ranked, others, naming)


def challenges_value(*, fiscal_year: int, agencies) -> IndicatorValue:
    """Share of the population naming at least one challenge; breakdown: each challenge's
    share, most reported first."""
    ranking = challenge_ranking(fiscal_year=fiscal_year, agencies=agencies)
    return IndicatorValue(_share(ranking.naming, ranking.total), ranking.naming, ranking.total,
                          breakdown=[(row.label, row.share) for row in ranking.rows],
                          population=ranking.population.label,
                          not_reported=ranking.total - ranking.reported)


# --- ② Export control: the year's totals over a population ------------------------------

@dataclass
class ExportTotals:
    reported: int
    rules: int
    deemed_export: int
    advisor: int
    screening: int
    classifications: int
    licences: int
    seminars: int


def export_control_totals(*, fiscal_year: int, agencies) -> ExportTotals:
    """Agencies with internal rules, a deemed-export procedure, the advisor dispatch used and
    partner screening; the year's classification determinations, licence applications and
    seminars summed. One query."""
    from django.db.models import Count, Q, Sum

    from .models import ExportControl

    ids = [a.pk for a in agencies] if isinstance(agencies, list) else agencies.values("pk")
    totals = ExportControl.objects.filter(fiscal_year=fiscal_year, agency_id__in=ids).aggregate(
        reported=Count("pk"), rules=Count("pk", filter=Q(rules=True)),
        deemed_export=Count("pk", filter=Q(deemed_export=True)),
        advisor=Count("pk", filter=Q(advisor=True)),
        screening=Count("pk", filter=Q(screening=True)),
        classifications=Sum("classifications", default=0),
        licences=Sum("licences", default=0), seminars=Sum("seminars", default=0))
    return ExportTotals(**totals)
