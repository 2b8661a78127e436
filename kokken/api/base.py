"""Access for API views: the same rules and the same access module as the pages.

A viewset declares ``access_rule`` for its collection routes and
``detail_access_rule`` for routes whose URL names one object; ``as_view`` puts
the route's rule on the view function, where ``AccessMiddleware`` and the
access-matrix test read it (``access.rule_of``). ``AccessPermission`` enforces
the rule before any handler runs, so an outsider gets 404 whatever the method.
"""

from __future__ import annotations

from dataclasses import replace

from django.db.models import QuerySet
from django.http import Http404
from rest_framework import permissions, viewsets

from kokken import access
from kokken.access import Perm, Rule


class AccessPermission(permissions.BasePermission):
    """Signed in, active, and the route's rule holds (404 for outsiders, 403 without the right)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        rule = view.get_access_rule()
        if rule.kind == "global":
            return access.has_global(user, rule.perm)
        if rule.kind in ("agency", "ministry", "scoped"):
            view.get_object()  # raises 404 / 403 through kokken.access
        return True


class AccessViewSet(viewsets.GenericViewSet):
    """Querysets come only from ``kokken.access``.

    * ``access_rule``: collection routes (usually ``Rule("signed_in")``: the list is scoped).
    * ``detail_access_rule``: routes with ``lookup_url_kwarg`` in the URL.
      ``Rule("scoped", perm, (kwarg,))`` loads the object with
      ``access.get_scoped_or_404`` (its agency through ``scope_field``);
      ``Rule("agency")`` / ``Rule("ministry")`` load the agency / ministry itself.
    * An extra action may ask for another permission: ``@action(..., access_perm=Perm.EDIT)``.
    """

    access_rule: Rule = Rule("signed_in")
    detail_access_rule: Rule | None = None
    access_perm: Perm | None = None
    scope_field = "agency"
    permission_classes = [AccessPermission]
    lookup_value_converter = "int"

    @classmethod
    def rule_for(cls, detail: bool, perm: Perm | None = None) -> Rule:
        if detail and cls.detail_access_rule is not None:
            rule = cls.detail_access_rule
            return replace(rule, perm=perm) if perm is not None else rule
        return cls.access_rule

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        view = super().as_view(actions, **initkwargs)
        view.access_rule = cls.rule_for(bool(initkwargs.get("detail")),
                                        initkwargs.get("access_perm"))
        return view

    def get_access_rule(self) -> Rule:
        return self.rule_for(bool(self.detail), self.access_perm)

    def base_queryset(self) -> QuerySet:
        """All rows of the resource, before scoping; override to select/prefetch."""
        return self.get_serializer_class().Meta.model.objects.all()

    def get_queryset(self) -> QuerySet:
        """The rows the user may see (list routes)."""
        return access.scope(self.base_queryset(), self.request.user, Perm.VIEW, self.scope_field)

    def get_object(self):
        if getattr(self, "_object", None) is not None:
            return self._object
        rule = self.get_access_rule()
        user = self.request.user
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        if rule.kind == "scoped":
            obj = access.get_scoped_or_404(self.base_queryset(), user, rule.perm,
                                           self.scope_field, **{self.lookup_field: value})
        elif rule.kind == "agency":
            obj = access.get_agency(user, value, rule.perm or Perm.VIEW)
        elif rule.kind == "ministry":
            obj = access.ministries(user).filter(**{self.lookup_field: value}).first()
            if obj is None:
                raise Http404
        else:
            obj = self.get_queryset().filter(**{self.lookup_field: value}).first()
            if obj is None:
                raise Http404
        self.check_object_permissions(self.request, obj)
        self._object = obj
        return obj
