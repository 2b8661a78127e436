"""Read-only endpoints generated from each register declaration (kokken/registers.py).

For every declared ``Register`` (a chapter's ``registers.py``):

* ``/api/v1/<namespace>/<segment>/``: the rows of every agency the user may see
  (``access.scope``), filtered by the register's own FilterSet (the page's filters) plus
  ``agency`` (code) and ``fiscal_year``, paginated like every list;
* ``/api/v1/<namespace>/<segment>/<int:<key>>/``: one row, loaded by a ``Scoped`` rule
  (another agency's row: 404);
* ``/api/v1/<namespace>/<segment>/<int:<key>>/history/``: every recorded change of that row
  (``kokken.history``), newest first, under the same rule.

A chapter writes nothing for them beyond its declaration.

Each declared ``AnnualRecord`` (kokken/records.py) likewise gets
``/api/v1/<namespace>/<segment>/``: the year's records of every agency the user may see,
filtered by ``agency`` (code) and ``fiscal_year``. Read-only, list only: a record is found
by its agency and year, and its page shows its history.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

import django_filters
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import FileField, QuerySet
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from kokken import access, figures
from kokken import history as kit_history
from kokken import records as kit_records
from kokken.access import Load, Scoped
from kokken.records import AnnualRecord
from kokken.registers import Register, registered

from .base import AccessViewSet
from .serializers import PlainRows
from .views import ReadOnly

# Written by the kit, never sent by the API: the owning agency and the user are shown by name.
OWN_FIELDS = ("id", "agency", "fiscal_year", "updated_at", "updated_by")


def registers() -> list[Register]:
    """Every declared register; each app's ``registers.py`` is imported first."""
    autodiscover_modules("registers")
    return registered()


def _user_fields(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields
            if f.is_relation and f.related_model is get_user_model()]


def _with_names(queryset: QuerySet) -> QuerySet:
    """The rows with their agency and users joined for what the serializer shows of them,
    the agency's code and the users' names: every column of both (an agency's JSON sources
    among them) for each row of a page, and for each row PostgreSQL sorts before the limit,
    were half a list's query time (issue 18)."""
    model = queryset.model
    agency = model._meta.get_field("agency").related_model
    keep = {"agency": {"id", "code"}, **{name: {"id", "username"} for name in _user_fields(model)}}
    related = {"agency": agency, **{name: get_user_model() for name in _user_fields(model)}}
    deferred = [f"{name}__{field.name}" for name, to in related.items()
                for field in to._meta.concrete_fields if field.name not in keep[name]]
    return queryset.select_related(*related).defer(*deferred)


def serializer_for(register: Register | AnnualRecord) -> type[serializers.ModelSerializer]:
    model = register.model
    # A stored file (a strategy document) has its own logged download page, not a media URL.
    data = [f.name for f in model._meta.concrete_fields
            if f.name not in OWN_FIELDS and not isinstance(f, FileField)]
    meta = type("Meta", (), {"model": model, "read_only_fields": ["id", *data],
                             "fields": ["id", "agency", "fiscal_year", *data, "updated_at",
                                        "updated_by"]})
    # Users are shown by user name (updated_by, reviewed_by …), never by their database id.
    users = {name: serializers.SlugRelatedField(slug_field="username", read_only=True,
                                                allow_null=True) for name in _user_fields(model)}
    return type(f"{model.__name__}Serializer", (PlainRows, serializers.ModelSerializer), {
        "Meta": meta,
        "agency": serializers.SlugRelatedField(slug_field="code", read_only=True),
        **users,
        "__doc__": f"One row of {model._meta.verbose_name_plural}.",
    })


class YearFilter(django_filters.FilterSet):
    """What an annual record is found by: its agency (code) and fiscal year."""

    agency = django_filters.CharFilter(field_name="agency__code")
    fiscal_year = django_filters.NumberFilter(min_value=1900, max_value=9999)


def filterset_for(register: Register) -> type[django_filters.FilterSet]:
    """The page's FilterSet, plus the two things the page takes from its URL."""
    base = register.filterset
    meta = type("Meta", (base.Meta,), {"fields": [*base.Meta.fields, "agency", "fiscal_year"]})
    return type(f"Api{base.__name__}", (base,), {
        "Meta": meta,
        "agency": django_filters.CharFilter(field_name="agency__code"),
        "fiscal_year": django_filters.NumberFilter(min_value=1900, max_value=9999),
    })


TYPES = {"+": "created", "~": "changed", "-": "deleted"}

CHANGE = inline_serializer("HistoryChange", {
    "field": serializers.CharField(), "label": serializers.CharField(),
    "old": serializers.JSONField(allow_null=True), "new": serializers.JSONField(allow_null=True)})
ENTRY = inline_serializer("HistoryEntry", {
    "history_id": serializers.IntegerField(),
    "type": serializers.ChoiceField(choices=list(TYPES.values())),
    "at": serializers.DateTimeField(), "user": serializers.CharField(allow_null=True),
    "changes": CHANGE.__class__(many=True)})


