"""PDF reports of a round: the data they show, their renderers and their jobs.

Three parts, each with one entry point:

* ``report_data(round, agencies) -> ReportData`` — the read side: shares of
  agencies per outcome for every choice question, year on year, and (when
  asked) each agency's outcome. The counts come from ``agreements.aggregation``
  (the aggregate page's figures); the renderers see only ``ReportData``.
* ``REPORTS[kind].render(job) -> (filename, mimetype, bytes)`` — one renderer
  per kind (annual / agency / ministry), all through ``kokken.pdf.render_pdf``.
* ``report_request(...)`` and ``report_generate(job=)`` — the job's workflow:
  queue (on commit), run, replace the file atomically, record failures.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import connections, transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from kokken import access, dispatch, pdf, wareki
from kokken.models import Agency, Ministry, User
from kokken.selectors import population

from . import aggregation, charts
from . import answers as values
from .contrib import registry
from .models import (
    Answer,
    Evidence,
    Question,
    ReportJob,
    ReviewComment,
    Round,
    Sheet,
    Transition,
)

logger = logging.getLogger(__name__)

CHART_KINDS = (Question.Kind.SINGLE, Question.Kind.YES_NO, Question.Kind.MULTIPLE)
ANNEX_KINDS = (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT, Question.Kind.DATE)
HISTORY_YEARS = 4  # earlier rounds shown beside the current one
# A job running longer than this is taken for dead when its page is polled.
STALE_RUNNING = timedelta(seconds=settings.REPORT_STALE_SECONDS)
STALE_QUEUED = timedelta(seconds=settings.REPORT_STALE_QUEUED_SECONDS)
Basis = aggregation.Basis


# --- Data -------------------------------------------------------------------------

@dataclass
class Outcome:
    """One answer a question can end in (for a two-part question: parent or child option).

    Count and share come from ``agreements.aggregation`` (the one definition of the figures).
    """

    key: tuple[str, str]          # (question code, option code)
    label: str
    count: int = 0
    share: float = 0.0            # of n
    agencies: list[Agency] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.key[1]

    @property
    def percent(self) -> str:
        return aggregation.percent_label(self.share)

    @property
    def is_no_answer(self) -> bool:
        return self.code == aggregation.NO_ANSWER


@dataclass
class YearResult:
    fiscal_year: int
    agg: aggregation.QuestionAggregate
    outcomes: list[Outcome]       # the aggregate's rows: options, then 無回答 when any

    @property
    def total(self) -> int:
        """n: the sheets the question applied to."""
        return self.agg.n

    @property
    def unanswered(self) -> int:
        return self.agg.no_answer

    @property
    def not_applicable(self) -> int:
        return self.agg.not_applicable


@dataclass
class QuestionResult:
    question: Question
    parts: list[Question]         # the question and the questions refining it
    current: YearResult
    history: list[YearResult]     # earlier rounds sharing the question code, oldest first
    not_applicable_agencies: list[Agency] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.question.code

    @property
    def combined(self) -> bool:
        return len(self.parts) > 1

    @property
    def multiple(self) -> bool:
        return self.question.kind == Question.Kind.MULTIPLE

    def share(self, outcome: Outcome) -> str:
        return outcome.percent

    def chart(self) -> str:
        """The question's chart as the PDF draws it (patterns drawn out: charts.for_print)."""
        return charts.for_print(charts.distribution_chart(
            [(wareki.fiscal_year_label(y.fiscal_year), y.agg) for y in [*self.history, self.current]],
            title=f"{self.code} {self.question.text}"))


@dataclass
class NumberResult:
    """A numeric question: count, total, mean, median, range; earlier years' means beside."""

    question: Question
    current: aggregation.NumberStats | None
    history: list[tuple[int, aggregation.NumberStats | None]]  # (fiscal year, stats), oldest first
    agg: aggregation.QuestionAggregate | None = None

    @property
    def code(self) -> str:
        return self.question.code


@dataclass
class AnnexEntry:
    agency: Agency | None         # None when the annex is anonymous
    text: str


@dataclass
class AnnexQuestion:
    """A free-text (or date) question's answers, for the annex; evidence: the count only."""

    question: Question
    agg: aggregation.QuestionAggregate
    entries: list[AnnexEntry]

    @property
    def code(self) -> str:
        return self.question.code


