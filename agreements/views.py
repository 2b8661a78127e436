"""Pages of the follow-up loop. Thin: access from kokken.access, work in services."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kokken import access, records, reference
from kokken.access import Load, Perm
from kokken.errors import DomainError, StaleEdit, ValidationFailed
from kokken.filters import AgencyFilter
from kokken.models import DataTransfer

from . import aggregation, contrib, excel, selectors, services
from .filters import RoundListFilter, SheetFilter
from .forms import CommentForm, EvidenceForm, RoundForm
from .models import (
    AcceptedSnapshot,
    AnswerChange,
    Evidence,
    Question,
    ReviewComment,
    Round,
    Sheet,
)

ROUND_SORTS = {"fy": "fiscal_year", "-fy": "-fiscal_year", "due": "due_on", "-due": "-due_on"}


SHEETS = Sheet.objects.select_related("round__questionnaire", "agency")
SHEET = Load("sheet", SHEETS)
EVIDENCE = Load("evidence", Evidence.objects.select_related(
    "answer__sheet__round", "answer__question__section"), field="answer__sheet__agency")


# --- Rounds -------------------------------------------------------------------------------

@access.signed_in
def round_list(request):
    # The status filter of /api/v1/rounds/: the same values mean the same, or are refused.
    filters = RoundListFilter(request.GET, queryset=selectors.rounds_for(request.user))
    sort = request.GET.get("sort", "-fy")
    rounds = filters.qs.order_by(ROUND_SORTS.get(sort, "-fiscal_year"), "-pk")
    page = Paginator(rounds, 20).get_page(request.GET.get("page"))
    own = {}
    own_agency = access.own_agency_id(request.user)
    if own_agency is not None:
        own = {s.round_id: s for s in access.scope(Sheet.objects.filter(
            agency_id=own_agency, round__in=[r.pk for r in page.object_list]), request.user)}
    for r in page.object_list:
        r.own_sheet = own.get(r.pk)
    years = selectors.rounds_for(request.user).order_by("-fiscal_year").values_list(
        "fiscal_year", flat=True).distinct()
    return render(request, "agreements/round_list.html", {
        "page": page, "status": filters.values["status"], "fy": filters.values["fy"],
        "refused": filters.refused, "sort": sort, "years": years,
        "statuses": Round.Status.choices,
        "columns": [("fy", _("Fiscal year")), ("due", _("Due date"))],
        "can_manage": access.can(request.user, Perm.MANAGE),
        "own_column": own_agency is not None,
    })


@access.requires(Perm.MANAGE)
def round_create(request):
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round = services.round_create(
                user=request.user, fiscal_year=data["fiscal_year"],
                questionnaire=data["questionnaire"], opens_on=data["opens_on"],
                due_on=data["due_on"], title_ja=data["title_ja"], title_en=data["title_en"],
                targets=list(data["targets"]) if data["population"] == Round.Population.CUSTOM
                else None, reminder_days_before=data["reminder_days_before"],
                population=data["population"], population_name_ja=data["population_name_ja"],
                population_name_en=data["population_name_en"])
        except ValidationFailed as exc:
            for name, errors in exc.details.items():
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
        else:
            messages.success(request, _("The round was created. Open it to send the sheets."))
            return redirect("agreements:round", round=round.pk)
    return render(request, "agreements/round_form.html", {"form": form})


@access.signed_in
def round_detail(request, round: int):
    round = selectors.get_round(request.user, round)
    own_agency = access.own_agency_id(request.user)
    if own_agency is not None:
        sheet = access.scope(Sheet.objects.filter(round=round, agency_id=own_agency),
                             request.user).first()
        if sheet is None:
            raise Http404
        return redirect("agreements:sheet", sheet=sheet.pk)
    all_sheets = selectors.sheets_of_round(request.user, round).prefetch_related(None)
    filters = SheetFilter(request.GET, queryset=all_sheets)  # as /api/v1/sheets/ filters
    filtered = any(filters.values.values())  # a refused value is left out, as if absent
    rows = list((filters.qs if filtered else all_sheets).only(*selectors.MATRIX_FIELDS))
    # Unfiltered, the rows are all the sheets: counted from them instead of a query.
    counts = (selectors.state_counts(all_sheets) if filtered
              else {state: sum(1 for sheet in rows if sheet.state == state)
                    for state in Sheet.State.values})
    ministries, ministries_of = selectors.supervising_ministries(request.user, request)
    rows_html = selectors.matrix_rows(
        round=round, rows=rows, ministries_of=ministries_of,
        render=lambda sheet: render_to_string("agreements/partials/matrix_row.html",
                                              {"row": sheet}))
    total = sum(counts.values())
    done = counts[Sheet.State.SUBMITTED] + counts[Sheet.State.ACCEPTED]
    return render(request, "agreements/round_detail.html", {
        "round": round, "rows": rows, "rows_html": rows_html, "filters": filters.values,
        "counts": counts, "refused": filters.refused,
        "state_choices": Sheet.State.choices, "total": total, "done": done,
        "done_percent": round_percent(done, total),
        "days_to_due": round.days_to_due(),
        "ministries": ministries,
        "can_manage": access.can(request.user, Perm.MANAGE),
        "may_see_aggregate": selectors.may_see_aggregate(request.user, round),
        "population": selectors.round_population(round),
    })


def round_percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


@access.requires(Perm.MANAGE)
@require_POST
def round_action(request, round: int):
    round = selectors.get_round(request.user, round)
    action = request.POST.get("action")
    try:
        if action == "open":
            if services.round_open(round=round, user=request.user):
                messages.success(request, _("The round is open. Sheets are being created and "
                                            "the agencies notified."))
            else:
                messages.warning(request, _(
                    "The round is open. The task queue cannot be reached right now: the sheets "
                    "will be created and the agencies notified automatically as soon as it is "
                    "back. Nothing needs to be done again."))
        elif action == "close":
            services.round_close(round=round, user=request.user)
            messages.success(request, _("The round is closed. Its sheets are frozen."))
        elif action == "publish":
            services.round_publish(round=round, user=request.user)
            messages.success(request, _("The round's aggregate is published to all users."))
        elif action == "remind":
            sent = services.reminders_send(round=round, kind="manual")
            messages.success(request, _("Reminders sent to %(n)d agencies (agencies already "
                                        "reminded today are skipped).") % {"n": sent})
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("agreements:round", round=round.pk)


@access.signed_in
def round_aggregate(request, round: int):
    round = selectors.round_for_aggregate(request.user, round)
    basis = aggregation.Basis.parse(request.GET.get("basis"), aggregation.Basis.default_for(round))
    # The API's aggregate filters with this same FilterSet.
    filters = AgencyFilter(request.GET,
                           queryset=selectors.aggregate_agencies(request.user, round))
    all_years = request.GET.get("years") == "all"
    rounds, hidden_years = selectors.aggregate_rounds(round, all_years=all_years)
    query = request.GET.copy()
    query.pop("years", None)
    recent_query = query.urlencode()
    query["years"] = "all"
    questions, questions_html, responses = selectors.aggregate_page(
        round=round, rounds=rounds, agencies=filters.qs, basis=basis,
        render=lambda questions: render_to_string(
            "agreements/partials/aggregate_questions.html",
            {"round": round, "questions": questions}))
    return render(request, "agreements/round_aggregate.html", {
        "round": round, "questions": questions, "questions_html": questions_html,
        "filters": filters.values, "refused": filters.refused,
        "basis": basis, "bases": aggregation.Basis,
        "responses": responses,
        "population": selectors.round_population(round),
        "ministries": reference.organisations(request).ministries,
        "all_years": all_years, "hidden_years": hidden_years,
        "all_years_query": query.urlencode(), "recent_query": recent_query,
    })


# --- Sheets ---------------------------------------------------------------------------------

@access.scoped(Perm.VIEW, SHEET)
def sheet_detail(request, sheet: Sheet):
    return _sheet_page(request, sheet)


# Where the CSRF token goes in a cached fragment: each person's token is put in when the
# page is served (a token must never be shared through the cache).
CSRF_SLOT = "\x00csrf-token\x00"


def _sheet_page(request, sheet: Sheet, *, comment_error: dict | None = None, status=200):
    """The sheet's page; ``comment_error`` (question code, message, text typed) brings a
    refused comment back beside its question."""
    from django.middleware.csrf import get_token

    from kokken import figures

    actions = services.actions_for(sheet=sheet, user=request.user)
    handing_on = [a for a in actions if a.needs_complete_sheet]
    transitions, snapshots = selectors.sheet_history(sheet)
    may_edit = access.can(request.user, Perm.EDIT, sheet.agency_id)
    may_review = access.can(request.user, Perm.REVIEW, sheet.agency_id)
    can_review = may_review and sheet.state == Sheet.State.SUBMITTED and sheet.round.is_open
    may_reply = sheet.round.is_open and (may_edit or may_review)

    def render_answers(sections, missing) -> dict:
        # The review page shows, beside each answer, how other agencies do it (as the
        # sheet's sections do while answering).
        asides = _question_asides([qv.question for s in sections for qv in s.visible_questions],
                                  sheet, request.user)
        for s in sections:
            for qv in s.visible_questions:
                qv.asides = asides.get(qv.question.code, [])
        context = {"sheet": sheet, "sections": sections, "can_review": can_review,
                   "may_reply": may_reply, "comment_error": comment_error,
                   "sheet_comments": selectors.sheet_level_comments(sections),
                   "csrf_token": CSRF_SLOT}
        return {"html": render_to_string("agreements/partials/sheet_answers.html", context),
                "sheet_comments": render_to_string("agreements/partials/sheet_comments.html",
                                                   context),
                "missing_html": render_to_string("agreements/partials/missing_list.html",
                                                 {"sheet": sheet, "missing": missing})}

    # Everything in render_answers that depends on the viewer is in ``viewer``; the related
    # good practices are published entries (the same for everyone) under the registers'
    # version. A refused comment's text is the viewer's own: never cached.
    answers = selectors.sheet_answers(
        sheet=sheet, viewer=(may_edit, can_review, may_reply),
        registers=figures.registers_version(request, figures.tracked_apps()),
        render=render_answers, cached=comment_error is None)
    answers = {key: _with_csrf(request, value, get_token) if isinstance(value, str) else value
               for key, value in answers.items()}
    missing = answers["missing"] if handing_on else []
    return render(request, "agreements/sheet_detail.html", {
        "sheet": sheet, "answers": answers,
        "actions": [a for a in actions if not (missing and a.needs_complete_sheet)],
        "blocked_actions": [a for a in handing_on if missing],
        "missing": missing,
        "can_edit": sheet.is_editable and may_edit,
        "read_only_reason": _read_only_reason(sheet, request.user),
        "can_review": can_review,
        "may_reply": may_reply,
        "transitions": transitions,
        "notice": selectors.sheet_notice(transitions),
        "was_returned": sheet.returned_at is not None,
        "snapshots": snapshots,
        "comment_form": CommentForm(),
        "comment_error": comment_error,
    }, status=status)


def _with_csrf(request, html: str, get_token):
    """A cached fragment with this request's CSRF token in its forms, marked safe (it was
    rendered with autoescaping)."""
    from django.utils.safestring import mark_safe

    if CSRF_SLOT in html:
        html = html.replace(CSRF_SLOT, get_token(request))
    return mark_safe(html)


def _read_only_reason(sheet: Sheet, user) -> str:
    """Why an agency user cannot edit the sheet now (empty when they can, or are not one)."""
    if not access.can(user, Perm.EDIT, sheet.agency_id) or sheet.is_editable:
        return ""
    if not sheet.round.is_open:
        return ""  # the round banner says it
    if sheet.state == Sheet.State.AWAITING_APPROVAL:
        return _("It awaits approval: the approver submits it or sends it back to be edited.")
    if sheet.state == Sheet.State.SUBMITTED:
        return _("It was submitted: the ministry is reviewing it.")
    if sheet.state == Sheet.State.ACCEPTED:
        return _("It was accepted by the ministry.")
    return ""


@access.scoped(Perm.EDIT, SHEET)
def sheet_section(request, sheet: Sheet, section: str):
    if request.method != "POST":
        from kokken import figures

        # As first shown, the form depends only on the sheet's state: rendered once per state
        # (selectors.sheet_section_page). An unknown section is 404 whatever the state.
        page = selectors.sheet_section_page(
            sheet=sheet, section=section,
            registers=figures.registers_version(request, figures.tracked_apps()),
            render=lambda sections, current: _section_body(request, sheet, sections, current))
        if page is None:
            raise Http404
        if not sheet.is_editable:
            return redirect("agreements:sheet", sheet=sheet.pk)
        return _section_page(request, sheet, page)
    sections = selectors.sheet_sections(sheet)
    current = next((s for s in sections if s.section.code == section), None)
    if current is None:
        raise Http404
    if not sheet.is_editable:
        messages.error(request, _("This sheet cannot be edited in its current state."))
        return redirect("agreements:sheet", sheet=sheet.pk)
    raw = _raw_answers(request.POST, current)
    bases = _bases(request.POST, raw)
    try:
        services.answers_save(sheet=sheet, user=request.user, raw=raw,
                              base_version=_int(request.POST.get("version")),
                              base_versions=bases)
    except StaleEdit as exc:
        conflict = exc.details
    except ValidationFailed as exc:
        return _render_section(request, sheet, sections, current, errors=exc.details,
                               posted=raw, bases=bases, status=400)
    else:
        messages.success(request, _("Saved."))
        target = request.POST.get("next_section") or section
        return redirect("agreements:sheet_section", sheet=sheet.pk, section=target)
    sheet.refresh_from_db()
    sections = selectors.sheet_sections(sheet)
    current = next(s for s in sections if s.section.code == section)
    # The person has now seen the other changes: saving again replaces them.
    return _render_section(request, sheet, sections, current, conflict=conflict,
                           posted=raw, status=409)


def _bases(post, raw: dict) -> dict[str, int]:
    """Per question, the sheet version the page last synchronised that answer at."""
    bases = {}
    for code in raw:
        base = _int(post.get(f"v-{code}"))
        if base is not None:
            bases[code] = base
    return bases


def _raw_answers(post, section) -> dict:
    raw = {}
    for qv in section.questions:
        q = qv.question
        name = f"q-{q.code}"
        if q.kind == Question.Kind.EVIDENCE:
            continue
        if q.kind == Question.Kind.MULTIPLE:
            if f"{name}-present" in post:
                raw[q.code] = post.getlist(name)
        elif q.kind == Question.Kind.DATE:
            if f"{name}-year" in post or name in post:
                raw[q.code] = _date_raw(post, name)
        elif name in post:
            raw[q.code] = post.get(name)
    return raw


DATE_PARTS = ("year", "month", "day")


def _date_raw(post, name: str) -> str:
    """The 年 / 月 / 日 boxes as one ISO-like value for the parser ("" when all are empty).

    A date that is partly filled in, or not a real day, is passed on as typed so that the
    parser says what is wrong instead of silently dropping it.
    """
    if f"{name}-year" not in post:
        return post.get(name, "")
    parts = [(post.get(f"{name}-{p}") or "").strip() for p in DATE_PARTS]
    if not any(parts):
        return ""
    year, month, day = parts
    if all(p.isdigit() for p in parts):
        return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
    return "-".join(parts)


def _date_parts(value) -> list[tuple[str, str, int]]:
    """(part, value, size) for the three boxes, from a date or what was typed."""
    from datetime import date

    if isinstance(value, date):
        values = [str(value.year), f"{value.month:02d}", f"{value.day:02d}"]
    elif isinstance(value, str) and value:
        values = (value.split("-") + ["", "", ""])[:3]
    else:
        values = ["", "", ""]
    return list(zip(DATE_PARTS, values, (4, 2, 2), strict=True))


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _render_section(request, sheet, sections, current, *, errors=None, conflict=None,
                    posted=None, bases=None, status=200):
    return _section_page(request, sheet, _section_body(
        request, sheet, sections, current, errors=errors, conflict=conflict, posted=posted,
        bases=bases), status=status)


def _section_page(request, sheet, page: dict, *, status=200):
    """The section page around its body (``_section_body``, perhaps from the cache)."""
    from django.middleware.csrf import get_token

    return render(request, "agreements/sheet_section.html", {
        "sheet": sheet, "page": {"title": page["title"],
                                 "body": _with_csrf(request, page["body"], get_token)},
    }, status=status)


def _section_body(request, sheet, sections, current, *, errors=None, conflict=None,
                  posted=None, bases=None) -> dict:
    """The section page's title and body (strings, a placeholder for the CSRF token)."""
    errors = errors or {}
    linked = {link.question_code: link for link in contrib.registry.linked_answers()}
    bases = bases or {}
    conflicted = set((conflict or {}).get("questions", []))
    asides = _question_asides([qv.question for qv in current.questions], sheet, request.user)
    fields = []
    with records.one_load_per_record():  # three questions restate one II-1 record
        for qv in current.questions:
            fields.append(_field(qv, sheet, posted=posted, bases=bases, errors=errors,
                                 conflict=conflict, conflicted=conflicted, linked=linked,
                                 asides=asides))
    index = [s.section.code for s in sections].index(current.section.code)
    body = render_to_string("agreements/partials/sheet_section_body.html", {
        "sheet": sheet, "sections": sections, "current": current, "fields": fields,
        "errors": errors, "conflict": conflict, "evidence_form": EvidenceForm(),
        "next_section": sections[index + 1].section.code if index + 1 < len(sections) else "",
        "prev_section": sections[index - 1].section.code if index > 0 else "",
        "csrf_token": CSRF_SLOT,
    })
    return {"title": str(current.section.title), "body": body}


