"""Pages of the good-practice database. Thin: access from kokken.access, reads from
selectors, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kokken import access, wareki
from kokken.access import Load, Perm
from kokken.models import Agency, DataTransfer

from . import forms, selectors, services
from .models import CODE, SECTION, Attachment, Chapter, Practice, Source

PAGE_SIZE = 20
ENTRIES = Practice.objects.select_related("agency", "published_by")


def _year(request) -> int:
    return selectors.parse_year(request.GET.get("fy"), wareki.fiscal_year())


def _base(request, agency, fiscal_year, **extra) -> dict:
    return {"agency": agency, "fiscal_year": fiscal_year,
            "years": selectors.year_choices(wareki.fiscal_year()),
            "can_edit": access.can(request.user, Perm.EDIT, agency), **extra}


@access.signed_in
def search(request):
    """The whole database for every signed-in user: the published entries, plus the
    unpublished ones the user may see (their own agency's; the secretariat, reviewers and
    council curators theirs). Words, filters, ranked results."""
    query = (request.GET.get("q") or "").strip()[:200]
    chapter = request.GET.get("chapter", "")
    chapter = chapter if chapter in Chapter.values else ""
    agency = (request.GET.get("agency") or "").strip()[:32]
    fiscal_year = selectors.parse_year(request.GET.get("fy"))
    tag = (request.GET.get("tag") or "").strip()[:50]
    state = request.GET.get("state", "")
    state = state if state in Practice.State.values else ""
    source = request.GET.get("source", "")
    source = source if source in Source.values else ""
    agencies = list(Agency.objects.kokken().order_by("code").only("code", "abbr"))
    if selectors.terms(query):
        # The ranking is the same for everybody (cached); who may see which entry, and the
        # agency filter (partners are not the entries' own columns), are applied per view.
        ranked = selectors.ranked_ids(request, query, chapter=chapter, fiscal_year=fiscal_year,
                                      tag=tag, state=state, source=source)
        visible = dict(access.practices(request.user, selectors.filtered(
            Practice.objects.filter(pk__in=ranked), agency=agency)).values_list("pk", "agency_id"))
        page = Paginator([pk for pk in ranked if pk in visible], PAGE_SIZE).get_page(
            request.GET.get("page"))
        ids = list(page.object_list)
        page.object_list = SimpleLazyObject(lambda: _entries(ids))  # read if used
        results_html = selectors.results_html(
            request, [(pk, visible[pk]) for pk in ids], agencies,
            render=lambda: _render_results(_entries(ids)))
    else:
        rows = access.practices(request.user, ENTRIES.all())
        rows = selectors.filtered(rows, chapter=chapter, agency=agency,
                                  fiscal_year=fiscal_year, tag=tag, state=state, source=source)
        rows = rows.order_by("-featured", "chapter", "section", "title_ja", "id")
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        results_html = _render_results(page.object_list) if page.object_list else ""
    own = access.own_agency_id(request.user)
    return render(request, "practices/search.html", {
        "page": page, "total": page.paginator.count, "query": query, "chapter": chapter,
        "agency": agency, "fiscal_year": fiscal_year, "tag": tag, "state": state,
        "source": source, "sources": Source.choices,
        "may_record_surveys": access.curates_practices(request.user),
        "chapters": Chapter.choices, "states": Practice.State.choices,
        "agencies": agencies, "results_html": results_html,
        "years": selectors.year_choices(wareki.fiscal_year()),
        "filtered": bool(query or chapter or agency or fiscal_year or tag or state or source),
        "own_agency": Agency.objects.filter(pk=own).first() if own else None,
        "this_year": wareki.fiscal_year()})


@access.scoped(Perm.VIEW, Load("practice", ENTRIES, visible=access.practices))
def detail(request, practice):
    return render(request, "practices/detail.html", {
        "practice": practice, "partners": list(practice.partners.order_by("code")),
        "attachments": list(practice.attachments.all()),
        "attachment_form": forms.AttachmentForm(),
        "transitions": [(state, Practice.State(state).label) for state in
                        services.allowed_transitions(practice=practice, user=request.user)],
        "can_edit": practice.is_editable and access.can(request.user, Perm.EDIT,
                                                       practice.agency_id),
        "can_feature": access.may_feature_practices(request.user)
        and practice.state == Practice.State.PUBLISHED})


@access.scoped(Perm.VIEW, Load("practice", ENTRIES, visible=access.practices))
@require_POST
def transition(request, practice):
    """Submit, take back, publish, withdraw: the service decides who may (403 otherwise)."""
    form = forms.TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do with this entry."))
        return redirect("practices:detail", practice=practice.pk)
    try:
        done = services.practice_transition(practice=practice, to=form.cleaned_data["to"],
                                            user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The entry is now “%(state)s”.") % {
            "state": done.get_state_display()})
    return redirect("practices:detail", practice=practice.pk)


@access.scoped(Perm.VIEW, Load("practice", ENTRIES, visible=access.practices))
@require_POST
def feature(request, practice):
    """The secretariat or a council curator features a published entry on the home pages
    (or stops); anyone else 403 (the service decides)."""
    form = forms.FeatureForm(request.POST)
    form.is_valid()
    try:
        services.practice_feature(practice=practice, user=request.user,
                                  featured=form.cleaned_data.get("featured", False))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect("practices:detail", practice=practice.pk)


@access.scoped(Perm.VIEW, Load("practice", ENTRIES, visible=access.practices))
@require_POST
def attachment_upload(request, practice):
    """Attach a file to a draft: the service decides who may (403 otherwise)."""
    form = forms.AttachmentForm(request.POST, request.FILES)
    if not access.can(request.user, Perm.EDIT, practice.agency_id):
        raise PermissionDenied
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["file"]))
        return redirect(f"{reverse('practices:detail', args=[practice.pk])}#attachments")
    try:
        attachment = services.attachment_add(practice=practice,
                                             upload=form.cleaned_data["file"],
                                             user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Attached “%(name)s”.") % {"name": attachment.name})
    return redirect(f"{reverse('practices:detail', args=[practice.pk])}#attachments")


ATTACHMENTS = Attachment.objects.select_related("practice")


@access.scoped(Perm.VIEW, Load("attachment", ATTACHMENTS, visible=access.practice_attachments))
@require_safe
def attachment_download(request, attachment):
    """An entry's file, for whoever may see the entry; every download recorded."""
    if not attachment.file.storage.exists(attachment.file.name):
        raise Http404
    DataTransfer.record(user=request.user, direction=DataTransfer.Direction.DOWNLOAD,
                        what=f"practices.attachment {attachment.pk} (entry "
                             f"{attachment.practice_id})",
                        filename=attachment.name, size=attachment.size,
                        agency_id=attachment.practice.agency_id)
    response = FileResponse(attachment.file.open("rb"), as_attachment=True,
                            filename=attachment.name,
                            content_type=attachment.content_type or "application/octet-stream")
    response["Cache-Control"] = "no-store"
    return response


