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
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Callable

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
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


# What each role may do with the agencies it reaches (see ``agencies()``).
AGENCY_PERMS: dict[str, frozenset[Perm]] = {
    Role.AGENCY_EDITOR: frozenset({Perm.VIEW, Perm.EDIT}),
    Role.AGENCY_APPROVER: frozenset({Perm.VIEW, Perm.EDIT, Perm.APPROVE}),
    Role.MINISTRY_REVIEWER: frozenset({Perm.VIEW, Perm.REVIEW}),
    Role.SECRETARIAT: frozenset({Perm.VIEW}),
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


def scope(queryset: QuerySet, user: User, perm: Perm = Perm.VIEW,
          field: str = "agency") -> QuerySet:
    """Restrict any queryset whose rows belong to an agency (via ``field``)."""
    return queryset.filter(**{f"{field}__in": agencies(user, perm).values("pk")})


def get_agency(user: User, code: str, perm: Perm = Perm.VIEW) -> Agency:
    try:
        agency = agencies(user, Perm.VIEW).prefetch_related("ministries").get(code=code)
    except Agency.DoesNotExist:
        raise Http404 from None
    check(user, perm, agency)
    audit.record_view(agency, agency_id=agency.pk)
    return agency


def get_scoped_or_404(queryset: QuerySet, user: User, perm: Perm = Perm.VIEW,
                      field: str = "agency", **lookup) -> Model:
    """One object the user may see, then ``perm`` on its agency (403 if lacking)."""
    try:
        obj = scope(queryset, user, Perm.VIEW, field).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None
    agency_id = _follow(obj, field)
    check(user, perm, agency_id)
    audit.record_view(obj, agency_id=agency_id)
    return obj


def _follow(obj: Model, field: str) -> int:
    *path, last = field.split("__")
    for part in path:
        obj = getattr(obj, part)
    return getattr(obj, f"{last}_id")


# --- View rules -------------------------------------------------------------
# The middleware reads ``view.access_rule``; a view without one is refused.

@dataclass(frozen=True)
class Rule:
    kind: str  # "public" | "signed_in" | "global" | "agency" | "ministry" | "scoped"
    perm: Perm | None = None
    # For "scoped" views: which URL kwargs name objects that belong to an agency.
    objects: tuple[str, ...] = ()


def _declare(rule: Rule) -> Callable:
    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        wrapped.access_rule = rule
        return wrapped

    return decorator


def public(view):
    """No sign-in needed (sign-in itself, password reset, health check)."""
    return _declare(Rule("public"))(view)


def signed_in(view):
    """Any signed-in user; the view shows only what ``scope()`` gives them."""
    return _declare(Rule("signed_in"))(view)


def requires(perm: Perm):
    """A permission that is not about one agency (e.g. MANAGE for the secretariat)."""
    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            check(request.user, perm)
            return view(request, *args, **kwargs)

        wrapped.access_rule = Rule("global", perm)
        return wrapped

    return decorator


def agency_view(perm: Perm = Perm.VIEW):
    """The URL carries ``<agency>`` (its code); the view receives the Agency."""
    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, agency: str, **kwargs):
            return view(request, *args, agency=get_agency(request.user, agency, perm), **kwargs)

        wrapped.access_rule = Rule("agency", perm)
        return wrapped

    return decorator


def ministry_view(view):
    """The URL carries ``<ministry>`` (its code); the view receives the Ministry."""
    @functools.wraps(view)
    def wrapped(request, *args, ministry: str, **kwargs):
        try:
            obj = ministries(request.user).get(code=ministry)
        except Ministry.DoesNotExist:
            raise Http404 from None
        return view(request, *args, ministry=obj, **kwargs)

    wrapped.access_rule = Rule("ministry")
    return wrapped


def scoped(perm: Perm, *objects: str):
    """The view loads agency-owned objects named by URL kwargs through ``scope()``.

    The decorator only declares; the view must call ``get_scoped_or_404``.
    The access-matrix test proves outsiders get 403/404 from it.
    """
    return _declare(Rule("scoped", perm, tuple(objects)))


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


def mfa_step(view):
    """Signed in with a password, second factor not yet confirmed (verify / set-up pages)."""
    return _declare(Rule("mfa_step"))(view)