def _field(qv, sheet, *, posted, bases, errors, conflict, conflicted, linked, asides) -> dict:
    """One question of the section's form: its value (posted or saved), base version,
    errors, conflict, register value and what is shown beside it."""
    q = qv.question
    value = posted.get(q.code) if posted and q.code in posted else qv.value
    field = {"qv": qv, "name": f"q-{q.code}", "base": bases.get(q.code, sheet.version),
             "value": _form_value(q, value), "errors": errors.get(q.code, []),
             "conflict": [c for c in (conflict or {}).get("changes", [])
                          if c["question"] == q.code] if q.code in conflicted else []}
    if q.code in linked:
        field["linked"] = _linked(linked[q.code], sheet, q, field)
    field["asides"] = asides.get(q.code, [])
    if q.kind == Question.Kind.DATE:
        field["date_parts"] = _date_parts(value)
        field["date_joined"] = "-".join(v for _p, v, _s in field["date_parts"]) \
            if any(v for _p, v, _s in field["date_parts"]) else ""
    return field


def _question_asides(questions, sheet, user) -> dict[str, list[tuple[str, dict]]]:
    """What other apps show beside each question (contrib.QuestionAside: the related good
    practices), as {question code: [(template, context)]}; a fixed number of queries."""
    found: dict[str, list[tuple[str, dict]]] = {}
    for aside in contrib.registry.question_asides():
        for code, context in aside.for_questions(questions=questions, sheet=sheet,
                                                 user=user).items():
            found.setdefault(code, []).append((aside.template, context))
    return found


