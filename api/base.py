"""Access for API views: the same rules and the same access module as the pages.

A viewset declares ``access_rule`` for its collection routes and
``detail_access_rule`` for routes whose URL names one object; ``as_view`` puts
the route's rule on the view function, where ``AccessMiddleware`` and the
access-matrix test read it (``access.rule_of``). ``AccessPermission`` enforces
the rule before any handler runs, so an outsider gets 404 whatever the method.
"""

from __future__ import annotations

import copy

from django.db.models import Model, QuerySet
from django.http import Http404
from rest_framework import permissions, viewsets

from kokken import access
from kokken.access import Perm, Rule, SignedIn


class AccessPermission(permissions.BasePermission):
    """Signed in, active, and the route's rule holds (404 for outsiders, 403 without the right).

    The same dispatch as the pages: ``rule.resolve`` loads and checks the URL's objects; the
    view keeps them for ``get_object``.
    """

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if not hasattr(view, "get_access_rule"):  # a DRF view of a library (schema, docs)
            access.rule_of(request.resolver_match.func).resolve(user, dict(view.kwargs))
            return True
        view.resolved = view.get_access_rule().resolve(user, dict(view.kwargs),
                                                       view.rule_querysets())
        return True


class AccessViewSet(viewsets.GenericViewSet):
    """Querysets come only from ``kokken.access``.

    * ``access_rule``: collection routes (usually ``SignedIn()``: the list is scoped).
    * ``detail_access_rule``: routes with ``lookup_url_kwarg`` in the URL, e.g.
      ``Scoped(Perm.VIEW, Load("sheet_id", field="agency"))`` (the queryset is the viewset's
      ``base_queryset()``), ``AgencyRule(Perm.VIEW, "agency")`` or ``MinistryRule("ministry")``.
      Detail routes under a ``SignedIn`` rule find the object in ``get_queryset()``.
    * An extra action may ask for another permission: ``@action(..., access_perm=Perm.EDIT)``.
    """

    access_rule: Rule = SignedIn()
    detail_access_rule: Rule | None = None
    access_perm: Perm | None = None
    permission_classes = [AccessPermission]
    lookup_value_converter = "int"

    @classmethod
    def rule_for(cls, detail: bool, perm: Perm | None = None) -> Rule:
        if detail and cls.detail_access_rule is not None:
            rule = cls.detail_access_rule
            if perm is not None:
                rule = copy.copy(rule)
                rule.perm = perm
            return rule
        return cls.access_rule

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        view = super().as_view(actions, **initkwargs)
        view.access_rule = cls.rule_for(bool(initkwargs.get("detail")),
                                        initkwargs.get("access_perm"))
        return view

    def get_access_rule(self) -> Rule:
        return self.rule_for(bool(self.detail), self.access_perm)

    def rule_querysets(self) -> dict[str, QuerySet]:
        """Querysets a rule's ``Load`` without one of its own uses: the viewset's rows."""
        return {self.lookup_url_kwarg or self.lookup_field: self.base_queryset()}

    def base_queryset(self) -> QuerySet:
        """All rows of the resource, before scoping; override to select/prefetch."""
        return self.get_serializer_class().Meta.model.objects.all()

    def get_queryset(self) -> QuerySet:
        """The rows the user may see (list routes)."""
        return access.scope(self.base_queryset(), self.request.user, Perm.VIEW)

    def get_object(self):
        kwarg = self.lookup_url_kwarg or self.lookup_field
        resolved = getattr(self, "resolved", {}).get(kwarg)
        if isinstance(resolved, Model):
            obj = resolved
        else:
            obj = self.get_queryset().filter(**{self.lookup_field: self.kwargs[kwarg]}).first()
            if obj is None:
                raise Http404
        self.check_object_permissions(self.request, obj)
        return obj
