"""Writes to the II-2 registers. Pages, imports, tasks and demo data call these; each
checks access itself (kokken.access.require)."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kokken import access, records
from kokken.access import Perm
from kokken.models import Agency, Role, User

from .models import Programme, SeatRequest, Strategy, TrainingNeeds, Uptake

State = SeatRequest.State
FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "training" / "programmes.json"


# --- Catalogue -------------------------------------------------------------------------

def programme_save(*, instance: Programme, user) -> Programme:
    access.require(user, Perm.EDIT, instance.agency_id)
    instance.updated_by = user
    instance.full_clean()
    instance.save()
    return instance


def programme_delete_refusal(programme: Programme) -> str | None:
    """Why the programme may not be deleted: seats already accepted for other agencies
    (their staff count on them). None when it may be."""
    accepted = programme.seat_requests.filter(state=State.ACCEPTED).aggregate(
        n=Sum("seats", default=0))["n"]
    if accepted:
        return _("Seats in this programme have been accepted for other agencies (%(n)s), so "
                 "it cannot be deleted. Ask the requesting agencies to cancel their requests "
                 "first.") % {"n": accepted}
    return None


def programme_delete(*, instance: Programme, user) -> None:
    """Delete a programme that has no accepted seats (its other requests go with it).

    Under the programme's row lock, which accepts also take: a request accepted while the
    confirmation page was open is seen here and the delete is refused. The agencies whose
    requests were still open (requested, waitlisted) are told, in the same transaction (the
    outbox): their request disappears with the programme."""
    access.require(user, Perm.EDIT, instance.agency_id)
    with transaction.atomic():
        Programme.objects.select_for_update().filter(pk=instance.pk).first()
        refusal = programme_delete_refusal(instance)
        if refusal:
            raise ValidationError(refusal)
        pending = list(instance.seat_requests.filter(
            state__in=[State.REQUESTED, State.WAITLISTED]).select_related(
            "requesting_agency", "providing_agency"))
        title = instance.title
        instance.delete()
        _notify_withdrawn(pending, title=title, fiscal_year=instance.fiscal_year)


def _notify_withdrawn(requests: list[SeatRequest], *, title: str, fiscal_year: int) -> int:
    """Tell each requesting agency's staff that the programme of their open request was
    deleted (links only: the shared catalogue of the year)."""
    from kokken.notifications import notify

    if not requests:
        return 0
    staff: dict[int, list[User]] = {}
    for member in User.objects.filter(
            agency__in={r.requesting_agency_id for r in requests},
            role__in=[Role.AGENCY_EDITOR, Role.AGENCY_APPROVER]):
        staff.setdefault(member.agency_id, []).append(member)
    url = f"{reverse('training:catalogue')}?fy={fiscal_year}"
    sent = 0
    for request in requests:
        subject = _("Programme withdrawn: %(title)s") % {"title": title}
        body = _("%(provider)s deleted this programme; your request for %(n)s seats "
                 "(%(state)s) was removed with it.") % {
            "provider": request.providing_agency.abbr, "n": request.seats,
            "state": request.get_state_display()}
        sent += len(notify(users=staff.get(request.requesting_agency_id, []),
                           subject=subject, body=body, url=url))
    return sent


def catalogue_load(*, fiscal_year: int, path: Path = FIXTURE) -> int:
    """Load the programmes the agreement names (fixtures/training/programmes.json), each
    with its provider: an agency (by code) or an outside body. Idempotent (by title, year).
    Reference data, not a user's write: no access check."""
    entries = json.loads(path.read_text(encoding="utf-8"))
    agencies = {a.code: a for a in Agency.objects.filter(
        code__in=[e["agency"] for e in entries if e.get("agency")])}
    created = 0
    for entry in entries:
        values = {k: v for k, v in entry.items() if k not in ("agency", "title", "source")}
        programme, new = Programme.objects.get_or_create(
            title=entry["title"], fiscal_year=fiscal_year,
            agency=agencies.get(entry.get("agency") or ""), defaults=values)
        if new:
            programme.full_clean()
            created += 1
    return created


# --- Seat requests ---------------------------------------------------------------------

def seat_request_create(*, programme: Programme, seats: int, note: str = "",
                        user) -> SeatRequest:
    """An editor asks seats for their own agency in another agency's open programme."""
    own = access.own_agency_id(user)
    if own is None:
        raise PermissionDenied
    access.require(user, Perm.EDIT, own)
    if not programme.open_to_others or programme.agency_id is None:
        raise ValidationError(_("This programme does not take seat requests."))
    if programme.agency_id == own:
        raise ValidationError(_("This is your own agency's programme."))
    request = SeatRequest(programme=programme, requesting_agency_id=own,
                          providing_agency_id=programme.agency_id, seats=seats, note=note,
                          updated_by=user)
    request.full_clean()
    with transaction.atomic():           # the request and its notification, or neither
        request.save()
        _notify(request, State.REQUESTED)
    return request


# From each state, the decisions the provider may take.
DECISIONS = {
    State.REQUESTED: {State.ACCEPTED, State.WAITLISTED, State.DECLINED},
    State.WAITLISTED: {State.ACCEPTED, State.DECLINED},
}
CANCELLABLE = {State.REQUESTED, State.WAITLISTED, State.ACCEPTED}