def _linked(link, sheet, question, field) -> dict:
    """A question restating a register value: pre-fill it from the register (the one
    source) and say whether the saved answer still agrees with it."""
    from . import answers

    raw = link.value(agency=sheet.agency, fiscal_year=sheet.round.fiscal_year)
    info = {"label": link.label, "url": link.url(agency=sheet.agency,
                                                 fiscal_year=sheet.round.fiscal_year),
            "register": raw, "prefilled": False, "differs": False}
    if raw is None:
        return info
    try:
        register_value = answers.parse(question, raw, set())
    except answers.InvalidValue:
        return info
    info["display"] = answers.display(question, register_value, {})
    if field["value"] in ("", None, []):
        field["value"] = _form_value(question, register_value)
        info["prefilled"] = True
    elif field["qv"].value is not None and field["qv"].value != register_value:
        info["differs"] = True
    return info


def _form_value(question, value):
    if value is None:
        return ""
    if question.kind == Question.Kind.MULTIPLE:
        return value if isinstance(value, list) else [value]
    if question.kind in Question.NUMBER_KINDS:
        from . import answers

        return answers.display(question, value, {}).replace(",", "") if not isinstance(value, str) \
            else value
    return value


@access.scoped(Perm.EDIT, SHEET)
@require_POST
def sheet_autosave(request, sheet: Sheet):
    """Save the one answer that changed; answer with its status line.

    The page sends ``version``: the sheet version at which it last synchronised this
    answer. Only another person's change to the same answer since then conflicts
    (409). The reply's ``X-Answer-Version`` header is the version to send next time.
    """
    code = request.POST.get("code", "")
    name = f"q-{code}"
    question = Question.objects.filter(questionnaire_id=sheet.round.questionnaire_id,
                                       code=code).first()
    if question is None:
        raise Http404
    if question.kind == Question.Kind.MULTIPLE:
        raw = request.POST.getlist(name)
    elif question.kind == Question.Kind.DATE:
        raw = _date_raw(request.POST, name)
    else:
        raw = request.POST.get(name, "")
    base = _int(request.POST.get("version"))
    context = {"sheet": sheet, "code": code}
    status = 200
    version = base
    try:
        services.answers_save(sheet=sheet, user=request.user, raw={code: raw},
                              base_version=base, source="autosave")
        context["saved"] = True
        version = sheet.version  # read under the sheet's lock, with this save in it
    except StaleEdit as exc:
        context["conflict"] = exc.details
        context["changes"] = [c for c in exc.details.get("changes", []) if c["question"] == code]
        version = exc.details.get("version", base)
        status = 409
    except ValidationFailed as exc:
        context["errors"] = exc.details.get(code, [])
        status = 422
    except DomainError as exc:
        context["failure"] = exc.message
        status = 403
    response = render(request, "agreements/partials/autosave_status.html", context,
                      status=status)
    response["X-Answer-Version"] = "" if version is None else str(version)
    response["Cache-Control"] = "no-store"
    return response


