"""Who may do what: the one place that decides access.

Every page, API endpoint, export, report and download asks this module, and
nothing else in the code decides access. Deny by default:

* ``AccessMiddleware`` refuses (403) any view that has not declared a rule with
  one of the decorators below, and sends anonymous users to sign-in.
* Object-level questions go through ``agencies()`` / ``scope()`` / ``check()``.

Outsiders get 404 (they learn nothing, not even that the thing exists);
insiders without the right get 403.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from . import audit
from .models import Agency, Ministry, Role

if TYPE_CHECKING:
    from .models import User


class Perm(StrEnum):
    VIEW = "view"        # see an agency's unpublished answers and registers
    EDIT = "edit"        # fill in an agency's drafts
    APPROVE = "approve"  # sign off and submit for an agency
    REVIEW = "review"    # comment on, return or accept an agency's submission
    MANAGE = "manage"    # run the follow-up: rounds, reminders, reports (secretariat)
    ADMIN = "admin"      # Django admin (system administrators)
    RESTRICTED = "restricted"  # see an agency's restricted records (II-4 incidents): its
    #                            approvers, its supervising ministries' reviewers, the secretariat


# What each role may do with the agencies it reaches (see ``agencies()``).
AGENCY_PERMS: dict[str, frozenset[Perm]] = {
    Role.AGENCY_EDITOR: frozenset({Perm.VIEW, Perm.EDIT}),
    Role.AGENCY_APPROVER: frozenset({Perm.VIEW, Perm.EDIT, Perm.APPROVE, Perm.RESTRICTED}),
    Role.MINISTRY_REVIEWER: frozenset({Perm.VIEW, Perm.REVIEW, Perm.RESTRICTED}),
    Role.SECRETARIAT: frozenset({Perm.VIEW, Perm.RESTRICTED}),
    Role.ADMIN: frozenset(),
}
# Permissions that are not about one agency.
GLOBAL_PERMS: dict[str, frozenset[Perm]] = {
    Role.SECRETARIAT: frozenset({Perm.MANAGE}),
    Role.ADMIN: frozenset({Perm.ADMIN}),
}


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def has_global(user: User, perm: Perm) -> bool:
    return _active(user) and perm in GLOBAL_PERMS.get(user.role, frozenset())


def agencies(user: User, perm: Perm = Perm.VIEW) -> QuerySet[Agency]:
    """The agencies on which ``user`` holds ``perm``."""
    qs = Agency.objects.all()
    if not _active(user) or perm not in AGENCY_PERMS.get(user.role, frozenset()):
        return qs.none()
    if user.role in (Role.AGENCY_EDITOR, Role.AGENCY_APPROVER):
        return qs.filter(pk=user.agency_id)
    if user.role == Role.MINISTRY_REVIEWER:
        return qs.filter(ministries=user.ministry_id)
    if user.role == Role.SECRETARIAT:
        return qs
    return qs.none()


def _every_agency(user: User, perm: Perm) -> bool:
    """Whether ``agencies(user, perm)`` is every agency (the secretariat's)."""
    return (_active(user) and user.role == Role.SECRETARIAT
            and perm in AGENCY_PERMS[Role.SECRETARIAT])


def holds_where_viewing(user: User, perm: Perm) -> bool:
    """Whether ``agencies(user, perm)`` is ``agencies(user)`` (else it is none): a role's
    rights all reach the same agencies, so whoever may view an agency holds there every
    right of their role. Lets a caller that has the viewed agencies skip another query."""
    return _active(user) and perm in AGENCY_PERMS.get(user.role, frozenset())


def sees_every_agency(user: User, perm: Perm = Perm.VIEW) -> bool:
    """``agencies(user, perm)`` is every agency: what is counted over them is the same for
    every such viewer, and may be cached once for all of them (the secretariat's home)."""
    return _every_agency(user, perm)


def ministries(user: User) -> QuerySet[Ministry]:
    """The ministries whose pages ``user`` may open."""
    qs = Ministry.objects.all()
    if not _active(user):
        return qs.none()
    if user.role == Role.SECRETARIAT:
        return qs
    if user.role == Role.MINISTRY_REVIEWER:
        return qs.filter(pk=user.ministry_id)
    return qs.none()


def can(user: User, perm: Perm, agency: Agency | int | None = None) -> bool:
    if agency is None:
        return has_global(user, perm)
    agency_id = agency.pk if isinstance(agency, Agency) else agency
    if not _active(user) or perm not in AGENCY_PERMS.get(user.role, frozenset()):
        return False
    if user.role in (Role.AGENCY_EDITOR, Role.AGENCY_APPROVER):
        return user.agency_id == agency_id
    if user.role == Role.SECRETARIAT:
        return True
    return agencies(user, perm).filter(pk=agency_id).exists()


def check(user: User, perm: Perm, agency: Agency | int | None = None) -> None:
    """Raise unless ``user`` holds ``perm`` (on ``agency``).

    404 when the user may not even see the agency, 403 when they may see it but
    lack the right.
    """
    if can(user, perm, agency):
        return
    if agency is not None and not can(user, Perm.VIEW, agency):
        raise Http404
    raise PermissionDenied


def check_any(user: User, perms: tuple[Perm, ...], agency: Agency | int) -> None:
    """Raise unless ``user`` holds one of ``perms`` on ``agency`` (404 / 403 as ``check``)."""
    if any(can(user, perm, agency) for perm in perms):
        return
    check(user, perms[0], agency)


def require(user: User, perm: Perm, agency: Agency | int) -> None:
    """For services that write: raise PermissionDenied unless ``user`` holds ``perm`` on
    ``agency``. A service is not a page and does not tell outsiders from insiders (the page's
    rule already answered 404 or 403); it refuses every user without the right, so a view,
    task or import that forgot its rule still writes nothing."""
    if not can(user, perm, agency):
        raise PermissionDenied


def _fields(field: str | tuple[str, ...]) -> tuple[str, ...]:
    return (field,) if isinstance(field, str) else tuple(field)


def scope(queryset: QuerySet, user: User, perm: Perm = Perm.VIEW,
          field: str | tuple[str, ...] = "agency") -> QuerySet:
    """Restrict any queryset whose rows belong to an agency (via ``field``).

    A tuple of fields names a record two agencies share: it is in scope for either's users.
    """
    visible = agencies(user, perm).values("pk")
    # Every agency: a row is in scope when it has an owner, the same rows as ``__in`` over
    # the whole agency table, without the join PostgreSQL makes of it against every row (a
    # count of ten years of a register: 3.2 → 0.9 ms; issue 18).
    every = _every_agency(user, perm)
    condition = Q()
    for name in _fields(field):
        condition |= Q(**{f"{name}__isnull": False} if every else {f"{name}__in": visible})
    qs = queryset.filter(condition)
    return qs.distinct() if len(_fields(field)) > 1 else qs


def get_agency(user: User, code: str, perm: Perm = Perm.VIEW) -> Agency:
    try:
        # Not with its ministries: only the agency's own page lists them (one query there as
        # here), and prefetching them was 1.2 ms of CPU on every agency page (issue 18).
        agency = agencies(user, Perm.VIEW).get(code=code)
    except Agency.DoesNotExist:
        raise Http404 from None
    check(user, perm, agency)
    audit.record_view(agency, agency_id=agency.pk)
    return agency


def get_scoped_or_404(queryset: QuerySet, user: User, perm: Perm = Perm.VIEW,
                      field: str | tuple[str, ...] = "agency", see: Perm = Perm.VIEW,
                      **lookup) -> Model:
    """One object the user may see (``see`` on its agency, else 404), then ``perm`` on its
    agency (403 if lacking).

    For a shared record (a tuple of fields), ``perm`` on either owning agency suffices. A
    restricted record (``see=Perm.RESTRICTED``) is 404 even to its own agency's editors: they
    do not learn that it exists.
    """
    try:
        obj = scope(queryset, user, see, field).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None
    owners = [agency_id for name in _fields(field)
              if (agency_id := _follow(obj, name)) is not None]
    if not any(can(user, perm, agency_id) for agency_id in owners):
        raise PermissionDenied
    audit.record_view(obj, agency_id=owners[0] if owners else None)
    return obj


def _follow(obj: Model, field: str) -> int | None:
    *path, last = field.split("__")
    for part in path:
        obj = getattr(obj, part)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id")


# --- Named predicates and scoped querysets ------------------------------------
# Questions the pages, API, exports and services ask; each is answered here only.

def own_agency_id(user: User) -> int | None:
    """The agency an agency user works for (None for ministries, secretariat, admins)."""
    if _active(user) and user.role in (Role.AGENCY_EDITOR, Role.AGENCY_APPROVER):
        return user.agency_id
    return None


def audience(user: User) -> str:
    """Whose figures the user sees: "all", "ministry", "agency" or "none".

    Pages label the viewer's scope with it and registries pick panels with it."""
    if not _active(user):
        return "none"
    return {Role.SECRETARIAT: "all", Role.MINISTRY_REVIEWER: "ministry",
            Role.AGENCY_EDITOR: "agency", Role.AGENCY_APPROVER: "agency"}.get(user.role, "none")


def in_roles(user: User, roles) -> bool:
    """Panel and navigation audiences: contributions name the roles they are for."""
    return _active(user) and user.role in roles


def reviews_any(user: User) -> bool:
    """The user's role reviews agencies (a ministry reviewer), whether or not it supervises one."""
    return _active(user) and Perm.REVIEW in AGENCY_PERMS.get(user.role, frozenset())


def requestable(user: User, queryset: QuerySet) -> QuerySet:
    """Rows another agency has opened to other agencies (``open_to_others``: a training
    programme taking seat requests), for an agency user who may act for their own agency.
    Their own agency's rows and outside bodies' rows are not requestable; nobody else may
    request anything (they get none)."""
    own = own_agency_id(user)
    if own is None or not can(user, Perm.EDIT, own):
        return queryset.none()
    return queryset.filter(open_to_others=True, agency__isnull=False).exclude(agency_id=own)


def sees_restricted(user: User, agency: Agency | int) -> bool:
    """Restricted records of ``agency`` (II-4 incidents: technology or information leakage)
    are for its approvers, its supervising ministries' reviewers and the secretariat only;
    its editors, other agencies and other ministries do not see them."""
    return can(user, Perm.RESTRICTED, agency)


# II-3's decision speed per agency (median and 90th-percentile days from a COI/COC case's
# receipt to its decision) is an aggregate, not a case: no type, partner, decision or date
# leaves the log, and the agency's own staff need the figure the agreement asks them to
# improve (line 349: 予見性, 迅速). So whoever may view the agency sees it, its editors
# included. Below this many decided cases the "aggregate" is one or two cases' own durations,
# which the restricted log keeps from editors: then only those who see the log
# (``sees_restricted``) see the days; the count of decided cases stays visible to all.
CASE_SPEED_MIN_CASES = 3


def case_speed_agencies(user: User, decided: dict[int, int]) -> set[int]:
    """Of ``decided`` (agency id → cases decided in the year), the agencies whose decision
    speed ``user`` may see (see ``CASE_SPEED_MIN_CASES``). No query, but one for a ministry
    reviewer (who sees the log of exactly the agencies they may view)."""
    if not _active(user):
        return set()
    if user.role == Role.MINISTRY_REVIEWER:
        return set(agencies(user, Perm.RESTRICTED).filter(pk__in=list(decided))
                   .values_list("pk", flat=True))
    return {pk for pk, n in decided.items()
            if can(user, Perm.RESTRICTED, pk)
            or (n >= CASE_SPEED_MIN_CASES and can(user, Perm.VIEW, pk))}


def restricted_rows(user: User, queryset: QuerySet) -> QuerySet:
    """The restricted rows ``user`` may see (``sees_restricted`` per owning agency)."""
    return scope(queryset, user, Perm.RESTRICTED)


def may_export_rounds(user: User) -> bool:
    """Whole-round Excel exports: the secretariat and ministry reviewers only."""
    return has_global(user, Perm.MANAGE) or reviews_any(user)


def export_agencies(user: User) -> QuerySet[Agency]:
    """The agencies whose answers a round export carries for ``user``."""
    if has_global(user, Perm.MANAGE):
        return agencies(user)
    if reviews_any(user):
        return agencies(user, Perm.REVIEW)
    return Agency.objects.none()


def may_see_aggregate(user: User, *, published: bool) -> bool:
    """Published aggregates are for every signed-in user; before that, the secretariat and
    reviewers (over the agencies they supervise) only."""
    if published:
        return _active(user)
    return may_export_rounds(user)


def sees_agencies(user: User) -> bool:
    """Chapter figure pages are for users who may view at least one agency (not admins).

    Asked up to three times per request (the middleware's admission, the view's rule, the
    page's export button): answered once per user object, i.e. once per request.
    """
    known = getattr(user, "_kokken_sees_agencies", None)
    if known is None:
        known = agencies(user).exists()
        if user is not None and user.is_authenticated:
            user._kokken_sees_agencies = known
    return known


def figure_agencies(user: User, *, published: bool) -> QuerySet[Agency]:
    """The agencies whose answers a round's shared figures (図11's shares …) may count for
    ``user``: every body once the round is published; before that, the agencies the
    secretariat or a reviewer may see (as the aggregate page), none for agency users."""
    if not sees_agencies(user) or not may_see_aggregate(user, published=published):
        return Agency.objects.none()
    return Agency.objects.all() if published else agencies(user)


def may_export_indicators(user: User) -> bool:
    """The chapter indicator workbook: whoever may view at least one agency, over exactly the
    agencies they may view (the same rows as the table on the indicators page)."""
    return sees_agencies(user)


# Report kinds (agreements.ReportJob.Kind values; kept as strings so the core imports no app).
REPORT_ANNUAL, REPORT_AGENCY, REPORT_MINISTRY = "annual", "agency", "ministry"


def may_request_report(user: User, *, kind: str, agency: Agency | None = None,
                       ministry: Ministry | None = None) -> bool:
    """Annual reports are the secretariat's; an agency's for whoever may view the agency; a
    ministry's for its reviewers and the secretariat."""
    if kind == REPORT_ANNUAL:
        return has_global(user, Perm.MANAGE)
    if kind == REPORT_AGENCY:
        return agency is not None and can(user, Perm.VIEW, agency)
    if kind == REPORT_MINISTRY:
        return ministry is not None and ministries(user).filter(pk=ministry.pk).exists()
    return False


def report_jobs(user: User, queryset: QuerySet) -> QuerySet:
    """Report jobs whose status and file ``user`` may see: the same rules as requesting."""
    visible = Q(kind=REPORT_AGENCY, agency__in=agencies(user).values("pk")) | Q(
        kind=REPORT_MINISTRY, ministry__in=ministries(user).values("pk"))
    if has_global(user, Perm.MANAGE):
        visible |= Q(kind=REPORT_ANNUAL)
    return queryset.filter(visible)


# --- View rules -------------------------------------------------------------
# Each view declares one rule object. ``rule.admit(user)`` is the user-only part, run by
# ``AccessMiddleware`` before any view; ``rule.resolve(user, kwargs)`` is run by the view's
# decorator (pages) or ``AccessPermission`` (API): it loads the URL's objects through this
# module and returns the kwargs the view receives. A view therefore gets a loaded, checked
# Agency / Ministry / object, never a raw id it could forget to check.

class Rule:
    """Base of the rule objects. ``kind`` names the rule in error messages and tests."""

    kind = "rule"
    public = False
    perm: Perm | None = None

    def admit(self, user: User) -> None:
        """Raise PermissionDenied if ``user`` (already signed in) may not use the view at all."""
        if not _active(user):
            raise PermissionDenied

    def resolve(self, user: User, kwargs: dict, querysets: dict | None = None) -> dict:
        """Check the rule against the URL's kwargs; return kwargs with objects loaded."""
        self.admit(user)
        return kwargs

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.perm or ''})"


