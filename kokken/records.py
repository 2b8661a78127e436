"""The annual-record kit: one declaration of a record an agency keeps once per fiscal year
(a salary benchmark, the funding of personnel costs, a set of pay schemes) gives its page.

A chapter app declares an ``AnnualRecord`` (URL segment, form, labels, and the callables only
it knows: how to load the year's record, how to save it) and gets, under the name it gives:

* the page at ``agencies/<agency>/<segment>``: GET shows the form filled with the year's
  record (``?fy=``), POST saves it through the chapter's service and goes back to the
  chapter's page with a message;
* the access rule: ``access.agency_view(perm)`` (EDIT unless declared otherwise), so the view
  receives a loaded, checked Agency; the chapter's service checks the same permission again;
* ``url(agency=, fiscal_year=)`` and ``field_value(name)`` for registry contributions
  (linked questionnaire answers);
* ``<key>_history`` at ``agencies/<agency>/<segment>history/``: every recorded change of the
  year's record (or records: one pay scheme per job category), who, when, field by field;
  ``Perm.VIEW`` on the agency. The declared ``model`` must keep history
  (``kokken.history.Tracked``), or the declaration fails at start-up. The page's save runs
  inside ``history.acting(user)``. The core imports no app: everything chapter-specific arrives as
callables in the declaration;
* a read-only API list at ``/api/v1/<namespace>/<segment>/`` (api/registers.py, from
  ``registered()``): the records of every agency the user may see, by agency and fiscal year.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Model
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import access, history
from .access import Perm
from .models import Agency


class RecordFormMixin:
    """A form of an annual record: built as ``form(data, instance=record)``; ``values()`` is
    what its service saves (a ModelForm's declared fields, unless the form says otherwise)."""

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


@dataclass
class AnnualRecord:
    """One record per agency and fiscal year, edited on one page."""

    key: str                                   # URL name within the chapter's namespace
    namespace: str                             # "hr"
    segment: str                               # URL segment after agencies/<agency>/ ("salary/")
    form: type                                 # (data, instance=record) → form with values()
    labels: dict[str, Any]                     # title, intro, saved; missing (needs_record)
    load: Callable[..., Any]                   # (agency=, fiscal_year=) → the record or None
    save: Callable[..., Any]                   # (agency=, fiscal_year=, record=, values=, user=)
    template: str                              # the chapter's form page
    context: Callable[..., dict]               # (request, agency, fiscal_year, **extra) → context
    year: Callable[..., int]                   # (request, agency) → the fiscal year shown
    back: Callable[..., str]                   # (agency, fiscal_year) → the chapter's page
    model: type[Model]                         # the record's model (its history is shown)
    perm: Perm = Perm.EDIT                     # to open and to save the page
    needs_record: bool = False                 # no record yet: say labels["missing"], go back
    bind_empty: bool = False                   # checkboxes only: an empty POST is an answer
    extra: Callable[[Any], dict] = field(default=lambda record: {})  # more page context
    history: bool = True                       # False: another declaration shows its history
    row_name: Callable[[Any], str] | None = None  # names each row of a several-row record
    files: bool = False                        # the form takes uploads: form(data, files, …)

    def __post_init__(self) -> None:
        history.require_tracked(self.model, f"AnnualRecord {self.namespace}:{self.key}")
        known = _REGISTRY.setdefault((self.namespace, self.key), self)
        if known is not self:
            raise ImproperlyConfigured(
                f"AnnualRecord {self.namespace}:{self.key} is declared twice")

    @property
    def url_name(self) -> str:
        return f"{self.namespace}:{self.key}"

    def url(self, *, agency, fiscal_year: int) -> str:
        return f"{reverse(self.url_name, kwargs={'agency': agency.code})}?fy={fiscal_year}"

    def field_value(self, name: str) -> Callable[..., str | None]:
        """``(agency=, fiscal_year=)`` → the record's ``name`` as a form would post it.
        Within :func:`one_load_per_record`, the record is read once for all its fields."""
        def value(*, agency, fiscal_year: int) -> str | None:
            loaded = _LOADED.get()
            key = (self.namespace, self.key, agency.pk, fiscal_year)
            if loaded is not None and key in loaded:
                record = loaded[key]
            else:
                record = self.load(agency=agency, fiscal_year=fiscal_year)
                if loaded is not None:
                    loaded[key] = record
            raw = None if record is None else getattr(record, name)
            return None if raw in (None, "") else str(raw)

        return value

    def view(self):
        @access.agency_view(self.perm)
        def view(request, agency):
            fiscal_year = self.year(request, agency)
            record = self.load(agency=agency, fiscal_year=fiscal_year)
            if record is None and self.needs_record:
                messages.info(request, self.labels["missing"])
                return redirect(self.back(agency, fiscal_year))
            posted = request.method == "POST" and (self.bind_empty or bool(request.POST))
            data = request.POST if posted else None
            form = (self.form(data, request.FILES if posted else None, instance=record)
                    if self.files else self.form(data, instance=record))
            if posted and form.is_valid():
                with history.acting(request.user):
                    self.save(agency=agency, fiscal_year=fiscal_year, record=record,
                              values=form.values(), user=request.user)
                messages.success(request, self.labels["saved"])
                return redirect(self.back(agency, fiscal_year))
            return render(request, self.template, self.context(
                request, agency, fiscal_year, form=form, title=self.labels["title"],
                intro=self.labels.get("intro", ""), back=self.back(agency, fiscal_year),
                history_url=self.history_url(agency=agency, fiscal_year=fiscal_year)
                if self.history else "", **self.extra(record)))

        view.__name__ = view.__qualname__ = self.key
        return view

    def history_url(self, *, agency, fiscal_year: int) -> str:
        return (f"{reverse(f'{self.url_name}_history', kwargs={'agency': agency.code})}"
                f"?fy={fiscal_year}")

    def history_view(self):
        @access.agency_view(Perm.VIEW)
        @require_safe
        def view(request, agency):
            fiscal_year = self.year(request, agency)
            records = history.records_of(self.model, agency_id=agency.pk,
                                         fiscal_year=fiscal_year)
            entries = history.entries(records, self.model)
            if self.row_name is not None:
                for entry in entries:
                    entry.subject = self.row_name(entry.record)
            return render(request, "kokken/history.html", self.context(
                request, agency, fiscal_year, entries=entries,
                title=_("Change history: %(name)s") % {"name": self.labels["title"]},
                back=self.url(agency=agency, fiscal_year=fiscal_year)))

        view.__name__ = view.__qualname__ = f"{self.key}_history"
        return view

    def urls(self) -> list:
        a = f"agencies/<slug:agency>/{self.segment}"
        return [path(a, self.view(), name=self.key)] + (
            [path(a + "history/", self.history_view(), name=f"{self.key}_history")]
            if self.history else [])


# Every declared annual record, by (namespace, key): the API app lists their models' rows
# (api/registers.py), so a chapter gets the endpoint from its declaration alone.
_REGISTRY: dict[tuple[str, str], AnnualRecord] = {}


def registered() -> list[AnnualRecord]:
    """One declaration per model, the first declared (a second page on the same model, such
    as a ministry's check of the salary benchmark, shows the same record). Import each app's
    records.py first: ``autodiscover_modules("records")``."""
    by_model: dict[type[Model], AnnualRecord] = {}
    for record in _REGISTRY.values():
        by_model.setdefault(record.model, record)
    return list(by_model.values())


_LOADED: contextvars.ContextVar[dict | None] = contextvars.ContextVar("records_loaded",
                                                                     default=None)


@contextmanager
def one_load_per_record():
    """Within it, ``AnnualRecord.field_value`` reads each record once (a section restating
    three fields of one record read it three times). For one page's rendering only: a record
    read here is not seen to change until the block ends."""
    token = _LOADED.set({})
    try:
        yield
    finally:
        _LOADED.reset(token)


# --- The loads and saves of a one-record-per-year model (a chapter's selectors and services
# call these rather than writing them again) ------------------------------------------------

def record_of(model: type[Model]) -> Callable[..., Any]:
    """``(agency=, fiscal_year=)`` → the one record of ``model`` the agency keeps for the
    year, or None. One query. An ``AnnualRecord``'s ``load``."""
    def load(*, agency, fiscal_year: int):
        return model.objects.filter(agency=agency, fiscal_year=fiscal_year).first()

    return load


@history.by_user
def record_save(model: type[Model], *, agency, fiscal_year: int, values: dict, user,
                perm: Perm = Perm.EDIT):
    """Save the agency's one record of ``model`` for the year: ``perm`` on the agency
    (``access.require``), then ``values`` set, ``updated_by``, ``full_clean()`` and
    ``save()``, recorded in the history as ``user``'s. Two first saves at once give one row
    (the agency's row lock serialises them; the unique constraint stays behind)."""
    access.require(user, perm, agency)
    with transaction.atomic():
        Agency.objects.select_for_update().filter(pk=agency.pk).first()
        record = (model.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
                  or model(agency=agency, fiscal_year=fiscal_year))
        for name, value in values.items():
            setattr(record, name, value)
        record.updated_by = user
        record.full_clean()
        record.save()
    return record


def yearly(service: Callable[..., Any]) -> Callable[..., Any]:
    """An ``AnnualRecord``'s ``save`` from a service ``(agency=, fiscal_year=, values=,
    user=)`` that loads the record itself."""
    def save(*, agency, fiscal_year, values, user, record=None):
        return service(agency=agency, fiscal_year=fiscal_year, values=values, user=user)

    return save