@access.scoped(Perm.VIEW, SHEET)
@require_POST
def sheet_transition(request, sheet: Sheet):
    action = request.POST.get("action", "")
    try:
        sheet = services.sheet_transition(sheet=sheet, user=request.user, action=action,
                                          comment=request.POST.get("comment", ""),
                                          base_version=_int(request.POST.get("version")))
    except StaleEdit:
        messages.error(request, _("The sheet changed after you opened it. Check the latest "
                                  "answers and try again."))
    except ValidationFailed as exc:
        detail = "、".join(k for k in exc.details if k != "comment") if exc.details else ""
        messages.error(request, f"{exc.message} {detail}".strip())
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if action in services.SUBMITTING:
            messages.success(request, _("Submitted. Receipt number: %(number)s") % {
                "number": sheet.receipt_number})
        else:
            messages.success(request, str(NEXT_STEP.get(sheet.state, "")) or _("Saved."))
    return redirect("agreements:sheet", sheet=sheet.pk)


# What the person who just moved the sheet should know next.
NEXT_STEP = {
    Sheet.State.AWAITING_APPROVAL: gettext_lazy(
        "Approval was requested. The sheet is read-only until the approver submits it or "
        "sends it back."),
    Sheet.State.IN_PROGRESS: gettext_lazy(
        "The sheet was sent back to the editor with your note."),
    Sheet.State.RETURNED: gettext_lazy(
        "The sheet was returned to the agency. It is told to read the reason and resubmit."),
    Sheet.State.ACCEPTED: gettext_lazy("The sheet was accepted. The agency is told."),
}