class Public(Rule):
    kind = "public"
    public = True

    def admit(self, user):
        return None


class SignedIn(Rule):
    """Any signed-in user; the view shows only what ``scope()`` / ``agencies()`` give them."""

    kind = "signed_in"


class Global(Rule):
    """A permission that is not about one agency (MANAGE for the secretariat, ADMIN)."""

    kind = "global"

    def __init__(self, perm: Perm):
        self.perm = perm

    def admit(self, user):
        if not has_global(user, self.perm):
            raise PermissionDenied


class Allowed(Rule):
    """A named predicate of this module on the user (e.g. ``may_export_rounds``)."""

    kind = "predicate"

    def __init__(self, predicate: Callable[[User], bool]):
        self.predicate = predicate

    def admit(self, user):
        if not (_active(user) and self.predicate(user)):
            raise PermissionDenied

    def __repr__(self) -> str:
        return f"Allowed({self.predicate.__name__})"


class AgencyRule(Rule):
    """The URL carries an agency code in ``kwarg``; the view receives the Agency."""

    kind = "agency"

    def __init__(self, perm: Perm = Perm.VIEW, kwarg: str = "agency"):
        self.perm, self.kwarg = perm, kwarg

    def resolve(self, user, kwargs, querysets=None):
        self.admit(user)
        agency = get_agency(user, kwargs[self.kwarg], self.perm)
        _keep_own(user, "agency", agency)
        return {**kwargs, self.kwarg: agency}


