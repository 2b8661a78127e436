"""Pages for the PDF reports of a round: request, poll the status, download.

Every view declares its rule from kokken.access: the annual report is the
secretariat's (MANAGE), an agency's report is for those who may view that
agency, a ministry's report for its reviewers and the secretariat.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kokken import access
from kokken.access import Perm
from kokken.models import Agency, DataTransfer, Ministry

from . import reports, selectors
from .models import ReportJob, Round

Kind = ReportJob.Kind


def _round_for(request, round_id: int, *, agency: Agency | None = None,
               ministry: Ministry | None = None) -> Round:
    """A round the user may see, which must concern the agency / one of the ministry's agencies."""
    qs = selectors.rounds_for(request.user)
    if agency is not None:
        qs = qs.filter(targets=agency)
    if ministry is not None:
        qs = qs.filter(targets__ministries=ministry)
    return get_object_or_404(qs.distinct(), pk=round_id)


def _job(kind: str, round: Round, agency=None, ministry=None) -> ReportJob | None:
    job = (ReportJob.objects.select_related("round", "agency", "ministry")
           .filter(kind=kind, round=round, agency=agency, ministry=ministry).first())
    if job is not None:
        reports.report_expire_stale(job)
    return job


def _urls(kind: str, round: Round, agency=None, ministry=None) -> dict[str, str]:
    if kind == Kind.ANNUAL:
        name, kwargs = "report_annual", {"round": round.pk}
    elif kind == Kind.AGENCY:
        name, kwargs = "report_agency", {"round": round.pk, "agency": agency.code}
    else:
        name, kwargs = "report_ministry", {"round": round.pk, "ministry": ministry.code}
    return {"request_url": reverse(f"agreements:{name}", kwargs=kwargs),
            "status_url": reverse(f"agreements:{name}_status", kwargs=kwargs),
            "download_url": reverse(f"agreements:{name}_download", kwargs=kwargs)}


def _item(kind: str, round: Round, agency=None, ministry=None) -> dict:
    subject = agency or ministry
    return {
        "key": f"{kind}-{subject.code if subject else round.pk}".lower(),
        "kind": kind,
        "label": reports.REPORTS[kind].label,
        "subject": subject,
        "job": _job(kind, round, agency, ministry),
        "bases": reports.Basis if kind == Kind.ANNUAL else None,
        **_urls(kind, round, agency, ministry),
    }


def _status(request, item: dict):
    return render(request, "agreements/reports/_status.html", {"item": item})


def _requested(request, kind: str, round: Round, agency=None, ministry=None):
    reports.report_request(user=request.user, kind=kind, round=round, agency=agency,
                           ministry=ministry, basis=request.POST.get("basis"),
                           name_agencies=request.POST.get("name_agencies") == "1")
    item = _item(kind, round, agency, ministry)
    if request.htmx:
        return _status(request, item)
    if item["job"] is not None and reports.waits_for_queue(item["job"]):
        messages.warning(request, _("The task queue cannot be reached right now. The report "
                                    "is queued and will be generated automatically as soon "
                                    "as it is back."))
    else:
        messages.success(request, _("The report is being generated. This page shows its "
                                    "progress."))
    return redirect("agreements:report_list", round=round.pk)


def _download(request, kind: str, round: Round, agency=None, ministry=None):
    job = _job(kind, round, agency, ministry)
    if job is None or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    with translation.override(job.language or "ja"):
        filename = reports.REPORTS[kind].filename(job)
    DataTransfer.record(user=request.user, direction=DataTransfer.Direction.EXPORT,
                        what=f"report:{job}", filename=filename, size=job.file.size,
                        agency=agency)
    return FileResponse(handle, as_attachment=True, filename=filename,
                        content_type="application/pdf")


# --- The round's reports page -----------------------------------------------------

@access.signed_in
@require_GET
def report_list(request, round: int):
    """The reports of a round this user may generate and download (404 when none)."""
    round = selectors.get_round(request.user, round)
    targets = round.targets.all()
    items = []
    if access.has_global(request.user, Perm.MANAGE):
        items.append(_item(Kind.ANNUAL, round))
    for ministry in access.ministries(request.user).filter(agencies__in=targets).distinct():
        items.append(_item(Kind.MINISTRY, round, ministry=ministry))
    for agency in access.agencies(request.user, Perm.VIEW).filter(pk__in=targets.values("pk")):
        items.append(_item(Kind.AGENCY, round, agency=agency))
    if not items:
        raise Http404
    groups = []
    for kind in (Kind.ANNUAL, Kind.MINISTRY, Kind.AGENCY):
        mine = [i for i in items if i["kind"] == kind]
        if mine:
            groups.append({"kind": kind, "label": reports.REPORTS[kind].label, "items": mine,
                           "done": sum(1 for i in mine if i["job"] and i["job"].file),
                           "folded": len(mine) > 5})
    return render(request, "agreements/reports/list.html",
                  {"round": round, "items": items, "groups": groups})


# --- Annual report (secretariat) --------------------------------------------------

@access.requires(Perm.MANAGE)
@require_POST
def report_annual(request, round: int):
    return _requested(request, Kind.ANNUAL, _round_for(request, round))


@access.requires(Perm.MANAGE)
@require_GET
def report_annual_status(request, round: int):
    return _status(request, _item(Kind.ANNUAL, _round_for(request, round)))


@access.requires(Perm.MANAGE)
@require_GET
def report_annual_download(request, round: int):
    return _download(request, Kind.ANNUAL, _round_for(request, round))


# --- One agency's report (whoever may view the agency) ------------------------------

@access.agency_view(Perm.VIEW)
@require_POST
def report_agency(request, round: int, agency: Agency):
    return _requested(request, Kind.AGENCY, _round_for(request, round, agency=agency), agency=agency)


@access.agency_view(Perm.VIEW)
@require_GET
def report_agency_status(request, round: int, agency: Agency):
    return _status(request, _item(Kind.AGENCY, _round_for(request, round, agency=agency), agency=agency))


@access.agency_view(Perm.VIEW)
@require_GET
def report_agency_download(request, round: int, agency: Agency):
    return _download(request, Kind.AGENCY, _round_for(request, round, agency=agency), agency=agency)


# --- One ministry's report (its reviewers and the secretariat) -----------------------

@access.ministry_view
@require_POST
def report_ministry(request, round: int, ministry: Ministry):
    return _requested(request, Kind.MINISTRY, _round_for(request, round, ministry=ministry),
                      ministry=ministry)


@access.ministry_view
@require_GET
def report_ministry_status(request, round: int, ministry: Ministry):
    return _status(request, _item(Kind.MINISTRY, _round_for(request, round, ministry=ministry),
                                  ministry=ministry))


@access.ministry_view
@require_GET
def report_ministry_download(request, round: int, ministry: Ministry):
    return _download(request, Kind.MINISTRY, _round_for(request, round, ministry=ministry),
                     ministry=ministry)