@access.scoped(Perm.APPROVE, SHEET)
def sheet_confirm(request, sheet: Sheet):
    """確認 screen: everything that will be submitted, and what is still missing."""
    sections = selectors.sheet_sections(sheet, with_previous=False)
    missing = [qv for s in sections for qv in s.questions if qv.missing]
    return render(request, "agreements/sheet_confirm.html", {
        "sheet": sheet, "sections": sections, "missing": missing,
        "can_submit": sheet.round.is_open and sheet.state in services.ACTIONS["submit"].sources,
    })


@access.scoped(Perm.REVIEW, SHEET)
@require_POST
def sheet_comment(request, sheet: Sheet):
    question = None
    code = request.POST.get("question", "")
    if code:
        question = Question.objects.filter(questionnaire_id=sheet.round.questionnaire_id,
                                           code=code).first()
        if question is None:
            raise Http404
    text = request.POST.get("text", "")
    try:
        services.comment_add(sheet=sheet, user=request.user, text=text, question=question)
        messages.success(request, _("Comment added."))
    except DomainError as exc:
        details = [str(m) for ms in exc.details.values() for m in ms] \
            if isinstance(exc, ValidationFailed) else []
        if question is not None:  # back beside its question, with what was typed
            return _sheet_page(request, sheet, status=400, comment_error={
                "code": question.code, "message": " ".join(details) or exc.message,
                "text": text})
        messages.error(request, " ".join(details) or exc.message)
    return redirect("agreements:sheet", sheet=sheet.pk)