class MinistryRule(Rule):
    """The URL carries a ministry code in ``kwarg``; the view receives the Ministry."""

    kind = "ministry"

    def __init__(self, kwarg: str = "ministry"):
        self.kwarg = kwarg

    def resolve(self, user, kwargs, querysets=None):
        self.admit(user)
        try:
            obj = ministries(user).get(code=kwargs[self.kwarg])
        except Ministry.DoesNotExist:
            raise Http404 from None
        audit.record_view(obj)
        _keep_own(user, "ministry", obj)
        return {**kwargs, self.kwarg: obj}


def _keep_own(user, field: str, obj) -> None:
    """The navigation names the user's own agency or ministry: on its pages the user keeps
    the object just loaded instead of reading it again (one query less per page)."""
    if getattr(user, f"{field}_id", None) == obj.pk:
        setattr(user, field, obj)


@dataclass(frozen=True)
class Load:
    """How a scoped rule loads the object a URL kwarg names.

    * ``queryset``: the rows (None: the caller supplies it, as API viewsets do);
    * ``field``: the path to the owning agency, or a tuple of paths for a record two agencies
      share (a seat request: requesting and providing agency): it is visible to, and ``perm``
      holds for, the users of either;
    * ``visible``: instead of ``field``, a scoped-queryset function of this module
      (``report_jobs``) for objects that belong to an agency, a ministry or nobody;
    * ``within``: (field, kwarg) the object must belong to an object loaded before it;
    * ``see``: the permission that makes the object visible at all (``Perm.RESTRICTED`` for
      an incident: others get 404).
    """

    kwarg: str
    queryset: QuerySet | None = None
    field: str | tuple[str, ...] = "agency"
    lookup: str = "pk"
    visible: Callable[[User, QuerySet], QuerySet] | None = None
    within: tuple[str, str] | None = None
    see: Perm = Perm.VIEW

    def load(self, user: User, perm: Perm, kwargs: dict, queryset: QuerySet | None = None):
        qs = (queryset if queryset is not None else self.queryset).all()
        if self.within is not None:
            field, parent = self.within
            qs = qs.filter(**{field: kwargs[parent]})
        lookup = {self.lookup: kwargs[self.kwarg]}
        if self.visible is not None:
            obj = self.visible(user, qs).filter(**lookup).first()
            if obj is None:
                raise Http404
            audit.record_view(obj, agency_id=getattr(obj, "agency_id", None))
            return obj
        return get_scoped_or_404(qs, user, perm, self.field, see=self.see, **lookup)