def seats_left(programme: Programme) -> int | None:
    if programme.capacity is None:
        return None
    taken = programme.seat_requests.filter(state=State.ACCEPTED).aggregate(
        n=Sum("seats", default=0))["n"]
    return programme.capacity - taken


def seat_request_decide(*, seat_request: SeatRequest, decision: str, reason: str = "",
                        user) -> SeatRequest:
    """The providing agency's approver accepts (within capacity), waitlists or declines
    (with a reason).

    Accepts are serialised on the programme's row (SELECT … FOR UPDATE), so two approvers
    accepting at once cannot book more seats than the programme has."""
    access.require(user, Perm.APPROVE, seat_request.providing_agency_id)
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=seat_request.programme_id)
        current = SeatRequest.objects.select_for_update().get(pk=seat_request.pk)
        if decision not in DECISIONS.get(current.state, set()):
            raise ValidationError(_("A request that is “%(state)s” cannot be %(decision)s.") % {
                "state": current.get_state_display(),
                "decision": State(decision).label if decision in State.values else decision})
        if decision == State.DECLINED and not reason.strip():
            raise ValidationError({"reason": _("Give the reason for declining.")})
        if decision == State.ACCEPTED:
            left = seats_left(programme)
            if left is not None and current.seats > left:
                raise ValidationError(_("Only %(left)s seats are left in this programme: "
                                        "waitlist or decline the request.") % {"left": left})
        current.state = decision
        current.reason = reason.strip()
        current.decided_at = timezone.now()
        current.updated_by = user
        current.save(update_fields=["state", "reason", "decided_at", "updated_by", "updated_at"])
        _notify(current, decision)
    return current


def seat_request_cancel(*, seat_request: SeatRequest, user) -> SeatRequest:
    """The requesting agency withdraws its request (an accepted one frees its seats)."""
    access.require(user, Perm.EDIT, seat_request.requesting_agency_id)
    with transaction.atomic():
        current = SeatRequest.objects.select_for_update().get(pk=seat_request.pk)
        if current.state not in CANCELLABLE:
            raise ValidationError(_("This request can no longer be cancelled."))
        current.state = State.CANCELLED
        current.updated_by = user
        current.save(update_fields=["state", "updated_by", "updated_at"])
        _notify(current, State.CANCELLED)
    return current


def _notify(request: SeatRequest, event: str) -> int:
    """Notify the side that did not act: the provider's approvers of a new or cancelled
    request, the requester's staff of a decision. Links only, no content beyond the title.

    Called inside the change's transaction: the notification rows are the mail outbox
    (kokken.notifications), so they commit or roll back with the change, and a mail that
    cannot be sent after the commit (no worker, no broker, no mail server) stays pending for
    the sweeper instead of being lost with a queued task."""
    from kokken.notifications import notify

    request = (SeatRequest.objects.select_related("programme", "requesting_agency",
                                                  "providing_agency").get(pk=request.pk))
    if event in (State.REQUESTED, State.CANCELLED):
        users = User.objects.filter(agency=request.providing_agency_id,
                                    role=Role.AGENCY_APPROVER)
    else:
        users = User.objects.filter(agency=request.requesting_agency_id,
                                    role__in=[Role.AGENCY_EDITOR, Role.AGENCY_APPROVER])
    subject = _("Seat request %(state)s: %(title)s") % {
        "state": State(event).label, "title": request.programme.title}
    body = _("%(requester)s → %(provider)s, %(n)s seats.") % {
        "requester": request.requesting_agency.abbr, "provider": request.providing_agency.abbr,
        "n": request.seats}
    url = reverse("training:seatrequest", kwargs={"seatrequest": request.pk})
    return len(notify(users=list(users), subject=subject, body=body, url=url))


# --- Training needs --------------------------------------------------------------------

def needs_save(*, agency: Agency, fiscal_year: int, values: dict, user) -> TrainingNeeds:
    return records.record_save(TrainingNeeds, agency=agency, fiscal_year=fiscal_year,
                               values=values, user=user)


def uptake_save(*, agency: Agency, fiscal_year: int, values: dict, user) -> Uptake:
    return records.record_save(Uptake, agency=agency, fiscal_year=fiscal_year,
                               values=values, user=user)


def strategy_save(*, agency: Agency, fiscal_year: int, values: dict, user) -> Strategy:
    """The strategy record; ``document`` (an upload the form has checked) replaces the file
    kept, ``remove_document`` removes it. The old file is deleted once the change commits."""
    values = dict(values)
    upload, remove = values.pop("document", None), values.pop("remove_document", False)
    old = Strategy.objects.filter(agency=agency, fiscal_year=fiscal_year).exclude(
        document="").values_list("document", flat=True).first()
    if upload is not None:
        values.update(document=upload, document_name=upload.name[:255],
                      document_type=getattr(upload, "kokken_content_type", ""))
    elif remove or not values.get("exists", True):
        values.update(document="", document_name="", document_type="")
    record = records.record_save(Strategy, agency=agency, fiscal_year=fiscal_year,
                                 values=values, user=user)
    if old and old != record.document.name:
        storage = Strategy._meta.get_field("document").storage
        transaction.on_commit(lambda: storage.delete(old))
    return record