@access.scoped(Perm.VIEW, SHEET, Load("comment", ReviewComment.objects.all(),
                                      field="sheet__agency", within=("sheet", "sheet")))
@require_POST
def sheet_comment_reply(request, sheet: Sheet, comment: ReviewComment):
    """Reply in a comment's thread and/or mark it resolved (agency and reviewers)."""
    item = comment
    resolve = {"1": True, "0": False}.get(request.POST.get("resolve", ""))
    try:
        services.comment_reply(comment=item, user=request.user,
                               text=request.POST.get("text", ""), resolve=resolve)
    except DomainError as exc:
        messages.error(request, " ".join([str(exc.message)] + [str(m) for ms in exc.details.values()
                                                               for m in ms]))
    else:
        messages.success(request, _("Your reply was added.") if request.POST.get("text", "").strip()
                         else _("The comment was marked."))
    return redirect(f"{reverse('agreements:sheet', kwargs={'sheet': sheet.pk})}#comment-{item.pk}")


@access.scoped(Perm.VIEW, SHEET)
def sheet_history(request, sheet: Sheet):
    changes = AnswerChange.objects.filter(sheet=sheet).select_related("question", "changed_by")
    since = request.GET.get("since_return")
    returned = sheet.transitions.filter(to_state=Sheet.State.RETURNED).order_by("-at").first()
    if since and returned:
        changes = changes.filter(changed_at__gte=returned.at)
    page = Paginator(changes, 50).get_page(request.GET.get("page"))
    return render(request, "agreements/sheet_history.html", {
        "sheet": sheet, "page": page, "returned": returned, "since": bool(since and returned)})


