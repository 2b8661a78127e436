"""Pages for the government-side items (「政府が取り組むべき事項」).

Ministry reviewers record their ministry's actions; the CSTI secretariat records its
own and sees every body's in a matrix. Access is decided in kokken.access
(``government_actor``, ``government_actions``, ``plan_reflections``).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kokken import access
from kokken.access import Perm
from kokken.errors import ValidationFailed
from kokken.models import Agency, DataTransfer, SECRETARIAT
from kokken.wareki import fiscal_year as current_fiscal_year

from . import selectors, services
from .forms import GovernmentActionForm, PlanReflectionForm
from .models import AgreementItem, GovernmentAction, PlanReflection

FIRST_YEAR = 2024   # the agreement was made on 2024-03-29


def _year(request) -> int:
    latest = current_fiscal_year() + 1
    try:
        year = int(request.GET.get("fy", ""))
    except ValueError:
        return current_fiscal_year()
    return year if FIRST_YEAR <= year <= latest else current_fiscal_year()


def _years() -> list[int]:
    return list(range(current_fiscal_year() + 1, FIRST_YEAR - 1, -1))


@access.allowed(access.records_government)
def government_list(request):
    """The user's own body's actions for the year; for the secretariat also the matrix."""
    actor = access.government_actor(request.user)
    fiscal_year = _year(request)
    context = {"fiscal_year": fiscal_year, "years": _years(),
               "actor": actor or SECRETARIAT,
               "rows": selectors.government_rows(user=request.user, fiscal_year=fiscal_year,
                                                 ministry=actor)}
    if access.can(request.user, Perm.MANAGE):
        context["matrix"] = selectors.government_matrix(user=request.user,
                                                        fiscal_year=fiscal_year)
    return render(request, "agreements/government/list.html", context)


def _government_item(code: str) -> AgreementItem:
    item = selectors.government_items().filter(code=code).first()
    if item is None:
        raise Http404
    return item


@access.allowed(access.records_government)
def government_edit(request, item: str):
    actor = access.government_actor(request.user)
    item = _government_item(item)
    fiscal_year = _year(request)
    action = access.government_actions(request.user, GovernmentAction.objects).filter(
        item=item, ministry=actor, fiscal_year=fiscal_year).first()
    initial = {"status": GovernmentAction.Status.NOT_STARTED}
    if action:
        initial = {"status": action.status, "description": action.description,
                   "done_on": action.done_on, "evidence_url": action.evidence_url,
                   "agencies": list(action.agencies.values_list("pk", flat=True))}
    agencies = access.agencies(request.user).kokken_in(fiscal_year) if actor \
        else Agency.objects.kokken_in(fiscal_year)
    form = GovernmentActionForm(request.POST or None, request.FILES or None, initial=initial,
                                agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.government_action_save(
                user=request.user, item=item, fiscal_year=fiscal_year,
                values={k: data[k] for k in ("status", "description", "done_on",
                                             "evidence_url")},
                agencies=data["agencies"], evidence_file=data["evidence_file"])
        except ValidationFailed as exc:
            for name, errors in exc.details.items():
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
        else:
            messages.success(request, _("The action was saved."))
            return redirect(f"{reverse('agreements:government')}?fy={fiscal_year}")
    return render(request, "agreements/government/edit.html", {
        "form": form, "item": item, "action": action, "fiscal_year": fiscal_year,
        "actor": actor or SECRETARIAT})


@access.allowed(access.records_government)
def government_evidence(request, action: int):
    """The evidence file of an action, for whoever may see the action."""
    found = access.government_actions(request.user, GovernmentAction.objects).filter(
        pk=action).exclude(evidence_file="").first()
    if found is None:
        raise Http404
    name = found.evidence_file.name.rsplit("/", 1)[-1]
    DataTransfer.record(user=request.user, direction=DataTransfer.Direction.EXPORT,
                        what=f"government action {found.pk} evidence", filename=name,
                        size=found.evidence_file.size)
    response = FileResponse(found.evidence_file.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = "no-store"
    return response


@access.allowed(access.records_government)
def plan_list(request):
    """I-G1 per agency: the supervised agencies (reviewers) or all (secretariat)."""
    fiscal_year = _year(request)
    agencies = (access.agencies(request.user, Perm.REVIEW)
                if not access.can(request.user, Perm.MANAGE) else Agency.objects.all())
    agencies = agencies.kokken_in(fiscal_year).order_by("code")
    records = {r.agency_id: r for r in access.plan_reflections(
        request.user, PlanReflection.objects.filter(fiscal_year=fiscal_year))}
    return render(request, "agreements/government/plans.html", {
        "fiscal_year": fiscal_year, "years": _years(),
        "rows": [(a, records.get(a.pk), access.can(request.user, Perm.REVIEW, a))
                 for a in agencies]})


@access.agency_view(Perm.REVIEW)
def plan_edit(request, agency):
    fiscal_year = _year(request)
    record = PlanReflection.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
    initial = {}
    if record:
        initial = {f: getattr(record, f) for f in PlanReflectionForm.base_fields}
    form = PlanReflectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_reflection_save(user=request.user, agency=agency,
                                          fiscal_year=fiscal_year, values=form.cleaned_data)
        except ValidationFailed as exc:
            for name, errors in exc.details.items():
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
        else:
            messages.success(request, _("The reflection in the mid- to long-term objectives "
                                        "was saved."))
            return redirect(f"{reverse('agreements:government_plans')}?fy={fiscal_year}")
    return render(request, "agreements/government/plan_edit.html", {
        "form": form, "agency": agency, "fiscal_year": fiscal_year})