class Scoped(Rule):
    """Objects named by URL kwargs belong to an agency: loaded through ``scope()`` (404 for
    outsiders), then ``perm`` on the owning agency (403 without it). The view receives them."""

    kind = "scoped"

    def __init__(self, perm: Perm, *loads: Load):
        self.perm, self.loads = perm, loads

    @property
    def objects(self) -> tuple[str, ...]:
        return tuple(load.kwarg for load in self.loads)

    def resolve(self, user, kwargs, querysets=None):
        self.admit(user)
        resolved = dict(kwargs)
        for load in self.loads:
            supplied = (querysets or {}).get(load.kwarg)
            if load.queryset is None and supplied is None:
                raise ImproperlyConfigured(f"No queryset to load {load.kwarg!r}")
            resolved[load.kwarg] = load.load(user, self.perm, resolved, supplied)
        return resolved

    def __repr__(self) -> str:
        return f"Scoped({self.perm}, {', '.join(self.objects)})"


ADMIN_RULE = Global(Perm.ADMIN)


def _declare(rule: Rule) -> Callable:
    """Put ``rule`` on the view; the wrapper resolves it and calls the view with the result."""
    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            return view(request, *args, **rule.resolve(request.user, kwargs))

        wrapped.access_rule = rule
        return wrapped

    return decorator