@access.scoped(Perm.VIEW, SHEET, Load("snapshot", AcceptedSnapshot.objects.select_related(
    "accepted_by"), field="sheet__agency", within=("sheet", "sheet")))
def snapshot_detail(request, sheet: Sheet, snapshot: AcceptedSnapshot):
    return render(request, "agreements/snapshot_detail.html", {"sheet": sheet,
                                                                "snapshot": snapshot})


@access.scoped(Perm.EDIT, SHEET)
@require_POST
def evidence_upload(request, sheet: Sheet):
    question = Question.objects.filter(questionnaire_id=sheet.round.questionnaire_id,
                                       code=request.POST.get("question", "")).first()
    if question is None:
        raise Http404
    form = EvidenceForm(request.POST, request.FILES)
    attached = False
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.evidence_add(sheet=sheet, user=request.user, question=question,
                                  upload=upload, content_type=upload.kokken_content_type)
            attached = True
            messages.success(request, _("The file “%(name)s” was attached.") % {"name": upload.name})
        except DomainError as exc:
            messages.error(request, exc.message)
    else:
        for error in form.errors.get("file", []):
            messages.error(request, _("The file was not attached: %(reason)s") % {"reason": error})
    sent = request.FILES.get("file")
    DataTransfer.record(user=request.user, direction=DataTransfer.Direction.IMPORT,
                        what=f"evidence upload sheet {sheet.pk} {question.code}",
                        filename=sent.name if sent else "", size=sent.size if sent else 0,
                        agency=sheet.agency, succeeded=attached)
    return redirect("agreements:sheet_section", sheet=sheet.pk, section=question.section.code)


@access.scoped(Perm.VIEW, EVIDENCE)
def evidence_download(request, evidence: Evidence):
    item = evidence
    if not item.file.storage.exists(item.file.name):
        raise Http404
    DataTransfer.record(user=request.user, direction=DataTransfer.Direction.DOWNLOAD,
                        what=f"evidence {item.pk} (sheet {item.answer.sheet_id})",
                        filename=item.original_name, size=item.size,
                        agency_id=item.answer.sheet.agency_id)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = item.content_type or mimetypes.guess_type(item.original_name)[0] \
        or "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=item.original_name,
                        content_type=content_type)


