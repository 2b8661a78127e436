"""Pages of chapter II-2. Thin: access from kokken.access, reads from selectors,
writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST, require_safe

from kokken import access, figures, wareki
from kokken.access import Load, Perm
from kokken.models import DataTransfer
from kokken.registers import PAGE_SIZE, xlsx_response

from . import forms, reports, selectors, services
from .models import Category, Programme, SeatRequest, Strategy

SHARED = ("requesting_agency", "providing_agency")
REQUESTS = SeatRequest.objects.select_related("programme", "requesting_agency",
                                              "providing_agency")


def _year(request) -> int:
    return selectors.parse_year(request.GET.get("fy"), wareki.fiscal_year())


def _chapter_url(agency, fiscal_year) -> str:
    return f"{reverse('training:chapter', kwargs={'agency': agency.code})}?fy={fiscal_year}"


def _base(request, agency, fiscal_year, **extra) -> dict:
    return {"agency": agency, "fiscal_year": fiscal_year,
            "years": selectors.year_choices(current=fiscal_year),
            "can_edit": access.can(request.user, Perm.EDIT, agency), **extra}


@access.agency_view(Perm.VIEW)
def chapter(request, agency):
    """The agency's II-2 page: its catalogue, needs and seat requests both ways."""
    from .records import NEEDS, STRATEGY, UPTAKE
    from .registers import PROGRAMMES

    fiscal_year = _year(request)
    # The year's records and the agency's seat requests both ways are the same for every
    # viewer who may open the page: kept under the II-2 registers' version (their queries and
    # the requests' rows, ten years of them, were half the page's CPU: issue 18). The
    # requests' tables are kept as HTML, which names agencies by abbreviation: in the key.
    version = figures.registers_version(request, ["training"])
    records = figures.cached("training-chapter-records", (agency.pk, fiscal_year), version,
                             lambda: {record.key: record.load(agency=agency,
                                                              fiscal_year=fiscal_year)
                                      for record in (NEEDS, UPTAKE, STRATEGY)})
    requests = figures.cached(
        "training-chapter-requests", (agency.pk, figures.agency_abbreviations(request)),
        version, lambda: _seat_requests_html(agency))
    return render(request, "training/chapter.html", _base(
        request, agency, fiscal_year, seat_requests=mark_safe(requests), **records,
        needs_url=NEEDS.url(agency=agency, fiscal_year=fiscal_year),
        uptake_url=UPTAKE.url(agency=agency, fiscal_year=fiscal_year),
        strategy_url=STRATEGY.url(agency=agency, fiscal_year=fiscal_year),
        programmes_url=PROGRAMMES.list_url(agency, fiscal_year)))


def _seat_requests_html(agency) -> str:
    """The chapter page's two tables of seat requests (the agency's, and for its
    programmes)."""
    outgoing, incoming = selectors.seat_requests(agency=agency)
    # Each request's link from one reverse() (a {% url %} per row: ten years of requests).
    link = reverse("training:seatrequest", kwargs={"seatrequest": 0})
    for row in (*outgoing, *incoming):
        row.url = link.replace("/0/", f"/{row.pk}/")
    return render_to_string("training/_seat_requests.html",
                            {"outgoing": outgoing, "incoming": incoming})


@access.signed_in
def catalogue(request):
    """Programmes open to other agencies and the outside programmes, for every signed-in
    user (the catalogue is shared through 国研協); seat requests from agency users."""
    fiscal_year = _year(request)
    category = request.GET.get("category", "")
    shown = category if category in Category.values else ""   # what the selector filters by
    own_agency_id = access.own_agency_id(request.user)
    # A year holds a few hundred open programmes: paged like the registers (and the page
    # renders a page's rows, not the year's). The count and a page's rows are the same for
    # every viewer of the same agency (their seat-request links): kept under the II-2
    # registers' version (rendering the rows was half the page's CPU, the count and the
    # page's query 2 ms of PostgreSQL: issue 18). The rows name providers by short name: in
    # the key.
    version = figures.registers_version(request, ["training"])
    programmes = selectors.catalogue(fiscal_year=fiscal_year, category=shown)
    paginator = Paginator(programmes, PAGE_SIZE)
    paginator.count = figures.cached("training-catalogue-count", (fiscal_year, shown), version,
                                     programmes.count)   # a cached_property of the paginator
    page = paginator.get_page(request.GET.get("page"))
    rows = figures.cached(
        "training-catalogue-rows",
        (fiscal_year, shown, page.number, own_agency_id, figures.agency_names(request)),
        version, lambda: render_to_string("training/_catalogue_rows.html", {
            "programmes": page.object_list, "own_agency_id": own_agency_id}))
    return render(request, "training/catalogue.html", {
        "fiscal_year": fiscal_year, "years": selectors.year_choices(current=fiscal_year),
        "page": page, "total": paginator.count, "rows": mark_safe(rows),
        "categories": Category.choices, "category": category})


@access.scoped(Perm.EDIT, Load("programme", Programme.objects.select_related("agency"),
                               visible=access.requestable))
