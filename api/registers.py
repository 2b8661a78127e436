"""Read-only endpoints generated from each register declaration (kokken/registers.py).

For every declared ``Register`` (a chapter's ``registers.py``):

* ``/api/v1/<namespace>/<segment>/``: the rows of every agency the user may see
  (``access.scope``), filtered by the register's own FilterSet (the page's filters) plus
  ``agency`` (code) and ``fiscal_year``, paginated like every list;
* ``/api/v1/<namespace>/<segment>/<int:<key>>/``: one row, loaded by a ``Scoped`` rule
  (another agency's row: 404).

A chapter writes nothing for them beyond its declaration. The rows carry no change history
(the models have none); there is no history endpoint.
"""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.module_loading import autodiscover_modules
from rest_framework import serializers

from kokken.access import Load, Perm, Scoped
from kokken.registers import Register, registered

from .views import ReadOnly

# Written by the kit, never sent by the API: the owning agency and the user are shown by name.
OWN_FIELDS = ("id", "agency", "fiscal_year", "updated_at", "updated_by")


def registers() -> list[Register]:
    """Every declared register; each app's ``registers.py`` is imported first."""
    autodiscover_modules("registers")
    return registered()


def serializer_for(register: Register) -> type[serializers.ModelSerializer]:
    model = register.model
    data = [f.name for f in model._meta.concrete_fields if f.name not in OWN_FIELDS]
    meta = type("Meta", (), {"model": model, "read_only_fields": ["id", *data],
                             "fields": ["id", "agency", "fiscal_year", *data, "updated_at",
                                        "updated_by"]})
    return type(f"{model.__name__}Serializer", (serializers.ModelSerializer,), {
        "Meta": meta,
        "agency": serializers.SlugRelatedField(slug_field="code", read_only=True),
        "updated_by": serializers.SlugRelatedField(slug_field="username", read_only=True,
                                                   allow_null=True),
        "__doc__": f"One row of {model._meta.verbose_name_plural}.",
    })


def filterset_for(register: Register) -> type[django_filters.FilterSet]:
    """The page's FilterSet, plus the two things the page takes from its URL."""
    base = register.filterset
    meta = type("Meta", (base.Meta,), {"fields": [*base.Meta.fields, "agency", "fiscal_year"]})
    return type(f"Api{base.__name__}", (base,), {
        "Meta": meta,
        "agency": django_filters.CharFilter(field_name="agency__code"),
        "fiscal_year": django_filters.NumberFilter(min_value=1900, max_value=9999),
    })


def viewset_for(register: Register) -> type[ReadOnly]:
    model = register.model
    order = ("agency__code", "-fiscal_year", *register.sorts[register.default_sort])

    def base_queryset(self) -> QuerySet:
        return model.objects.select_related("agency", "updated_by").order_by(*order)

    name = str(model._meta.verbose_name_plural)
    return type(f"{model.__name__}ViewSet", (ReadOnly,), {
        "__module__": __name__,
        "__doc__": f"The {name} of the agencies you may see (II registers, read-only); "
                   f"filters as on the register's page, plus agency and fiscal_year.",
        "serializer_class": serializer_for(register),
        "filterset_class": filterset_for(register),
        "lookup_url_kwarg": register.key,
        "detail_access_rule": Scoped(Perm.VIEW, Load(register.key)),
        "base_queryset": base_queryset,
    })


def routes() -> list[tuple[str, type[ReadOnly], str]]:
    """(prefix, viewset, basename) for the router: ``hr/cross-appointments``."""
    return [(f"{r.namespace}/{r.segment}", viewset_for(r), f"{r.namespace}-{r.key}")
            for r in registers()]