@dataclass
class ReportData:
    round: Round
    agencies: list[Agency]                 # the agencies the report is about
    submitted: list[Agency]                # of those, the ones whose sheets count
    questions: list[QuestionResult]
    per_agency: dict[int, dict[str, list[Outcome]]] | None  # agency id → code → outcomes
    numbers: list[NumberResult] = field(default_factory=list)
    annex: list[AnnexQuestion] = field(default_factory=list)
    others: list[aggregation.QuestionAggregate] = field(default_factory=list)  # evidence
    basis: Basis = Basis.ACCEPTED
    chapters: set[str] = field(default_factory=set)  # chapters the questionnaire covers

    @property
    def not_submitted(self) -> list[Agency]:
        done = {a.pk for a in self.submitted}
        return [a for a in self.agencies if a.pk not in done]


def _year(fiscal_year: int, agg: aggregation.QuestionAggregate) -> YearResult:
    """One round's outcomes of a question, keyed by the question that offers each option."""
    child = agg.refined_by
    child_codes = {o.code for o in child.options.all()} if child else set()
    outcomes = [Outcome((child.code if child and o.code in child_codes else agg.code, o.code),
                        o.label, o.count, o.share) for o in agg.rows]
    return YearResult(fiscal_year, agg, outcomes)


def _applies(question: Question, given: dict[int, tuple[str, list]],
             by_id: dict[int, Question], agency: Agency) -> bool:
    """Whether ``question`` is asked of ``agency`` and its answers lead to it (the same rule
    as the aggregates)."""
    if not question.applies_to_agency(agency):
        return False
    node = question
    while node is not None and node.show_if_question_id is not None:
        choice = given.get(node.show_if_question_id, ("", []))[0]
        if choice not in node.show_if_values:
            return False
        node = by_id.get(node.show_if_question_id)
    return True


def _per_agency(sheets, results: list[QuestionResult], by_id: dict[int, Question],
                by_agency: dict[int, Agency]) -> dict[int, dict[str, list[Outcome]]]:
    """Each counted agency's outcomes per question; 非該当 agencies listed apart (one query)."""
    given: dict[int, dict[int, tuple[str, list]]] = defaultdict(dict)
    for agency_id, question_id, choice, choices in (
            Answer.objects.filter(sheet__in=sheets, question__kind__in=CHART_KINDS)
            .values_list("sheet__agency_id", "question_id", "choice", "choices")):
        given[agency_id][question_id] = (choice, choices or [])
    counted = list(sheets.values_list("agency_id", flat=True))
    result: dict[int, dict[str, list[Outcome]]] = defaultdict(dict)
    for r in results:
        q = r.question
        child = r.parts[1] if r.combined else None
        index = {o.key: o for o in r.current.outcomes}
        no_answer = index.get((q.code, aggregation.NO_ANSWER))
        for agency_id in counted:
            answers = given.get(agency_id, {})
            agency = by_agency[agency_id]
            choice, choices = answers.get(q.pk, ("", []))
            # 「該当しない」 answered (v1's SEC-03) is 非該当, as in the aggregates.
            if not _applies(q, answers, by_id, agency) or choice == aggregation.NOT_APPLICABLE:
                r.not_applicable_agencies.append(agency)
                continue
            if q.kind == Question.Kind.MULTIPLE:
                keys = [(q.code, c) for c in choices]
            elif not choice:
                keys = []
            elif child is not None and choice in child.show_if_values:
                child_choice = answers.get(child.pk, ("", []))[0]
                keys = [(child.code, child_choice) if child_choice
                        else (q.code, aggregation.NO_DETAIL)]
            else:
                keys = [(q.code, choice)]
            chosen = [index[k] for k in keys if k in index]
            if not chosen and no_answer is not None:
                chosen = [no_answer]
            for outcome in chosen:
                outcome.agencies.append(agency)
            result[agency_id][q.code] = chosen
        for outcome in r.current.outcomes:
            outcome.agencies.sort(key=lambda a: a.abbr)
        r.not_applicable_agencies.sort(key=lambda a: a.abbr)
    return dict(result)


def _annex(sheets, annex: list[AnnexQuestion], questions: list[Question],
           by_agency: dict[int, Agency], name_agencies: bool) -> None:
    """Fill the annex with the counted, applicable free-text and date answers (one query)."""
    by_question = {a.question.pk: a for a in annex}
    if not by_question:
        return
    answers = (Answer.objects.filter(sheet__in=sheets, question_id__in=list(by_question))
               .filter(aggregation.visible_answers(questions))
               .values_list("question_id", "sheet__agency_id", "text", "date"))
    rows = sorted(answers, key=lambda r: (by_agency[r[1]].code, r[0]))
    for question_id, agency_id, text, date in rows:
        value = wareki.date_label(date) if date else (text or "").strip()
        if value:
            by_question[question_id].entries.append(
                AnnexEntry(by_agency[agency_id] if name_agencies else None, value))