def _raw(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def history_of(model, pk: int) -> list[dict]:
    """The row's history records, newest first, each with its changed fields (raw values;
    on a creation every field set)."""
    fields = [f for f in model._meta.concrete_fields if f.name not in kit_history.NOT_DIFFED]
    previous, out = None, []
    for record in kit_history.records_of(model, id=pk):
        changes = []
        for f in fields:
            new = getattr(record, f.attname)
            old = getattr(previous, f.attname) if previous is not None else None
            if (record.history_type == "+" and new not in (None, "")) or (
                    record.history_type == "~" and previous is not None and old != new):
                changes.append({"field": f.attname, "label": str(f.verbose_name),
                                "old": _raw(old), "new": _raw(new)})
        out.append({"history_id": record.history_id, "type": TYPES[record.history_type],
                    "at": timezone.localtime(record.history_date).isoformat(),
                    "user": record.history_user.username if record.history_user_id else None,
                    "changes": changes})
        previous = record
    out.reverse()
    return out


def viewset_for(register: Register) -> type[ReadOnly]:
    model = register.model
    order = ("agency__code", "-fiscal_year", *register.sorts[register.default_sort])

    def base_queryset(self) -> QuerySet:
        return _with_names(model.objects.all()).order_by(*order)

    def get_queryset(self) -> QuerySet:
        # A restricted register (Perm.RESTRICTED) lists only what its page would show; a
        # register with ``visible`` (published good practices) what that rule gives.
        if register.visible is not None:
            return register.visible(self.request.user, self.base_queryset())
        return access.scope(self.base_queryset(), self.request.user, register.perm)

    def paginate_queryset(self, queryset):
        # Every row of the register, unfiltered, for a viewer who sees every agency: the
        # count of ten years of rows (1 ms of PostgreSQL on every page of the list) is the
        # register's own row count, kept under its version (issue 18).
        unfiltered = not set(self.request.query_params) - {"page", "page_size"}
        if (unfiltered and register.visible is None
                and access.sees_every_agency(self.request.user, register.perm)):
            count = figures.cached(f"api-count:{register.namespace}:{register.key}", (),
                                   figures.registers_version(self.request, [model._meta.app_label]),
                                   queryset.count)
            self.paginator.django_paginator_class = functools.partial(CountedPaginator,
                                                                      count=count)
        return ReadOnly.paginate_queryset(self, queryset)

    def list_rows(self, request, *args, **kwargs):
        response = ReadOnly.list(self, request, *args, **kwargs)
        if register.audit_views and response.status_code == 200:
            rows = response.data.get("results", response.data) if isinstance(
                response.data, dict) else response.data
            register.record_views([_Row(row["id"]) for row in rows])
        return response

    @extend_schema(responses={200: ENTRY.__class__(many=True)}, filters=False)
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request, **kwargs):
        """Every recorded change of the row, newest first: who (user name), when, and each
        changed field's old and new value."""
        return Response(history_of(model, self.get_object().pk))

    name = str(model._meta.verbose_name_plural)
    return type(f"{model.__name__}ViewSet", (ReadOnly,), {
        "history": history,
        "__module__": __name__,
        "__doc__": f"The {name} of the agencies you may see (II registers, read-only); "
                   f"filters as on the register's page, plus agency and fiscal_year.",
        "serializer_class": serializer_for(register),
        "filterset_class": filterset_for(register),
        "lookup_url_kwarg": register.key,
        "detail_access_rule": Scoped(register.perm, Load(register.key, see=register.perm,
                                                         visible=register.visible)),
        "base_queryset": base_queryset,
        "get_queryset": get_queryset,
        "list": list_rows,
        "paginate_queryset": paginate_queryset,
    })


class CountedPaginator(Paginator):
    """A paginator given its count (``viewset_for``'s cached count of an unfiltered list)."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count  # the cached_property's value


class _Row:
    """A serialized row's id, for the view log."""

    def __init__(self, pk):
        self.pk = pk


def annual_records() -> list[AnnualRecord]:
    """Every declared annual record, one per model; each app's ``records.py`` is imported
    first."""
    autodiscover_modules("records")
    return kit_records.registered()


def record_prefix(record: AnnualRecord) -> str:
    return f"{record.namespace}/{record.segment.strip('/')}"


class ListOnly(mixins.ListModelMixin, AccessViewSet):
    pass


def record_viewset_for(record: AnnualRecord) -> type[ListOnly]:
    model = record.model
    meta = type("Meta", (), {"model": model, "fields": ["agency", "fiscal_year"]})

    def get_queryset(self) -> QuerySet:
        return access.scope(_with_names(model.objects.all()).order_by(
            "agency__code", "-fiscal_year", "pk"), self.request.user, access.Perm.VIEW)

    name = str(model._meta.verbose_name_plural)
    return type(f"{model.__name__}RecordViewSet", (ListOnly,), {
        "__module__": __name__,
        "__doc__": f"The {name} of the agencies you may see, one set per agency and fiscal "
                   f"year (annual record, read-only); filter by agency and fiscal_year.",
        "serializer_class": serializer_for(record),
        "filterset_class": type(f"{model.__name__}YearFilter", (YearFilter,), {"Meta": meta}),
        "get_queryset": get_queryset,
    })


def routes() -> list[tuple[str, type[AccessViewSet], str]]:
    """(prefix, viewset, basename) for the router: ``hr/cross-appointments``, ``hr/salary``.
    A record's segment may not take a register's place."""
    found = [(f"{r.namespace}/{r.segment}", viewset_for(r), f"{r.namespace}-{r.key}")
             for r in registers()]
    taken = {prefix for prefix, _, _ in found}
    for record in annual_records():
        prefix = record_prefix(record)
        if prefix in taken:
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured(f"API route {prefix} is declared twice")
        found.append((prefix, record_viewset_for(record), f"{record.namespace}-{record.key}"))
    return found
