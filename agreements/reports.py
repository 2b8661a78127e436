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
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from kokken import access, pdf, wareki
from kokken.access import Perm
from kokken.models import Agency, Ministry, User
from kokken.selectors import population

from . import aggregation, charts
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

# Only answers an agency has submitted count in a report; drafts may still change.
COUNTED_STATES = (Sheet.State.SUBMITTED, Sheet.State.ACCEPTED)
CHART_KINDS = (Question.Kind.SINGLE, Question.Kind.YES_NO)
HISTORY_YEARS = 4  # earlier rounds shown beside the current one
# A job running longer than this is taken for dead when its page is polled.
STALE_RUNNING = timedelta(seconds=settings.REPORT_STALE_SECONDS)
STALE_QUEUED = timedelta(seconds=settings.REPORT_STALE_QUEUED_SECONDS)


# --- Data -------------------------------------------------------------------------

@dataclass
class Outcome:
    """One answer a question can end in (for a two-part question: parent or child option)."""

    key: tuple[str, str]          # (question code, option code)
    label: str
    count: int = 0
    agencies: list[Agency] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.key[1]


@dataclass
class YearResult:
    fiscal_year: int
    total: int                    # sheets counted
    outcomes: list[Outcome]

    @property
    def unanswered(self) -> int:
        return self.total - sum(o.count for o in self.outcomes)


@dataclass
class QuestionResult:
    question: Question
    parts: list[Question]         # the question and the questions refining it
    current: YearResult
    history: list[YearResult]     # earlier rounds sharing the question code, oldest first

    @property
    def code(self) -> str:
        return self.question.code

    @property
    def combined(self) -> bool:
        return len(self.parts) > 1

    def share(self, outcome: Outcome) -> str:
        return charts.percent(outcome.count, self.current.total)

    def chart(self) -> str:
        rows = []
        for year in [*self.history, self.current]:
            segments = [{"label": o.label, "count": o.count} for o in year.outcomes]
            if year.unanswered:
                segments.append({"label": _("No answer"), "count": year.unanswered})
            rows.append({"label": wareki.fiscal_year_label(year.fiscal_year), "segments": segments})
        return charts.stacked_bar(rows, title=f"{self.code} {self.question.text}")


@dataclass
class NumberResult:
    """A numeric question: count, total, mean, median, range; earlier years' means beside."""

    question: Question
    current: aggregation.NumberStats | None
    history: list[tuple[int, aggregation.NumberStats | None]]  # (fiscal year, stats), oldest first

    @property
    def code(self) -> str:
        return self.question.code


@dataclass
class ReportData:
    round: Round
    agencies: list[Agency]                 # the agencies the report is about
    submitted: list[Agency]                # of those, the ones whose sheets count
    questions: list[QuestionResult]
    per_agency: dict[int, dict[str, Outcome]] | None  # agency id → question code → outcome
    numbers: list[NumberResult] = field(default_factory=list)

    @property
    def not_submitted(self) -> list[Agency]:
        done = {a.pk for a in self.submitted}
        return [a for a in self.agencies if a.pk not in done]


def _answer_rows(round: Round, agency_ids: list[int]):
    """(question code, choice, parent's choice, agency id) of the round's counted choice answers."""
    parent_choice = Subquery(Answer.objects.filter(
        sheet_id=OuterRef("sheet_id"), question_id=OuterRef("question__show_if_question_id"),
    ).values("choice")[:1])
    return (Answer.objects
            .filter(sheet__round=round, sheet__agency_id__in=agency_ids,
                    sheet__state__in=COUNTED_STATES, question__kind__in=CHART_KINDS)
            .exclude(choice="")
            .annotate(parent_choice=parent_choice)
            .values_list("question__code", "choice", "parent_choice", "sheet__agency_id"))


