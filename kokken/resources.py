"""Register import and export on django-import-export: widgets and the register's ModelResource.

A register declares its Excel columns once (``Register(excel=[("direction", _("Direction")),
…])``); :func:`register_resource` derives a ``ModelResource`` from them and the model:

* each column's widget follows the model field: choices (stored code or its label in Japanese
  or English), yes/no (はい/いいえ, Yes/No, 1/0 …), whole numbers within the field's
  Min/MaxValueValidators, Western-calendar dates within the boundary's years, text within
  ``max_length``; a column is required when the field may not be blank;
* every cell message names the column by its header, in the user's language;
* imported rows are new rows of the agency and fiscal year given to the resource
  (``force_init_instance``), saved with one ``bulk_create``;
* export writes the same headers (in the current language) and the same cell words, so an
  export reads back unchanged.

import-export does the per-row work (widgets, errors per field, dry run); ``kokken.excel``
does what it cannot: the boundary checks of the file, headers in any language and order,
sheet/row/column messages, all-or-nothing with the register's "replace".
"""

from __future__ import annotations

import functools

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from django.core import validators
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from kokken import boundary

TRUE = {"1", "true", "yes", "y", "はい", "有", "あり", "○", "〇", "✓"}
FALSE = {"0", "false", "no", "n", "いいえ", "無", "なし", "×", "-", "－"}


def normalise(text: Any) -> str:
    return str(text or "").replace("※必須", "").replace("※任意", "").strip().lower()


def in_every_language(text: Any) -> set[str]:
    """``text`` (a lazy string) as normalised in Japanese and in English."""
    names = set()
    for lang in ("ja", "en"):
        with translation.override(lang):
            names.add(normalise(text))
    return names


_NOT_FOUND = object()


@functools.cache
def _yes_no() -> tuple[frozenset[str], frozenset[str]]:
    """The spellings of yes and of no, in every language (translated once per process)."""
    return (frozenset(TRUE | in_every_language(translation.gettext_lazy("Yes"))),
            frozenset(FALSE | in_every_language(translation.gettext_lazy("No"))))


class Cell(widgets.Widget):
    """A register cell: blank or required, then :meth:`parse`; messages name the column."""

    def __init__(self, label: Any, *, required: bool, blank: Any = None) -> None:
        super().__init__(coerce_to_string=False)
        self.label, self.required, self.blank = label, required, blank

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip()
            if problem := boundary.text_problem(value):
                raise ValueError(problem)
        if value is None or value == "":
            if self.required:
                raise ValueError(_("“%(column)s” is required.") % {"column": self.label})
            return self.blank
        return self.parse(value)

    def parse(self, value):
        return value

    def render(self, value, obj=None, **kwargs):
        return None if value in ("", None) else self.show(value)

    def show(self, value):
        return value


class Text(Cell):
    def __init__(self, label, *, max_length: int | None, **kwargs) -> None:
        super().__init__(label, **kwargs)
        self.max_length = max_length

    def parse(self, value):
        value = str(value).strip()
        if self.max_length and len(value) > self.max_length:
            raise ValueError(_("“%(column)s” must be at most %(n)s characters.")
                             % {"column": self.label, "n": self.max_length})
        return value


class Integer(Cell):
    def __init__(self, label, *, minimum: int | None = None, maximum: int | None = None,
                 **kwargs) -> None:
        super().__init__(label, **kwargs)
        self.minimum, self.maximum = minimum, maximum

    def parse(self, value):
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            number = boundary.check_number(
                Decimal(str(value).replace(",", "").replace("，", "")))
            if number != number.to_integral_value():
                raise InvalidOperation
            number = int(number)
        except (InvalidOperation, ValueError, boundary.InvalidInput):
            number = None
        low, high = self.minimum, self.maximum
        if number is None or (low is not None and number < low) or (
                high is not None and number > high):
            if high is not None:
                raise ValueError(_("Enter “%(column)s” as a whole number from %(min)s to "
                                   "%(max)s.") % {"column": self.label, "min": low or 0,
                                                  "max": high})
            raise ValueError(_("Enter “%(column)s” as a whole number of at least %(min)s.")
                             % {"column": self.label, "min": low or 0})
        return number


