"""What django-import-export cannot do for an Excel upload: the file and the sheet around it.

Register imports go through import-export's ``ModelResource`` (``kokken.resources``: widgets,
errors per field, dry run). This module does the rest, for them and for the questionnaire
upload (``agreements.excel``):

* :func:`read_workbook`: the boundary checks before a byte of XML is parsed (size, zip
  members and unpacked size, a real .xlsx), then openpyxl in read-only mode (no formulas
  evaluated, no macros; a file that is not a valid .xlsx gives one clear message);
* :func:`read_sheet`: row 1 holds the headers, matched in Japanese or English (or the field
  name) in any order; a missing required column is an error; blank rows are skipped and rows
  are capped; the rows become a ``tablib.Dataset`` keyed by field name;
* :func:`import_sheet`: the resource's ``import_data`` in one transaction with the register's
  "replace", rolled back when any row fails (all or nothing) or for a dry run (the preview);
  every error names the sheet, row and column
  (「『クロスアポイントメント』シート 2行目 C列：…」), at most :data:`MAX_ERRORS`;
* :func:`template_workbook` / :func:`export_dataset`: the same headers written through the
  one XLSX writer (``kokken.xlsx``), so what the product writes it reads back.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

import tablib
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kokken import xlsx
from kokken.resources import Cell, RegisterResource, in_every_language, normalise

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
# Checked on the zip's directory before openpyxl reads a byte of XML: a 220 KB file whose
# shared strings expand to 200 MB must not be parsed. (zipfile never inflates a member
# beyond the size its directory declares, so the declared sizes are a true bound.)
MAX_UNCOMPRESSED = 30 * 1024 * 1024
MAX_MEMBERS = 500
MAX_ERRORS = 100


class CellError(ValueError):
    """A file or sheet that cannot be read, with the message to show."""


@dataclass
class ImportResult:
    errors: list[str] = field(default_factory=list)
    saved: int = 0              # rows written (0 on a dry run or on any error)
    new: int = 0                # rows the file adds (the preview's count)
    replaced: int = 0           # the year's rows the file replaces

    @property
    def ok(self) -> bool:
        return not self.errors


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def cell_ref(sheet: str, row: int, column: str | None, message: str) -> str:
    if column is None:
        return _("Sheet “%(sheet)s”, row %(row)s: %(message)s") % {
            "sheet": sheet, "row": row, "message": message}
    return _("Sheet “%(sheet)s”, row %(row)s, column %(column)s: %(message)s") % {
        "sheet": sheet, "row": row, "column": column, "message": message}


def read_workbook(upload) -> Any:
    """Open an uploaded file as a read-only workbook, or raise CellError with one message."""
    from openpyxl import load_workbook

    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise CellError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    name = getattr(upload, "name", "") or ""
    invalid = _("The file is not a valid Excel workbook (.xlsx). Save it as “Excel Workbook "
                "(*.xlsx)” and upload it again.")
    if name and not name.lower().endswith(".xlsx"):
        raise CellError(invalid)
    data = upload.read()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS or \
                    sum(m.file_size for m in members) > MAX_UNCOMPRESSED:
                raise CellError(_("The workbook is too large once unpacked (at most %(mb)s MB "
                                  "and %(n)s parts). Remove unused sheets and cells and upload "
                                  "it again.") % {"mb": MAX_UNCOMPRESSED // (1024 * 1024),
                                                  "n": MAX_MEMBERS})
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except CellError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError):
        raise CellError(invalid) from None
    except Exception as exc:  # openpyxl raises its own InvalidFileException and friends
        if exc.__class__.__module__.startswith(("openpyxl", "zipfile", "xml")):
            raise CellError(invalid) from None
        raise


@dataclass
class Sheet:
    """A sheet's data rows as a Dataset keyed by field name, and where each came from."""

    title: str
    dataset: tablib.Dataset
    rows: list[int]                    # sheet row number of each dataset row
    letters: dict[str, str]            # field name → column letter
    errors: list[str]

    def as_json(self) -> dict:
        """The rows as read, for the session between the preview and its confirmation."""
        return {"title": self.title, "headers": self.dataset.headers, "rows": self.rows,
                "letters": self.letters, "data": [[_encode(v) for v in row]
                                                  for row in self.dataset]}

    @classmethod
    def from_json(cls, data: dict) -> Sheet:
        dataset = tablib.Dataset(*[[_decode(v) for v in row] for row in data["data"]],
                                 headers=data["headers"])
        return cls(data["title"], dataset, data["rows"], data["letters"], [])


_TYPES = {"datetime": datetime, "date": date, "time": time}


def _encode(value):
    for name, kind in _TYPES.items():   # datetime before date: it is one
        if isinstance(value, kind):
            return {name: value.isoformat()}
    return value


def _decode(value):
    if isinstance(value, dict):
        ((name, text),) = value.items()
        return _TYPES[name].fromisoformat(text)
    return value