def _year(fiscal_year: int, agg: aggregation.QuestionAggregate) -> YearResult:
    """One round's outcomes of a question, keyed by the question that offers each option."""
    child = agg.refined_by
    child_codes = {o.code for o in child.options.all()} if child else set()
    outcomes = [Outcome((child.code if child and o.code in child_codes else agg.code, o.code),
                        o.label, o.count) for o in agg.outcomes]
    return YearResult(fiscal_year, agg.responses, outcomes)


def _agency_keys(rows, results: list[QuestionResult]) -> dict[int, dict[str, tuple[str, str]]]:
    """Each agency's outcome key per question (two-part questions resolved as 図11 does)."""
    answers: dict[int, dict[str, tuple[str, str | None]]] = defaultdict(dict)
    for code, choice, parent_choice, agency_id in rows:
        answers[agency_id][code] = (choice, parent_choice)
    keys: dict[int, dict[str, tuple[str, str]]] = defaultdict(dict)
    for result in results:
        q = result.question
        child = result.parts[1] if result.combined else None
        for agency_id, given in answers.items():
            if q.code not in given:
                continue
            choice = given[q.code][0]
            if child is None or choice not in child.show_if_values:
                keys[agency_id][q.code] = (q.code, choice)
            elif child.code in given and given[child.code][1] in child.show_if_values:
                keys[agency_id][q.code] = (child.code, given[child.code][0])
            else:
                keys[agency_id][q.code] = (q.code, "__no_detail__")
    return keys


def report_data(round: Round, agencies: Iterable[Agency], *,
                per_agency: bool | None = None) -> ReportData:
    """Shares of agencies per outcome of every choice question of ``round``, year on year.

    Counts come from ``agreements.aggregation`` (the same figures as the aggregate
    page). ``agencies``: the agencies the report covers (the caller has checked
    access). ``per_agency``: also name each agency's outcome; by default only for
    a published round.
    """
    agencies = list(agencies)
    ids = [a.pk for a in agencies]
    by_id = {a.pk: a for a in agencies}
    per_agency = round.is_published if per_agency is None else per_agency

    _rounds, series = aggregation.year_on_year(round=round,
                                               agencies=Agency.objects.filter(pk__in=ids))
    results: list[QuestionResult] = []
    numbers: list[NumberResult] = []
    for entries in series.values():
        current = [agg for r, agg in entries if r.pk == round.pk]
        if current and current[0].question.kind in Question.NUMBER_KINDS:
            numbers.append(NumberResult(current[0].question, current[0].numbers, [
                (r.fiscal_year, past.numbers) for r, past in entries
                if r.pk != round.pk and r.fiscal_year < round.fiscal_year][-HISTORY_YEARS:]))
            continue
        if not current or current[0].question.kind not in CHART_KINDS:
            continue
        agg = current[0]
        earlier: dict[int, YearResult] = {}
        for r, past in entries:  # oldest first; the latest round of a fiscal year wins
            if r.pk != round.pk and r.fiscal_year < round.fiscal_year:
                earlier[r.fiscal_year] = _year(r.fiscal_year, past)
        history = [earlier[fy] for fy in sorted(earlier)][-HISTORY_YEARS:]
        parts = [agg.question] + ([agg.refined_by] if agg.refined_by else [])
        results.append(QuestionResult(agg.question, parts, _year(round.fiscal_year, agg), history))
    results.sort(key=lambda r: (r.question.order, r.question.pk))
    numbers.sort(key=lambda r: (r.question.order, r.question.pk))

    submitted_ids = set(Sheet.objects.filter(round=round, agency_id__in=ids,
                                             state__in=COUNTED_STATES)
                        .values_list("agency_id", flat=True))
    agency_outcomes: dict[int, dict[str, Outcome]] | None = None
    if per_agency:
        agency_outcomes = defaultdict(dict)
        keys = _agency_keys(_answer_rows(round, ids), results)
        for result in results:
            index = {o.key: o for o in result.current.outcomes}
            for agency_id, per_question in keys.items():
                outcome = index.get(per_question.get(result.code))
                if outcome is not None:
                    outcome.agencies.append(by_id[agency_id])
                    agency_outcomes[agency_id][result.code] = outcome
            for outcome in result.current.outcomes:
                outcome.agencies.sort(key=lambda a: a.abbr)
        agency_outcomes = dict(agency_outcomes)

    return ReportData(
        round=round,
        agencies=agencies,
        submitted=[a for a in agencies if a.pk in submitted_ids],
        questions=results,
        per_agency=agency_outcomes,
        numbers=numbers,
    )