def for_api(rule: Rule, view):
    """Put ``rule`` on a DRF view without wrapping it: DRF authenticates first (API tokens),
    then ``api.base.AccessPermission`` resolves the same rule."""
    view.access_rule = rule
    return view


def public(view):
    """No sign-in needed (sign-in itself, password reset, health check)."""
    return _declare(Public())(view)


def signed_in(view):
    """Any signed-in user; the view shows only what ``scope()`` gives them."""
    return _declare(SignedIn())(view)


def requires(perm: Perm):
    """A permission that is not about one agency (e.g. MANAGE for the secretariat)."""
    return _declare(Global(perm))


def allowed(predicate: Callable[[User], bool]):
    """A named predicate of this module on the user; 403 unless it holds."""
    return _declare(Allowed(predicate))


def agency_view(perm: Perm = Perm.VIEW):
    """The URL carries ``<agency>`` (its code); the view receives the Agency."""
    return _declare(AgencyRule(perm))


def ministry_view(view):
    """The URL carries ``<ministry>`` (its code); the view receives the Ministry."""
    return _declare(MinistryRule())(view)


def scoped(perm: Perm, *loads: Load | str, **querysets: QuerySet):
    """The view receives agency-owned objects loaded through ``scope()``.

    ``@scoped(Perm.EDIT, sheet=Sheet.objects.select_related("agency"))`` loads ``<sheet>`` by
    primary key with its ``agency``; pass ``Load(...)`` for another owner path, a record two
    agencies share, or an object nested in another.
    """
    if any(isinstance(load, str) for load in loads):
        raise ImproperlyConfigured("access.scoped takes Load objects or kwarg=queryset; "
                                   "the view must not load objects itself.")
    return _declare(Scoped(perm, *loads, *(Load(k, qs) for k, qs in querysets.items())))