@access.scoped(Perm.VIEW, Load("attachment", ATTACHMENTS, visible=access.practice_attachments))
@require_POST
def attachment_delete(request, attachment):
    """Remove a file from a draft: the service decides who may (403 otherwise)."""
    try:
        services.attachment_delete(attachment=attachment, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed “%(name)s”.") % {"name": attachment.name})
    return redirect(f"{reverse('practices:detail', args=[attachment.practice_id])}#attachments")


@access.allowed(access.curates_practices)
def survey_result_new(request):
    """II-4-A1: a council curator or the secretariat records a result of a council survey
    (国研協のアンケート) — a good practice or a lesson — as a published entry."""
    form = forms.SurveyResultForm(request.POST if request.method == "POST" else None, initial={
        "fiscal_year": wareki.fiscal_year(), "chapter": Chapter.II_4, "section": "II-4"})
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.survey_result_record(values=form.values(), user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The survey result is recorded and published."))
            return redirect("practices:detail", practice=entry.pk)
    return render(request, "practices/survey_form.html", {"form": form},
                  status=400 if form.is_bound and form.errors else 200)


def _entries(ids: list[int]) -> list[Practice]:
    """The entries of ``ids``, in that order."""
    found = ENTRIES.in_bulk(ids)
    return [found[pk] for pk in ids]


def _render_results(entries) -> str:
    return render_to_string("practices/results.html", {"rows": entries})


def initial(request) -> dict:
    """A proposal started from a question of the sheet (``?question=HR-01&section=II-1-S1``):
    the question, its section and chapter, if they are well formed (else nothing)."""
    start = {}
    question = (request.GET.get("question") or "").strip().upper()[:40]
    if CODE.match(question):
        start["questions"] = question
    section = (request.GET.get("section") or "").strip()[:16]
    if SECTION.match(section):
        start["section"] = section
        start["chapter"] = section.split("-S")[0]
    return start


def register_url(agency, fiscal_year) -> str:
    return f"{reverse('practices:practices', kwargs={'agency': agency.code})}?fy={fiscal_year}"