class Day(Cell):
    """A date cell, or a Western-calendar text date (2024-04-01, 2024/4/1, 2024.4.1)."""

    def parse(self, value):
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            day = value
        else:
            raw = str(value).strip().replace("/", "-").replace(".", "-")
            try:
                day = date.fromisoformat("-".join(p.zfill(2) for p in raw.split("-")))
            except ValueError:
                raise ValueError(_("Enter “%(column)s” as a date in the Western calendar, "
                                   "e.g. 2024-04-01.") % {"column": self.label}) from None
        try:
            return boundary.check_date(day)
        except boundary.InvalidInput as exc:
            raise ValueError(f"{self.label}: {exc}") from None

    def show(self, value):
        return value.isoformat()


class Choice(Cell):
    """The stored code or its label in Japanese or English; exported as the label."""

    def __init__(self, label, *, choices: Sequence[tuple[str, Any]], **kwargs) -> None:
        super().__init__(label, **kwargs)
        self.choices = list(choices)

    def parse(self, value):
        code = self._lookup().get(normalise(value), _NOT_FOUND)
        if code is not _NOT_FOUND:
            return code
        raise ValueError(_("“%(column)s” must be one of: %(choices)s.")
                         % {"column": self.label,
                            "choices": "、".join(str(t) for _c, t in self.choices)})

    def _lookup(self) -> dict[str, Any]:
        """Every accepted spelling (the code, the label in each language) → the code; the
        first choice wins, as when they were tried in turn. Built once per widget: a 5,000-row
        import spent most of its time translating the labels again for every cell (issue 18)."""
        if "_by_name" not in self.__dict__:
            by_name: dict[str, Any] = {}
            for code, text in self.choices:
                by_name.setdefault(str(code).lower(), code)
                for name in sorted(in_every_language(text)):
                    by_name.setdefault(name, code)
            self._by_name = by_name
        return self._by_name

    def show(self, value):
        return str(dict(self.choices).get(value, value))

    def allowed(self) -> list[str]:
        return [str(text) for _c, text in self.choices]


class YesNo(Cell):
    """はい/いいえ (and Yes/No, 1/0, ○/× …); exported as はい/いいえ (Yes/No in English)."""

    def parse(self, value):
        if isinstance(value, bool):
            return value
        wanted = normalise(value)
        yes, no = _yes_no()
        if wanted in yes:
            return True
        if wanted in no:
            return False
        raise ValueError(_("Enter “%(column)s” as はい or いいえ (yes or no).")
                         % {"column": self.label})

    def show(self, value):
        return _("Yes") if value else _("No")

    def allowed(self) -> list[str]:
        return [_("Yes"), _("No")]


def widget_for(field: models.Field, label: Any) -> Cell:
    """The cell widget a model field asks for."""
    blank = None if field.null else field.get_default()
    common = {"required": not field.blank, "blank": blank}
    if field.choices:
        return Choice(label, choices=field.choices, **common)
    if isinstance(field, models.BooleanField):
        return YesNo(label, required=False, blank=blank)
    if isinstance(field, models.DateField):
        return Day(label, **common)
    if isinstance(field, models.IntegerField):
        positive = (models.PositiveIntegerField, models.PositiveSmallIntegerField,
                    models.PositiveBigIntegerField)
        bounds = {"minimum": 0 if isinstance(field, positive) else None, "maximum": None}
        for validator in field.validators:
            if isinstance(validator, validators.MinValueValidator):
                bounds["minimum"] = validator.limit_value
            elif isinstance(validator, validators.MaxValueValidator):
                bounds["maximum"] = validator.limit_value
        return Integer(label, **bounds, **common)
    return Text(label, max_length=field.max_length, **common)


