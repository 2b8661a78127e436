"""Change history of register rows and annual records, on django-simple-history.

A chapter's register model inherits :class:`Tracked` (``hr.models.Register`` does) and gets:

* a ``Historical<Model>`` table (made by its app's migrations) with one record per create,
  change and delete: who (the acting user, by username only), when, and the row as it was;
* a queryset that cannot bypass history: ``update()`` and ``bulk_update()`` raise (they send
  no signal, so simple-history would not see them), ``bulk_create()`` writes the history
  records with the rows, ``delete()`` goes row by row through the delete signal.

The acting user: whoever writes says who acts, with ``history.acting(user)`` (the kit's
generated views, its Excel import and the chapter's services all do); inside a request
without it, the signed-in user of the request (simple-history's HistoryRequestMiddleware).
Outside both (a migration, a demo seeder), nobody: the record says "system".

The kit refuses at start-up a ``Register`` or ``AnnualRecord`` whose model keeps no history
(:func:`require_tracked`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords
from simple_history.utils import get_history_manager_for_model

from . import wareki

_acting: ContextVar[Any] = ContextVar("kokken_history_user", default=None)

# Written by the kit on every save: the history record's own user and date say the same.
NOT_DIFFED = ("id", "agency", "fiscal_year", "updated_at", "updated_by")


@contextmanager
def acting(user) -> Iterator[None]:
    """Every history record written inside the block names ``user`` as who acted."""
    token = _acting.set(user)
    try:
        yield
    finally:
        _acting.reset(token)


def by_user(service: Callable) -> Callable:
    """A service's writes are recorded as its ``user=`` argument's (a keyword, as always)."""
    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        with acting(kwargs["user"]):
            return service(*args, **kwargs)

    return wrapper


def acting_user():
    return _acting.get()


def history_user(instance=None, request=None, **kwargs):
    """simple-history's ``get_user``: the acting user, else the request's signed-in user."""
    user = _acting.get()
    if user is None and request is not None:
        user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


class BypassesHistory(TypeError):
    """A write that would change register rows without leaving history records."""


class TrackedQuerySet(models.QuerySet):
    """Writes that go through ``save()``/``delete()`` only, so history sees all of them."""

    def update(self, **kwargs):
        raise BypassesHistory(
            f"{self.model.__name__}.objects.update() changes rows without history: load the "
            f"rows and save() each one (through the chapter's service).")

    def bulk_update(self, *args, **kwargs):
        raise BypassesHistory(
            f"{self.model.__name__}.objects.bulk_update() changes rows without history: "
            f"save() each row (through the chapter's service).")

    def bulk_create(self, objs, *args, **kwargs):
        """The rows, then one history record each, naming the acting user."""
        if kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts"):
            raise BypassesHistory(
                f"{self.model.__name__}.objects.bulk_create() with conflicts ignored or "
                f"updated cannot record history.")
        created = super().bulk_create(objs, *args, **kwargs)
        if any(obj.pk is None for obj in created):  # pragma: no cover - every backend we run
            raise BypassesHistory(f"{self.model.__name__}: bulk_create returned no ids.")
        get_history_manager_for_model(self.model).bulk_history_create(
            created, default_user=history_user(), default_date=timezone.now())
        from .figures import registers_changed  # no signal for bulk history records

        registers_changed(self.model._meta.app_label)
        return created


class Tracked(models.Model):
    """Abstract base of every register row and annual record: history, guarded writes."""

    objects = TrackedQuerySet.as_manager()
    history = HistoricalRecords(inherit=True, get_user=history_user)

    class Meta:
        abstract = True


def _updated_at() -> models.DateTimeField:
    return models.DateTimeField(_lazy("updated at"), auto_now=True)


def _updated_by() -> models.ForeignKey:
    return models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_lazy("updated by"))


class Stamped(Tracked):
    """A tracked row that also says who changed it last, and when (the lists' "last update").
    For a row that is not one agency's row of one fiscal year (a catalogue entry, a request
    between two agencies); the others inherit ``Register``."""

    updated_at = _updated_at()
    updated_by = _updated_by()

    class Meta(Tracked.Meta):
        abstract = True


class Register(Tracked):
    """Abstract base of one agency's register row or annual record of one fiscal year: owner,
    year, last editor, and (from ``Tracked``) the history of every change."""

    agency = models.ForeignKey("kokken.Agency", on_delete=models.CASCADE, related_name="+",
                               verbose_name=_lazy("agency"))
    fiscal_year = models.PositiveSmallIntegerField(
        _lazy("fiscal year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    updated_at = _updated_at()
    updated_by = _updated_by()

    class Meta(Tracked.Meta):
        abstract = True


def is_tracked(model: type[models.Model]) -> bool:
    return issubclass(model, Tracked) and hasattr(model, "history")


def require_tracked(model: type[models.Model] | None, declared: str) -> None:
    """Fail at start-up, saying what to do, for a declaration whose model keeps no history."""
    if model is None or not is_tracked(model) or not isinstance(
            model._default_manager.get_queryset(), TrackedQuerySet):
        name = getattr(model, "__name__", model)
        raise ImproperlyConfigured(
            f"{declared}: model {name} keeps no change history. Make it inherit "
            f"kokken.history.Tracked (directly or through the chapter's abstract base), keep "
            f"its TrackedQuerySet manager, and run makemigrations for its Historical{name} "
            f"table.")


# --- reading history ------------------------------------------------------------------

ACTIONS = {"+": pgettext_lazy("history", "Created"), "~": pgettext_lazy("history", "Changed"),
           "-": pgettext_lazy("history", "Deleted")}


@dataclass
class Change:
    field: str          # the field's verbose name, in the user's language
    old: str
    new: str


@dataclass
class Entry:
    record: Any                      # the historical record
    action: str                      # Created / Changed / Deleted
    when: str                        # 和暦 date and Japan time (the English date in English)
    when_iso: str                    # for <time datetime>
    who: str                         # the acting user's username, or "system"
    changes: list[Change]
    first_seen: bool = False         # a change whose earlier values were not recorded
    subject: str = ""                # which row, when a page shows several


def show(field: models.Field, value: Any, users: dict[int, str]) -> str:
    """A field's value as a person reads it."""
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, models.ForeignKey):
        return users.get(value, "—") if field.related_model is _user_model() else str(value)
    if isinstance(value, datetime):
        return moment(value)
    if isinstance(value, date):
        return wareki.date_label(value)
    return str(value)