def report_data(round: Round, agencies: Iterable[Agency], *,
                per_agency: bool | None = None, basis: str | None = None,
                name_agencies: bool = False) -> ReportData:
    """The figures of every question of ``round``, year on year, on ``basis``.

    Counts come from ``agreements.aggregation`` (the same figures as the aggregate
    page). ``agencies``: the agencies the report covers (the caller has checked
    access). ``per_agency``: also name each agency's outcome; by default only for
    a published round. ``name_agencies``: name the agencies in the free-text annex.
    ``basis``: which sheets count; by default accepted ones for a published round.
    """
    basis = Basis(basis) if basis else Basis.default_for(round)
    agencies = list(agencies)
    ids = [a.pk for a in agencies]
    by_agency = {a.pk: a for a in agencies}
    per_agency = round.is_published if per_agency is None else per_agency

    _rounds, series = aggregation.year_on_year(
        round=round, agencies=Agency.objects.filter(pk__in=ids), basis=basis)
    results: list[QuestionResult] = []
    numbers: list[NumberResult] = []
    annex: list[AnnexQuestion] = []
    others: list[aggregation.QuestionAggregate] = []
    by_id: dict[int, Question] = {}
    for entries in series.values():
        current = [agg for r, agg in entries if r.pk == round.pk]
        if not current:
            continue
        agg = current[0]
        by_id[agg.question.pk] = agg.question
        if agg.refined_by:
            by_id[agg.refined_by.pk] = agg.refined_by
        kind = agg.question.kind
        if kind in Question.NUMBER_KINDS:
            numbers.append(NumberResult(agg.question, agg.numbers, [
                (r.fiscal_year, past.numbers) for r, past in entries
                if r.pk != round.pk and r.fiscal_year < round.fiscal_year][-HISTORY_YEARS:], agg))
        elif kind in ANNEX_KINDS:
            annex.append(AnnexQuestion(agg.question, agg, []))
        elif kind in CHART_KINDS:
            earlier: dict[int, YearResult] = {}
            for r, past in entries:  # oldest first; the latest round of a fiscal year wins
                if r.pk != round.pk and r.fiscal_year < round.fiscal_year:
                    earlier[r.fiscal_year] = _year(r.fiscal_year, past)
            history = [earlier[fy] for fy in sorted(earlier)][-HISTORY_YEARS:]
            parts = [agg.question] + ([agg.refined_by] if agg.refined_by else [])
            results.append(QuestionResult(agg.question, parts, _year(round.fiscal_year, agg),
                                          history))
        else:
            others.append(agg)
    order = lambda r: (r.question.order, r.question.pk)
    for items in (results, numbers, annex, others):
        items.sort(key=order)

    sheets = aggregation.counted_sheets([round], Agency.objects.filter(pk__in=ids), basis)
    submitted_ids = set(sheets.values_list("agency_id", flat=True))
    agency_outcomes = (_per_agency(sheets, results, by_id, by_agency) if per_agency else None)
    _annex(sheets, annex, list(by_id.values()), by_agency, name_agencies)
    chapters = set(round.questionnaire.sections.exclude(chapter="")
                   .values_list("chapter", flat=True))
    return ReportData(
        round=round,
        agencies=agencies,
        submitted=[a for a in agencies if a.pk in submitted_ids],
        questions=results,
        per_agency=agency_outcomes,
        numbers=numbers,
        annex=annex,
        others=others,
        basis=basis,
        chapters=chapters,
    )


# --- Renderers ---------------------------------------------------------------------

def _report_sections(round: Round, agencies, chapters: set[str]) -> list[dict]:
    """Sections chapter apps contribute (agreements/contrib.py), in their order.

    Only for the chapters the round's questionnaire covers: an integrity survey (II-4)
    gets no II-1 register appended.
    """
    return [{"section": s, "html": mark_safe(render_to_string(
                s.pdf_template, s.context(fiscal_year=round.fiscal_year, agencies=agencies)))}
            # chapter "": a section about the whole agreement (the government side).
            for s in registry.report_sections() if s.chapter in chapters
            or (not s.chapter and chapters)]