def seat_request_new(request, programme):
    form = forms.SeatRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.seat_request_create(
                programme=programme, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Seat request sent to %(agency)s.") % {
                "agency": programme.agency.short_name})
            return redirect("training:seatrequest", seatrequest=created.pk)
    return render(request, "training/seat_request_new.html", {
        "programme": programme, "form": form,
        "back": f"{reverse('training:catalogue')}?fy={programme.fiscal_year}"})


@access.scoped(Perm.VIEW, Load("seatrequest", REQUESTS, field=SHARED))
def seat_request(request, seatrequest):
    return _seat_request_page(request, seatrequest, forms.DecisionForm())


def _seat_request_page(request, seatrequest, form, status=200):
    provider = seatrequest.providing_agency
    return render(request, "training/seat_request.html", {
        "object": seatrequest, "programme": seatrequest.programme,
        "seats_left": services.seats_left(seatrequest.programme),
        "can_decide": (access.can(request.user, Perm.APPROVE, provider)
                       and seatrequest.state in services.DECISIONS),
        "can_cancel": (access.can(request.user, Perm.EDIT, seatrequest.requesting_agency)
                       and seatrequest.state in services.CANCELLABLE),
        "form": form}, status=status)


# The provider's decision: the request is loaded through the providing agency only. A
# refused decision comes back on the same page, its message beside the field concerned.
@access.scoped(Perm.APPROVE, Load("seatrequest", REQUESTS, field="providing_agency"))
@require_POST
def seat_request_decide(request, seatrequest):
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.seat_request_decide(seat_request=seatrequest, user=request.user,
                                         **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("training:seatrequest", seatrequest=seatrequest.pk)
    return _seat_request_page(request, seatrequest, form, status=400)


# The requester's withdrawal: loaded through the requesting agency only.
@access.scoped(Perm.EDIT, Load("seatrequest", REQUESTS, field="requesting_agency"))
@require_POST
def seat_request_cancel(request, seatrequest):
    try:
        services.seat_request_cancel(seat_request=seatrequest, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Seat request cancelled."))
    return redirect("training:seatrequest", seatrequest=seatrequest.pk)


# --- Indicators (agencies, ministries, secretariat) ------------------------------------

TABLE_COLUMNS = [("abbr", _lazy("Agency")), ("open", _lazy("Open programmes")),
                 ("given", _lazy("Seats given")), ("taken", _lazy("Seats taken")),
                 ("unmet", _lazy("Unmet needs (categories)")),
                 ("participants", _lazy("Participants"))]


def _scope(request, fiscal_year: int):
    """The year's 国研 (27 up to FY2024, 26 from FY2025), and those of them the viewer may
    see (the figures by agency and the export cover only these)."""
    from kokken.models import Agency

    everyone = Agency.objects.kokken_in(fiscal_year)
    return everyone, everyone.filter(pk__in=access.agencies(request.user).values("pk"))


@access.allowed(access.sees_agencies)
def indicators(request):
    """The II-2 indicators over every agency of the year, beside the viewer's own scope;
    figures by agency and the uptake trend over the agencies the viewer may see."""
    fiscal_year = _year(request)
    everyone, mine = _scope(request, fiscal_year)
    sort = request.GET.get("sort", "abbr")
    label = {"ministry": _("Agencies you supervise"),
             "agency": _("Your agency")}.get(access.audience(request.user))
    return render(request, "training/indicators.html", {
        **reports.context(fiscal_year=fiscal_year, agencies=everyone, scope=mine,
                          scoped_label=label, sort=sort),
        "years": selectors.year_choices(current=fiscal_year), "sort": sort,
        "columns": TABLE_COLUMNS, "can_export": access.may_export_indicators(request.user)})


@access.allowed(access.may_export_indicators)
def indicators_export(request):
    """The chapter's report sheets over the agencies the viewer may see (the page's table)."""
    fiscal_year = _year(request)
    _everyone, mine = _scope(request, fiscal_year)
    content = reports.workbook(reports.excel_sheets(fiscal_year=fiscal_year, agencies=mine))
    filename = f"II-2-FY{fiscal_year}.xlsx"
    DataTransfer.record(user=request.user, direction=DataTransfer.Direction.EXPORT,
                        what=f"training.indicators {fiscal_year}", filename=filename,
                        size=len(content))
    return xlsx_response(content, filename)


# --- The strategy document (uploaded on the strategy record's page) -------------------

@access.scoped(Perm.VIEW, Load("strategy", Strategy.objects.exclude(document="")))
@require_safe
def strategy_document(request, strategy):
    """The agency's strategy document, for whoever may view the agency; recorded."""
    if not strategy.document.storage.exists(strategy.document.name):
        raise Http404
    DataTransfer.record(user=request.user, direction=DataTransfer.Direction.DOWNLOAD,
                        what=f"training.strategy {strategy.pk} ({strategy.fiscal_year})",
                        filename=strategy.document_name, size=strategy.document.size,
                        agency_id=strategy.agency_id)
    response = FileResponse(strategy.document.open("rb"), as_attachment=True,
                            filename=strategy.document_name or "strategy",
                            content_type=strategy.document_type or "application/octet-stream")
    response["Cache-Control"] = "no-store"
    return response