def _user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()


def moment(value: datetime) -> str:
    """令和8年12月2日 16:43 (Japan time; the English date in English)."""
    local = timezone.localtime(value)
    return f"{wareki.date_label(local)} {local:%H:%M}"


def entries(records: list, model: type[models.Model]) -> list[Entry]:
    """``records`` (historical records of one or more rows, oldest first) as page entries,
    newest first, each with its field-level changes against the row's previous record.

    No query beyond one for the users named in user fields (``records`` come with
    ``history_user`` selected)."""
    fields = [f for f in model._meta.concrete_fields if f.name not in NOT_DIFFED]
    user_ids = {getattr(r, f.attname) for r in records for f in fields
                if isinstance(f, models.ForeignKey) and f.related_model is _user_model()}
    user_ids.discard(None)
    users = dict(_user_model().objects.filter(pk__in=user_ids).values_list("pk", "username")) \
        if user_ids else {}
    previous: dict[Any, Any] = {}
    out = []
    for record in records:
        before = previous.get(record.id)
        changes = []
        if record.history_type == "~" and before is not None:
            for f in fields:
                old, new = getattr(before, f.attname), getattr(record, f.attname)
                if old != new:
                    changes.append(Change(str(f.verbose_name), show(f, old, users),
                                          show(f, new, users)))
        elif record.history_type == "+":
            changes = [Change(str(f.verbose_name), "", show(f, getattr(record, f.attname), users))
                       for f in fields if getattr(record, f.attname) not in (None, "")]
        previous[record.id] = record
        who = record.history_user.username if record.history_user_id else _("system")
        out.append(Entry(record=record, action=str(ACTIONS[record.history_type]),
                         when=moment(record.history_date),
                         when_iso=timezone.localtime(record.history_date).isoformat(),
                         who=who, changes=changes,
                         first_seen=record.history_type == "~" and before is None))
    out.reverse()
    return out


def records_of(model: type[models.Model], **where) -> list:
    """The historical records matching ``where``, oldest first, with their users."""
    manager = get_history_manager_for_model(model)
    return list(manager.filter(**where).select_related("history_user")
                .order_by("history_date", "history_id"))
