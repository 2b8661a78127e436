"""All-or-nothing import of rows from an uploaded Excel workbook (.xlsx).

Reusable for any register or questionnaire upload::

    columns = [excel.Column("effort_percent", _("Effort share (%)"), excel.integer(0, 100)), ...]
    result = excel.import_rows(upload, columns, apply=save_rows, validate=check_row)
    if result.errors: show them (nothing was saved)

* The workbook is read with openpyxl in read-only mode (no formulas evaluated,
  no macros; a file that is not a valid .xlsx gives one clear message).
* Row 1 holds the headers; columns are matched by header text in any
  language, so their order does not matter. A missing required column is an error.
* Every cell is parsed; every error names the sheet, row and column
  (「『クロスアポイントメント』シート 2行目 C列: …」). Nothing is saved unless every
  row is valid; then ``apply(rows)`` runs in one transaction.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from kokken import boundary

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
# Checked on the zip's directory before openpyxl reads a byte of XML: a 220 KB file whose
# shared strings expand to 200 MB must not be parsed. (zipfile never inflates a member
# beyond the size its directory declares, so the declared sizes are a true bound.)
MAX_UNCOMPRESSED = 30 * 1024 * 1024
MAX_MEMBERS = 500
MAX_ERRORS = 100


class CellError(ValueError):
    """Raised by a parser with the message to show for the cell."""


@dataclass(frozen=True)
class Column:
    """One column of an import: the field it fills, its header, how to parse a cell."""

    field: str
    label: Any                                   # lazy gettext string: the header
    parse: Callable[[Any, str], Any]             # (cell value, label) -> python value
    required: bool = True                        # the column must exist and the cell be filled

    def headers(self) -> set[str]:
        """The header texts accepted for this column (every language, and the field name)."""
        names = {self.field}
        for lang in ("ja", "en"):
            with translation.override(lang):
                names.add(str(self.label))
        return {_normalise(n) for n in names}


@dataclass
class ImportResult:
    rows: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    saved: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _normalise(text: Any) -> str:
    return str(text or "").replace("※必須", "").replace("※任意", "").strip().lower()


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


def parse_rows(workbook, columns: Sequence[Column], *, sheet: str | None = None,
               validate: Callable[[dict], Iterable[tuple[str | None, str]]] | None = None,
               ) -> ImportResult:
    """Parse the first sheet (or ``sheet``) into dicts keyed by field; collect every error."""
    result = ImportResult()
    ws = workbook[sheet] if sheet else workbook.worksheets[0]
    title = ws.title
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        result.errors.append(cell_ref(title, 1, None, _("The sheet is empty.")))
        return result
    positions: dict[str, int] = {}
    for index, text in enumerate(header):
        for column in columns:
            if _normalise(text) in column.headers() and column.field not in positions:
                positions[column.field] = index
    for column in columns:
        if column.required and column.field not in positions:
            result.errors.append(cell_ref(title, 1, None, _("The required column “%(column)s” is "
                                                            "missing.") % {"column": column.label}))
    if result.errors:
        return result
    letters = {f: _letter(i) for f, i in positions.items()}
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS * 2:  # blank rows count too: reading them costs time as well
            result.errors.append(cell_ref(title, number, None, _("Too many rows: at most %(n)s.")
                                          % {"n": MAX_ROWS}))
            break
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        if len(result.rows) >= MAX_ROWS:
            result.errors.append(cell_ref(title, number, None, _("Too many rows: at most %(n)s.")
                                          % {"n": MAX_ROWS}))
            break
        parsed: dict[str, Any] = {"_row": number}
        row_ok = True
        for column in columns:
            if column.field not in positions:
                parsed[column.field] = None
                continue
            index = positions[column.field]
            raw = values[index] if index < len(values) else None
            if isinstance(raw, str):
                raw = raw.strip()
                if problem := boundary.text_problem(raw):
                    result.errors.append(cell_ref(title, number, letters[column.field], problem))
                    row_ok = False
                    parsed[column.field] = None
                    continue
            if raw is None or raw == "":
                if column.required:
                    result.errors.append(cell_ref(title, number, letters[column.field],
                                                  _("“%(column)s” is required.")
                                                  % {"column": column.label}))
                    row_ok = False
                parsed[column.field] = None
                continue
            try:
                parsed[column.field] = column.parse(raw, str(column.label))
            except CellError as exc:
                result.errors.append(cell_ref(title, number, letters[column.field], str(exc)))
                row_ok = False
        if row_ok and validate is not None:
            for field_name, message in validate(parsed):
                result.errors.append(cell_ref(title, number, letters.get(field_name), message))
                row_ok = False
        result.rows.append(parsed)
    if not result.rows and not result.errors:
        result.errors.append(cell_ref(title, 2, None, _("The sheet has no data rows.")))
    result.errors = capped(result.errors)
    return result


def capped(errors: list[str]) -> list[str]:
    """At most MAX_ERRORS messages, then one line with the total: a page, not 10 MB."""
    if len(errors) <= MAX_ERRORS:
        return errors
    return [*errors[:MAX_ERRORS],
            _("… and %(more)s more problems (%(total)s in all). Correct these and upload the "
              "file again to see the rest.") % {"more": len(errors) - MAX_ERRORS,
                                                "total": len(errors)}]


def import_rows(upload, columns: Sequence[Column], *, apply: Callable[[list[dict]], int],
                validate: Callable[[dict], Iterable[tuple[str | None, str]]] | None = None,
                sheet: str | None = None) -> ImportResult:
    """Read, check everything, then save everything in one transaction, or nothing."""
    try:
        workbook = read_workbook(upload)
    except CellError as exc:
        return ImportResult(errors=[str(exc)])
    try:
        result = parse_rows(workbook, columns, sheet=sheet, validate=validate)
    except KeyError:
        return ImportResult(errors=[_("The workbook has no sheet named “%(sheet)s”.")
                                    % {"sheet": sheet}])
    finally:
        workbook.close()
    if result.errors:
        result.rows = []
        return result
    with transaction.atomic():
        result.saved = apply(result.rows)
    return result


def template_workbook(columns: Sequence[Column], *, title: str,
                      choices: dict[str, Sequence[str]] | None = None,
                      example: Sequence[Any] | None = None) -> bytes:
    """An empty workbook with the headers in row 1 (and the allowed values on a second sheet)."""
    from kokken import xlsx

    book = xlsx.Book()
    ws = book.sheet(title, [str(c.label) for c in columns], fill=False)
    for index, column in enumerate(columns):
        ws.column_dimensions[_letter(index)].width = max(12, len(str(column.label)) * 2)
    if example:
        book.append(ws, list(example))
    if choices:
        sheet = book.sheet(_("Allowed values"), [_("Column"), _("Allowed value")], fill=False)
        sheet.freeze_panes = None
        for label, values in choices.items():
            for value in values:
                book.append(sheet, [str(label), str(value)])
    return book.save()


# --- Cell parsers ------------------------------------------------------------
# Each takes (value, column label) and returns a python value or raises CellError.

def text(max_length: int) -> Callable[[Any, str], str]:
    def parse(value, label):
        value = str(value).strip()
        if len(value) > max_length:
            raise CellError(_("“%(column)s” must be at most %(n)s characters.")
                            % {"column": label, "n": max_length})
        return value
    return parse


def integer(minimum: int | None = None, maximum: int | None = None) -> Callable[[Any, str], int]:
    def parse(value, label):
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
        if number is None or (minimum is not None and number < minimum) or (
                maximum is not None and number > maximum):
            if maximum is not None:
                raise CellError(_("Enter “%(column)s” as a whole number from %(min)s to %(max)s.")
                                % {"column": label, "min": minimum or 0, "max": maximum})
            raise CellError(_("Enter “%(column)s” as a whole number of at least %(min)s.")
                            % {"column": label, "min": minimum or 0})
        return number
    return parse


def day() -> Callable[[Any, str], date]:
    def parse(value, label):
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            day_ = value
        else:
            raw = str(value).strip().replace("/", "-").replace(".", "-")
            try:
                day_ = date.fromisoformat("-".join(p.zfill(2) for p in raw.split("-")))
            except ValueError:
                raise CellError(_("Enter “%(column)s” as a date in the Western calendar, e.g. "
                                  "2024-04-01.") % {"column": label}) from None
        try:
            return boundary.check_date(day_)
        except boundary.InvalidInput as exc:
            raise CellError(f"{label}: {exc}") from None
    return parse


def choice(options: Sequence[tuple[str, Any]]) -> Callable[[Any, str], str]:
    """Accept the stored value or its label in Japanese or English."""
    def parse(value, label):
        wanted = _normalise(value)
        for code, text_ in options:
            names = {code.lower()}
            for lang in ("ja", "en"):
                with translation.override(lang):
                    names.add(_normalise(text_))
            if wanted in names:
                return code
        labels = "、".join(str(t) for _c, t in options)
        raise CellError(_("“%(column)s” must be one of: %(choices)s.")
                        % {"column": label, "choices": labels})
    return parse


TRUE = {"1", "true", "yes", "y", "はい", "有", "あり", "○", "〇", "✓"}
FALSE = {"0", "false", "no", "n", "いいえ", "無", "なし", "×", "-", "－"}


def _yes_no() -> tuple[set[str], set[str]]:
    """The accepted words, with Yes/No in every language: templates list them, exports write them."""
    yes, no = set(TRUE), set(FALSE)
    for lang in ("ja", "en"):
        with translation.override(lang):
            yes.add(_normalise(_("Yes")))
            no.add(_normalise(_("No")))
    return yes, no


def boolean() -> Callable[[Any, str], bool]:
    def parse(value, label):
        if isinstance(value, bool):
            return value
        wanted = _normalise(value)
        yes, no = _yes_no()
        if wanted in yes:
            return True
        if wanted in no:
            return False
        raise CellError(_("Enter “%(column)s” as はい or いいえ (yes or no).") % {"column": label})
    return parse