def annual_context(job: ReportJob) -> dict:
    round = job.round
    agencies = Agency.objects.filter(pk__in=round.targets.values("pk")).order_by("code")
    data = report_data(round, agencies, basis=job.basis, name_agencies=job.name_agencies)
    states = dict(Sheet.objects.filter(round=round).values_list("state").annotate(n=Count("id"))
                  .order_by())
    return {
        "title": _("Annual follow-up report"),
        "data": data,
        "state_counts": [(label, states.get(value, 0)) for value, label in Sheet.State.choices],
        "sections": _report_sections(round, agencies, data.chapters),
        "name_agencies": job.name_agencies,
        "population": population(agencies),
    }


def agency_context(job: ReportJob) -> dict:
    round, agency = job.round, job.agency
    sheet = Sheet.objects.filter(round=round, agency=agency).first()
    questions = list(round.questionnaire.questions.select_related("section", "show_if_question")
                     .prefetch_related("options").order_by("order", "id"))
    answers = {a.question_id: a for a in Answer.objects.filter(sheet=sheet)} if sheet else {}
    rows = []
    current = {q.pk: values.get(answers.get(q.pk), q) for q in questions}
    for q in questions:
        if not values.is_visible(q, current, agency=agency):
            continue  # not asked of the agency, or its answers did not lead to it
        answer = answers.get(q.pk)
        rows.append({"question": q, "section": q.section, "answer": answer,
                     "display": display_answer(q, answer)})
    evidence = (Evidence.objects.filter(answer__sheet=sheet).select_related("answer__question")
                if sheet else [])
    comments = (ReviewComment.objects.filter(sheet=sheet).select_related("question", "author")
                if sheet else [])
    transitions = Transition.objects.filter(sheet=sheet).select_related("by") if sheet else []
    return {
        "title": _("Agency report"),
        "agency": agency,
        "sheet": sheet,
        "rows": rows,
        "evidence": evidence,
        "comments": comments,
        "transitions": transitions,
    }


def ministry_context(job: ReportJob) -> dict:
    round, ministry = job.round, job.ministry
    agencies = list(Agency.objects.filter(pk__in=round.targets.values("pk"), ministries=ministry)
                    .order_by("abbr"))
    data = report_data(round, agencies, per_agency=True, basis=job.basis)
    matrix = [{"result": result,
               "cells": ["、".join(o.label for o in data.per_agency.get(a.pk, {}).get(result.code, []))
                         for a in agencies]}
              for result in data.questions]
    return {"title": _("Ministry report"), "ministry": ministry, "data": data,
            "agencies": agencies, "matrix": matrix}


def display_answer(question: Question, answer: Answer | None) -> str:
    """The answer as text, in the question's kind (choices by their labels)."""
    if answer is None:
        return ""
    labels = {o.code: o.label for o in question.options.all()}
    kind = question.kind
    if kind in (Question.Kind.SINGLE, Question.Kind.YES_NO):
        return labels.get(answer.choice, answer.choice)
    if kind == Question.Kind.MULTIPLE:
        return "、".join(labels.get(c, c) for c in answer.choices)
    if kind in Question.NUMBER_KINDS:
        if answer.number is None:
            return ""
        text = f"{answer.number.normalize():f}"
        return f"{text}%" if kind == Question.Kind.PERCENT else text
    if kind == Question.Kind.DATE:
        return wareki.date_label(answer.date)
    if kind == Question.Kind.EVIDENCE:
        return ""
    return answer.text


@dataclass(frozen=True)
class PdfReport:
    """An exporter's one shape: identifier, label, ``render() -> (filename, mimetype, bytes)``."""

    identifier: str
    label: object
    template: str
    context: Callable[[ReportJob], dict]

    def filename(self, job: ReportJob) -> str:
        subject = job.agency.abbr if job.agency else (job.ministry.code if job.ministry else "")
        parts = [wareki.fiscal_year_label(job.round.fiscal_year), str(self.label), subject]
        return "_".join(p for p in parts if p).replace(" ", "_") + ".pdf"

    def render(self, job: ReportJob,
               progress: Callable[[int], None] = lambda p: None) -> tuple[str, str, bytes]:
        with translation.override(job.language or "ja"):
            context = self.context(job)
            context.setdefault("round", job.round)
            context.setdefault("generated_at", timezone.localdate())
            progress(40)
            content = pdf.render_pdf(self.template, context)
            progress(90)
            return self.filename(job), "application/pdf", content