def rule_of(view) -> Rule | None:
    for candidate in (view, getattr(view, "view_class", None), getattr(view, "cls", None)):
        rule = getattr(candidate, "access_rule", None)
        if rule is not None:
            return rule
    return None


# --- Security: second factor, alerts ------------------------------------------------------

# Roles that must always sign in with a second factor; agency users must when the
# secretariat says so (SecuritySettings.agency_mfa_required), and may otherwise.
MFA_ROLES = frozenset({Role.SECRETARIAT, Role.MINISTRY_REVIEWER, Role.ADMIN})


def mfa_required(user: User) -> bool:
    """Must ``user`` confirm a second factor before using the product?"""
    if not _active(user):
        return False
    if user.role in MFA_ROLES:
        return True
    from .models import SecuritySettings

    return user.role in (Role.AGENCY_EDITOR, Role.AGENCY_APPROVER) and \
        SecuritySettings.current().agency_mfa_required


def security_officers() -> QuerySet:
    """Who is alerted about attacks and mass downloads: the secretariat and administrators."""
    from .models import User

    return User.objects.filter(is_active=True, role__in=[Role.SECRETARIAT, Role.ADMIN])


class MfaStep(SignedIn):
    """Signed in with a password; the second factor may still be missing (the verify and
    set-up pages). Every other rule also needs the second factor where one is required."""

    kind = "mfa_step"