def read_sheet(workbook, columns: Sequence[tuple[str, Any, Cell]], *,
               sheet: str | None = None) -> Sheet:
    """The first sheet (or ``sheet``) of ``workbook`` for the ``columns`` of a resource."""
    ws = workbook[sheet] if sheet else workbook.worksheets[0]
    found = Sheet(ws.title, tablib.Dataset(), [], {}, [])
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        found.errors.append(cell_ref(ws.title, 1, None, _("The sheet is empty.")))
        return found
    accepted = {name: in_every_language(label) | {name} for name, label, _w in columns}
    positions: dict[str, int] = {}
    for index, text in enumerate(header):
        for name, names in accepted.items():
            if normalise(text) in names and name not in positions:
                positions[name] = index
    for name, label, widget in columns:
        if widget.required and name not in positions:
            found.errors.append(cell_ref(ws.title, 1, None, _(
                "The required column “%(column)s” is missing.") % {"column": label}))
    if found.errors:
        return found
    found.letters = {name: _letter(i) for name, i in positions.items()}
    found.dataset.headers = list(positions)
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS * 2:  # blank rows count too: reading them costs time as well
            found.errors.append(cell_ref(ws.title, number, None, _(
                "Too many rows: at most %(n)s.") % {"n": MAX_ROWS}))
            break
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        if len(found.rows) >= MAX_ROWS:
            found.errors.append(cell_ref(ws.title, number, None, _(
                "Too many rows: at most %(n)s.") % {"n": MAX_ROWS}))
            break
        found.dataset.append([values[i] if i < len(values) else None
                              for i in positions.values()])
        found.rows.append(number)
    return found


def _problems(found: Sheet, result) -> list[str]:
    """import-export's result as messages naming the sheet, row and column."""
    if result.base_errors:           # not a cell's fault: a bug, shown as one
        raise result.base_errors[0].error
    for _number, row_errors in result.row_errors():
        raise row_errors[0].error
    problems = []
    for invalid in result.invalid_rows:
        number = found.rows[invalid.number - 1]
        for name, messages in invalid.error_dict.items():
            problems += [cell_ref(found.title, number, found.letters.get(name), m)
                         for m in messages]
    return problems


def capped(errors: list[str]) -> list[str]:
    """At most MAX_ERRORS messages, then one line with the total: a page, not 10 MB."""
    if len(errors) <= MAX_ERRORS:
        return errors
    return [*errors[:MAX_ERRORS],
            _("… and %(more)s more problems (%(total)s in all). Correct these and upload the "
              "file again to see the rest.") % {"more": len(errors) - MAX_ERRORS,
                                                "total": len(errors)}]


def load_sheet(upload, resource: type[RegisterResource], *,
               sheet: str | None = None) -> Sheet:
    """The upload's sheet for ``resource``, or a Sheet whose ``errors`` say why not."""
    try:
        workbook = read_workbook(upload)
    except CellError as exc:
        return Sheet("", tablib.Dataset(), [], {}, [str(exc)])
    try:
        found = read_sheet(workbook, resource.columns(), sheet=sheet)
    except KeyError:
        return Sheet("", tablib.Dataset(), [], {}, [
            _("The workbook has no sheet named “%(sheet)s”.") % {"sheet": sheet}])
    finally:
        workbook.close()
    found.errors = capped(found.errors)
    return found


def apply_sheet(found: Sheet, resource: RegisterResource, *, replace: QuerySet | None = None,
                dry_run: bool = False) -> ImportResult:
    """Check every cell, then save every row in one transaction, or nothing.

    ``replace``: the rows the file replaces (deleted in the same transaction). ``dry_run``:
    everything is checked and counted, then rolled back (the preview). A sheet without data
    rows (the template as downloaded) changes nothing.
    """
    if found.errors:
        return ImportResult(errors=found.errors)
    outcome = ImportResult()
    if not found.rows:
        return outcome
    with transaction.atomic():
        if replace is not None:
            outcome.replaced = replace.count()
            replace.delete()
        resource.sheet_rows = found.rows     # a repeated row names the sheet row it repeats
        result = resource.import_data(found.dataset, dry_run=dry_run, use_transactions=True)
        outcome.errors = capped(_problems(found, result))
        outcome.new = len(found.rows)
        if outcome.errors or dry_run:
            transaction.set_rollback(True)
        else:
            outcome.saved = outcome.new
    return outcome


def import_sheet(upload, resource: RegisterResource, *, replace: QuerySet | None = None,
                 dry_run: bool = False, sheet: str | None = None) -> ImportResult:
    """:func:`load_sheet` then :func:`apply_sheet`: all or nothing."""
    return apply_sheet(load_sheet(upload, type(resource), sheet=sheet), resource,
                       replace=replace, dry_run=dry_run)


def template_workbook(resource: type[RegisterResource], *, title: str) -> bytes:
    """An empty sheet with the headers in row 1, and the allowed values on a second sheet."""
    book = xlsx.Book()
    columns = resource.columns()
    ws = book.sheet(title, [label for _n, label, _w in columns], fill=False)
    for index, (_n, label, _w) in enumerate(columns):
        ws.column_dimensions[_letter(index)].width = max(12, len(str(label)) * 2)
    allowed = [(label, widget.allowed()) for _n, label, widget in columns
               if hasattr(widget, "allowed")]
    if allowed:
        sheet = book.sheet(_("Allowed values"), [_("Column"), _("Allowed value")], fill=False)
        sheet.freeze_panes = None
        for label, values in allowed:
            for value in values:
                book.append(sheet, [label, value])
    return book.save()


def export_dataset(resource: RegisterResource, queryset, *, title: str) -> tablib.Dataset:
    """The resource's export of ``queryset`` as one sheet named ``title``."""
    dataset = resource.export(queryset)
    dataset.title = str(title)[:31]
    return dataset