# --- Renderers ---------------------------------------------------------------------

def _report_sections(round: Round, agencies) -> list[dict]:
    """Sections chapter apps contribute (agreements/contrib.py), in their order."""
    return [{"section": s, "html": mark_safe(render_to_string(
                s.pdf_template, s.context(fiscal_year=round.fiscal_year, agencies=agencies)))}
            for s in registry.report_sections()]


def annual_context(job: ReportJob) -> dict:
    round = job.round
    agencies = Agency.objects.filter(pk__in=round.targets.values("pk")).order_by("code")
    data = report_data(round, agencies)
    states = dict(Sheet.objects.filter(round=round).values_list("state").annotate(n=Count("id"))
                  .order_by())
    return {
        "title": _("Annual follow-up report"),
        "data": data,
        "state_counts": [(label, states.get(value, 0)) for value, label in Sheet.State.choices],
        "sections": _report_sections(round, agencies),
        "population": population(agencies),
    }


def agency_context(job: ReportJob) -> dict:
    round, agency = job.round, job.agency
    sheet = Sheet.objects.filter(round=round, agency=agency).first()
    questions = list(round.questionnaire.questions.select_related("section")
                     .prefetch_related("options").order_by("order", "id"))
    answers = {a.question_id: a for a in Answer.objects.filter(sheet=sheet)} if sheet else {}
    rows = []
    choices = {a.question_id: a.choice for a in answers.values()}
    for q in questions:
        if q.show_if_question_id and choices.get(q.show_if_question_id) not in q.show_if_values:
            continue  # a follow-up question the agency's answer did not lead to
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
    data = report_data(round, agencies, per_agency=True)
    matrix = [{"result": result,
               "cells": [data.per_agency.get(a.pk, {}).get(result.code) for a in agencies]}
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


def may_request(user: User, *, kind: str, agency: Agency | None = None,
                ministry: Ministry | None = None) -> bool:
    if kind == ReportJob.Kind.ANNUAL:
        return access.has_global(user, Perm.MANAGE)
    if kind == ReportJob.Kind.AGENCY:
        return agency is not None and access.can(user, Perm.VIEW, agency)
    if kind == ReportJob.Kind.MINISTRY:
        return ministry is not None and access.ministries(user).filter(pk=ministry.pk).exists()
    return False


def jobs_visible_to(user: User):
    """Report jobs whose status and file ``user`` may see (the same rules as requesting)."""
    visible = Q(kind=ReportJob.Kind.AGENCY, agency__in=access.agencies(user).values("pk")) | Q(
        kind=ReportJob.Kind.MINISTRY, ministry__in=access.ministries(user).values("pk"))
    if access.has_global(user, Perm.MANAGE):
        visible |= Q(kind=ReportJob.Kind.ANNUAL)
    return ReportJob.objects.filter(visible).select_related("round", "agency", "ministry")


def report_request(*, user: User, kind: str, round: Round, agency: Agency | None = None,
                   ministry: Ministry | None = None) -> ReportJob:
    """Queue (re)generation of a report; a job already queued or running is returned as is."""
    if not may_request(user, kind=kind, agency=agency, ministry=ministry):
        raise PermissionDenied
    with transaction.atomic():
        job, created = ReportJob.objects.select_for_update().get_or_create(
            kind=kind, round=round, agency=agency, ministry=ministry,
            defaults={"requested_by": user, "language": _language()},
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
            job.save()
        from .tasks import generate_report

        transaction.on_commit(lambda: generate_report.delay(job.pk))
    return job


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