def mfa_step(view):
    """Signed in with a password, second factor not yet confirmed (verify / set-up pages)."""
    return _declare(MfaStep())(view)


# --- Government-side actions (「政府が取り組むべき事項」) -----------------------------------
# Ministry reviewers record their ministry's actions, the secretariat the CSTI
# secretariat's own (ministry None) and sees everyone's; nobody else sees any.

def records_government(user: User) -> bool:
    """Ministry reviewers (for their ministry) and the secretariat (for the CSTI secretariat)
    record government-side actions; nobody else sees them."""
    return has_global(user, Perm.MANAGE) or (reviews_any(user) and bool(user.ministry_id))


def government_actor(user: User) -> Ministry | None:
    """Whose actions ``user`` records: their ministry, or None for the CSTI secretariat.

    Anyone else (agency staff, administrators) is refused (403)."""
    if not records_government(user):
        raise PermissionDenied
    return None if has_global(user, Perm.MANAGE) else user.ministry


def government_actions(user: User, queryset: QuerySet) -> QuerySet:
    """The government-side actions ``user`` may see: the secretariat all, a reviewer
    their own ministry's, anyone else none."""
    if has_global(user, Perm.MANAGE):
        return queryset
    if records_government(user):
        return queryset.filter(ministry=user.ministry_id)
    return queryset.none()


def plan_reflections(user: User, queryset: QuerySet) -> QuerySet:
    """I-G1 records: the secretariat all, a reviewer those of the agencies their ministry
    supervises (and may record, with REVIEW), anyone else none."""
    if has_global(user, Perm.MANAGE):
        return queryset
    return scope(queryset, user, Perm.REVIEW)


# --- Good practice (好事例データベース, practices/) ---------------------------------------
# States are the practice entry's (practices.models.Practice.State values), kept as strings
# so the core imports no app.
PRACTICE_PUBLISHED, PRACTICE_SUBMITTED = "published", "submitted"


def curates_practices(user: User) -> bool:
    """The council of agencies (国研協) curates the good-practice database across agencies:
    its members (``User.council_member``, a flag on an agency user or the secretariat: they
    keep their own role's rights) and the secretariat publish, feature and withdraw the
    entries of every agency. Ministry reviewers and administrators are never members."""
    if has_global(user, Perm.MANAGE):
        return True
    return (_active(user) and bool(getattr(user, "council_member", False))
            and user.role in (Role.AGENCY_EDITOR, Role.AGENCY_APPROVER))


def practices(user: User, queryset: QuerySet) -> QuerySet:
    """The good-practice entries ``user`` may see: published ones for every signed-in user;
    unpublished ones (draft, submitted, withdrawn) for whoever may view the proposing agency
    (its staff, its supervising ministries' reviewers, the secretariat); submitted ones also
    for the council's curators, who review them for publication."""
    if not _active(user):
        return queryset.none()
    condition = Q(state=PRACTICE_PUBLISHED) | Q(agency__in=agencies(user).values("pk"))
    if curates_practices(user):
        condition |= Q(state=PRACTICE_SUBMITTED)
    return queryset.filter(condition)


def practice_attachments(user: User, queryset: QuerySet) -> QuerySet:
    """The files of the entries ``user`` may see (``practices``): a published entry's to
    every signed-in user, an unpublished one's to whoever may see the entry."""
    entries = queryset.model._meta.get_field("practice").related_model.objects.all()
    return queryset.filter(practice__in=practices(user, entries).values("pk"))


def may_publish_practice(user: User, agency: Agency | int) -> bool:
    """Publishing (and withdrawing) an agency's entry: the secretariat, the council's
    curators, or a reviewer of a ministry that supervises the proposing agency."""
    return curates_practices(user) or can(user, Perm.REVIEW, agency)


def may_feature_practices(user: User) -> bool:
    """Marking published entries as featured on the home pages: the secretariat and the
    council's curators (国研協 chooses what every agency should see first)."""
    return curates_practices(user)