REPORTS: dict[str, PdfReport] = {
    r.identifier: r for r in (
        PdfReport(ReportJob.Kind.ANNUAL, gettext_lazy("Annual follow-up report"),
                  "pdf/annual_report.html", annual_context),
        PdfReport(ReportJob.Kind.AGENCY, gettext_lazy("Agency report"),
                  "pdf/agency_report.html", agency_context),
        PdfReport(ReportJob.Kind.MINISTRY, gettext_lazy("Ministry report"),
                  "pdf/ministry_report.html", ministry_context),
    )
}


# --- Jobs --------------------------------------------------------------------------

def _reason(ja: str, en: str, detail: str = "") -> str:
    """Failure reasons are stored in both languages: the worker knows no reader."""
    return f"{ja}\n{en}" + (f"\n({detail[:500]})" if detail else "")


def report_request(*, user: User, kind: str, round: Round, agency: Agency | None = None,
                   ministry: Ministry | None = None, basis: str | None = None,
                   name_agencies: bool = False) -> ReportJob:
    """Queue (re)generation of a report; a job already queued or running is returned as is.

    ``basis``: which sheets the figures count (annual report: accepted ones unless asked;
    others: the round's default). ``name_agencies``: name agencies in the free-text annex.
    The work runs outside the request (``_dispatch``), so this returns at once.
    """
    if not access.may_request_report(user, kind=kind, agency=agency, ministry=ministry):
        raise PermissionDenied
    default = Basis.ACCEPTED if kind == ReportJob.Kind.ANNUAL else Basis.default_for(round)
    options = {"basis": Basis.parse(basis, default).value,
               "name_agencies": bool(name_agencies) and kind == ReportJob.Kind.ANNUAL}
    with transaction.atomic():
        job, created = ReportJob.objects.select_for_update().get_or_create(
            kind=kind, round=round, agency=agency, ministry=ministry,
            defaults={"requested_by": user, "language": _language(), **options},
        )
        if not created:
            report_expire_stale(job)
            if job.is_active:
                return job
            job.status = ReportJob.Status.QUEUED
            job.progress = 0
            job.error = ""
            job.requested_by = user
            job.requested_at = timezone.now()
            job.started_at = job.finished_at = None
            job.language = _language()
            job.basis, job.name_agencies = options["basis"], options["name_agencies"]
            job.save()
        transaction.on_commit(lambda: _dispatch(job.pk))
    return job


def _dispatch(job_id: int) -> None:
    """Run the job where settings.REPORT_RUNNER says (see kokken/settings.py).

    Without a broker the job runs in a background thread of this process, so the request
    returns at once and the page polls the progress. A thread that dies with its process
    leaves the job running; ``report_expire_stale`` then ends it as failed, with the reason.
    """
    runner = settings.REPORT_RUNNER
    if runner == "celery":
        _send(job_id)
    elif runner == "thread":
        threading.Thread(target=_run_in_thread, args=(job_id,), name=f"report-job-{job_id}",
                         daemon=True).start()
    else:
        report_generate_by_id(job_id)


# Shown while a job waits for the task queue to come back; the sweeper resends such jobs.
QUEUE_DOWN = (
    "処理キューに接続できないため、生成は待機中です。復旧すると自動的に始まります。",
    "The task queue cannot be reached: generation is waiting and starts by itself once "
    "it is back.")


def waits_for_queue(job: ReportJob) -> bool:
    return job.status == ReportJob.Status.QUEUED and job.error == _reason(*QUEUE_DOWN)


def _send(job_id: int) -> bool:
    """Queue the job's Celery task; when the broker is down, say so on the job and keep
    it queued for ``report_jobs_sweep``."""
    from .tasks import generate_report

    sent = dispatch.send(generate_report, job_id)
    if not sent:
        ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.QUEUED).update(
            error=_reason(*QUEUE_DOWN))
    return sent


def report_jobs_sweep(*, now=None) -> dict[str, int]:
    """Sweeper (celery beat): a job whose worker died is marked failed with the reason;
    a job that waited for the task queue is sent again."""
    failed = resent = 0
    for job in ReportJob.objects.filter(status__in=(ReportJob.Status.QUEUED,
                                                    ReportJob.Status.RUNNING)):
        if report_expire_stale(job, now=now):
            failed += 1
        elif waits_for_queue(job) and settings.REPORT_RUNNER == "celery":
            ReportJob.objects.filter(pk=job.pk, status=ReportJob.Status.QUEUED).update(error="")
            resent += _send(job.pk)
    return {"failed": failed, "resent": resent}