@access.scoped(Perm.EDIT, EVIDENCE)
def evidence_delete(request, evidence: Evidence):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    item = evidence
    sheet, section = item.answer.sheet, item.answer.question.section.code
    try:
        services.evidence_delete(evidence=item, user=request.user)
        messages.success(request, _("The file was removed."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("agreements:sheet_section", sheet=sheet.pk, section=section)


@access.signed_in
def review_queue(request):
    sheets = selectors.review_queue(request.user)
    page = Paginator(sheets, 30).get_page(request.GET.get("page"))
    return render(request, "agreements/review_queue.html", {"page": page})


# --- Excel -----------------------------------------------------------------------------------

def _xlsx_response(request, export: excel.Export, what: str, agency=None) -> HttpResponse:
    DataTransfer.record(user=request.user, direction=DataTransfer.Direction.EXPORT, what=what,
                        filename=export.filename, size=len(export.content), agency=agency)
    response = HttpResponse(export.content, content_type=export.mimetype)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


@access.allowed(access.may_export_rounds)
def round_export(request, round: int):
    round = selectors.get_round(request.user, round)
    agencies = access.export_agencies(request.user)
    extra = [int(r) for r in request.GET.getlist("with")
             if r.isascii() and r.isdigit() and len(r) <= 9]
    rounds = [round] + list(selectors.rounds_for(request.user).filter(pk__in=extra)
                            .exclude(pk=round.pk))
    basis = aggregation.Basis.parse(request.GET.get("basis"), aggregation.Basis.default_for(round))
    export = excel.round_workbook(rounds=rounds, agencies=agencies, basis=basis)
    return _xlsx_response(request, export, f"round export {[r.pk for r in rounds]}")


@access.scoped(Perm.VIEW, SHEET)
def sheet_template(request, sheet: Sheet):
    return _xlsx_response(request, excel.sheet_template(sheet), f"sheet template {sheet.pk}",
                          agency=sheet.agency)


UPLOAD_SESSION_KEY = "sheet-upload-{}"


@access.scoped(Perm.EDIT, SHEET)
def sheet_upload(request, sheet: Sheet):
    """Upload a filled template → check it all → preview the changes → apply them."""
    key = UPLOAD_SESSION_KEY.format(sheet.pk)
    if request.method == "POST" and request.POST.get("action") == "apply":
        pending = request.session.pop(key, None)
        if not pending:
            messages.error(request, _("Nothing to apply: upload the file again."))
            return redirect("agreements:sheet_upload", sheet=sheet.pk)
        raw = dict(pending["raw"])
        if request.POST.get("clear_blanks"):
            raw.update({code: None for code in pending.get("blanks", [])})
        if not raw:
            messages.info(request, _("Nothing was changed."))
            return redirect("agreements:sheet", sheet=sheet.pk)
        try:
            changes = services.answers_save(sheet=sheet, user=request.user, raw=raw,
                                            base_version=pending["version"], source="excel")
        except StaleEdit as exc:
            messages.error(request, _("%(reason)s Nothing was saved: download a fresh file.")
                           % {"reason": exc.message})
            return redirect("agreements:sheet_upload", sheet=sheet.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("agreements:sheet", sheet=sheet.pk)
        messages.success(request, _("%(n)d answers were updated from the Excel file.")
                         % {"n": len(changes)})
        return redirect("agreements:sheet", sheet=sheet.pk)
    result = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            result = excel.UploadResult(errors=[_("Choose a file to upload.")])
        else:
            result = excel.read_upload(sheet, upload, user=request.user)
        DataTransfer.record(user=request.user, direction=DataTransfer.Direction.IMPORT,
                            what=f"sheet upload {sheet.pk}",
                            filename=upload.name if upload else "", size=upload.size if upload else 0,
                            agency=sheet.agency, succeeded=result.ok)
        if result.ok:
            request.session[key] = {"raw": result.raw, "version": result.version,
                                    "blanks": [b["code"] for b in result.blanks]}
    return render(request, "agreements/sheet_upload.html", {
        "sheet": sheet, "result": result}, status=400 if result and not result.ok else 200)