class RegisterResource(resources.ModelResource):
    """Rows of one agency and fiscal year; every imported row is a new row of theirs."""

    check: Callable[[models.Model], Iterable[tuple[str, str]]] | None = None
    labels: ClassVar[dict[str, Any]] = {}
    # Fields whose values together may occur once in one file (a checklist's measure): the
    # model's clean() sees only rows already saved, and an import saves its rows at the end.
    unique_in_file: ClassVar[tuple[str, ...]] = ()
    sheet_rows: list[int] | None = None        # the sheet row of each data row (kokken.excel)

    def __init__(self, *, agency=None, fiscal_year: int | None = None, user=None,
                 extra: Sequence[str] = ()) -> None:
        super().__init__()
        self.agency, self.fiscal_year, self.user = agency, fiscal_year, user
        self.extra = list(extra)       # export-only leading columns: "fiscal_year", "agency"

    def before_import(self, dataset, **kwargs):
        self._seen: dict[tuple, int] = {}
        self._row_number = 0

    def before_import_row(self, row, **kwargs):
        self._row_number = kwargs.get("row_number") or self._row_number + 1

    def _sheet_row(self, number: int) -> int:
        rows = self.sheet_rows
        return rows[number - 1] if rows and 0 < number <= len(rows) else number + 1

    def _repeated(self, instance) -> tuple[str, str] | None:
        """(field, message) when ``instance`` repeats an earlier row of the same file."""
        if not self.unique_in_file:
            return None
        key = tuple(getattr(instance, name) for name in self.unique_in_file)
        if any(value in (None, "") for value in key):
            return None
        seen = getattr(self, "_seen", None)
        if seen is None:
            seen = self._seen = {}
        first = seen.setdefault(key, self._row_number)
        if first == self._row_number:
            return None
        name = self.unique_in_file[0]
        field = self._meta.model._meta.get_field(name)
        return name, _("This %(field)s is already on row %(row)s of this file: keep one of "
                       "the two rows.") % {"field": field.verbose_name,
                                           "row": self._sheet_row(first)}

    def init_instance(self, row=None):
        return self._meta.model(agency=self.agency, fiscal_year=self.fiscal_year,
                                updated_by=self.user)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        from django.core.exceptions import ValidationError

        errors = dict(import_validation_errors or {})
        repeated = self._repeated(instance)
        if repeated is not None and repeated[0] not in errors:
            errors[repeated[0]] = [repeated[1]]
        if not errors:
            # The model's own rules first, as the form applies them: an import refuses what
            # the form refuses, on the same cell (a row-level rule names the row only).
            try:
                instance.clean()
            except ValidationError as error:
                for name, messages in error.update_error_dict({}).items():
                    errors.setdefault(name, []).extend(messages)
        if not errors and self.check is not None:
            for name, message in type(self).check(instance):
                errors.setdefault(name, []).append(message)
        if errors:
            raise ValidationError(errors)

    def after_import(self, dataset, result, **kwargs):
        """No sequence reset: imported rows never carry their own ids (and a reset to
        max(id) under concurrent inserts could hand out an id twice)."""

    # --- export ----------------------------------------------------------------------------
    def export_columns(self) -> list[tuple[Any, Callable[[models.Model], Any]]]:
        lead = {"fiscal_year": (_("Fiscal year"), lambda obj: obj.fiscal_year),
                "agency": (_("Agency code"), lambda obj: obj.agency.code)}
        return [lead[name] for name in self.extra] + [
            (self.labels[f.attribute], lambda obj, f=f: self.export_field(f, obj))
            for f in self.get_export_fields()]

    def get_export_headers(self, selected_fields=None):
        return [str(label) for label, _get in self.export_columns()]

    def export_resource(self, instance, selected_fields=None, **kwargs):
        return [get(instance) for _label, get in self.export_columns()]

    # --- the sheet's columns ---------------------------------------------------------------
    @classmethod
    def columns(cls) -> list[tuple[str, Any, Cell]]:
        """(field name, header label, widget) in the declared order."""
        return [(name, cls.labels[name], cls.fields[name].widget) for name in cls._meta.fields]


def register_resource(model: type[models.Model], columns: Sequence[tuple[str, Any]], *,
                      check: Callable | None = None,
                      unique_in_file: Sequence[str] = ()) -> type[RegisterResource]:
    """A ``RegisterResource`` for ``model`` with ``columns`` as (field name, header label);
    ``unique_in_file``: fields whose values together may occur once in one file."""
    names = [name for name, _label in columns]
    attrs: dict[str, Any] = {
        name: fields.Field(attribute=name, column_name=name,
                           widget=widget_for(model._meta.get_field(name), label))
        for name, label in columns}
    attrs["Meta"] = type("Meta", (), {
        "model": model, "fields": names, "import_order": names, "export_order": names,
        "force_init_instance": True, "use_bulk": True, "skip_diff": True,
        "clean_model_instances": False, "report_skipped": False})
    attrs["labels"] = dict(columns)
    attrs["unique_in_file"] = tuple(unique_in_file)
    if check is not None:
        attrs["check"] = staticmethod(check)
    return type(f"{model.__name__}Resource", (RegisterResource,), attrs)