def _run_in_thread(job_id: int) -> None:
    try:
        report_generate_by_id(job_id)
    except BaseException as exc:  # report_generate records its own failures; this is the rest
        logger.exception("Report job %s failed in its thread", job_id)
        ReportJob.objects.filter(pk=job_id, status__in=[ReportJob.Status.QUEUED,
                                                        ReportJob.Status.RUNNING]).update(
            status=ReportJob.Status.FAILED, finished_at=timezone.now(), error=_reason(
                "レポートの生成処理が途中で停止しました。もう一度生成してください。",
                "Report generation stopped unexpectedly. Please generate the report again.",
                f"{type(exc).__name__}: {exc}"))
    finally:
        connections.close_all()  # this thread's own connections


def report_generate_by_id(job_id: int) -> str | None:
    """Load a job by id and generate it (what the Celery task and the thread both run)."""
    job = (ReportJob.objects.select_related("round__questionnaire", "agency", "ministry")
           .filter(pk=job_id).first())
    if job is None:  # deleted meanwhile
        return None
    if job.status not in (ReportJob.Status.QUEUED, ReportJob.Status.RUNNING):
        # A second delivery of a finished job (the sweeper resent it, or a late redelivery
        # after the sweeper marked it failed): the job's state stands.
        return job.status
    return report_generate(job=job).status


def _language() -> str:
    return "en" if (get_language() or "ja").startswith("en") else "ja"


def _set(job: ReportJob, **fields) -> None:
    """Write status fields at once (visible to the polling page immediately)."""
    for name, value in fields.items():
        setattr(job, name, value)
    ReportJob.objects.filter(pk=job.pk).update(**fields)


def report_generate(*, job: ReportJob) -> ReportJob:
    """Render the job's report and atomically replace its file; record any failure.

    A failed run leaves the previous file in place and downloadable.
    """
    _set(job, status=ReportJob.Status.RUNNING, progress=5, started_at=timezone.now(), error="")
    report = REPORTS[job.kind]
    try:
        _filename, _mimetype, content = report.render(
            job, progress=lambda p: _set(job, progress=p))
        name = _replace_file(job, content)
    except pdf.MissingJapaneseFont as exc:
        _set(job, status=ReportJob.Status.FAILED, error=str(exc), finished_at=timezone.now())
        return job
    except Exception as exc:  # any failure: keep the old file, tell the user why
        logger.exception("Report job %s failed", job.pk)
        _set(job, status=ReportJob.Status.FAILED, finished_at=timezone.now(), error=_reason(
            "レポートを生成できませんでした。前回のファイルはそのまま残っています。",
            "The report could not be generated. The previous file is kept.",
            f"{type(exc).__name__}: {exc}"))
        return job
    _set(job, status=ReportJob.Status.DONE, progress=100, file=name, error="",
         finished_at=timezone.now())
    return job


def report_file_name(job: ReportJob) -> str:
    subject = job.agency.code if job.agency else (job.ministry.code if job.ministry else "")
    return f"reports/{job.round_id}/{job.kind}{'-' + subject if subject else ''}.pdf"


def _replace_file(job: ReportJob, content: bytes) -> str:
    """Write to a temporary file beside the target, then rename over it (atomic on POSIX)."""
    name = report_file_name(job)
    target = Path(default_storage.path(name))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o640)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return name


def report_expire_stale(job: ReportJob, *, now=None) -> bool:
    """Mark a job failed when its worker evidently died; True when it did."""
    now = now or timezone.now()
    if job.status == ReportJob.Status.RUNNING and job.started_at and \
            now - job.started_at > STALE_RUNNING:
        minutes = int(STALE_RUNNING.total_seconds() // 60)
        reason = _reason(
            f"{minutes}分以上たっても生成が終わりませんでした（処理が停止した可能性があります）。"
            "もう一度生成してください。",
            f"Generation did not finish within {minutes} minutes (the worker may have stopped). "
            "Please generate the report again.")
    elif job.status == ReportJob.Status.QUEUED and now - job.requested_at > STALE_QUEUED:
        minutes = int(STALE_QUEUED.total_seconds() // 60)
        reason = _reason(
            f"{minutes}分以上たっても生成が始まりませんでした（処理サーバーが動いていない可能性があります）。"
            "管理者に連絡してください。",
            f"Generation did not start within {minutes} minutes (no worker may be running). "
            "Please contact the administrator.")
    else:
        return False
    updated = ReportJob.objects.filter(pk=job.pk, status=job.status).update(
        status=ReportJob.Status.FAILED, error=reason, finished_at=now)
    if updated:
        job.status, job.error, job.finished_at = ReportJob.Status.FAILED, reason, now
    return bool(updated)
