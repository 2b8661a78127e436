"""The one XLSX writer: every export and template of the product is written here.

Why one writer: an answer or register text is typed by one user and opened in
Excel by another (the secretariat, a reviewer). A text beginning with ``=`` would
be stored by openpyxl as a live formula (``=HYPERLINK(...)``, ``=WEBSERVICE(...)``);
``+``, ``-``, ``@``, a tab or a CR start a formula when the cell is edited, and in
CSV copies. So :meth:`Book.save` writes every such string cell as plain text
(a string cell with Excel's "quote prefix", the apostrophe that shows text as
typed and keeps it text when edited). The text itself is unchanged, so a
template filled and uploaded again reads back exactly what was written.

Usage::

    from kokken import xlsx

    book = xlsx.Book()
    ws = book.sheet("wide", ["code", "value"])   # header in row 1: bold, filled, frozen
    ws.append(["Q1", "=1+1"])                     # a plain openpyxl Worksheet
    book.add_dataset(dataset)                     # a tablib.Dataset as one more sheet
    content: bytes = book.save()                  # formulas neutralised here, every sheet

    content = xlsx.from_datasets([dataset, ...])  # shortcut for tablib sheets
    book = xlsx.Book(write_only=True)             # large exports: rows streamed, see below
    sheet = xlsx.table(_("II-1 indicators"), [_("Fiscal year"), ...])  # a sheet to fill

Register exports are django-import-export datasets (``kokken.excel.export_dataset``) and are
written here too.

Nothing else in the code base creates an openpyxl ``Workbook`` for writing or
calls tablib's ``export("xlsx")`` (``tests/kokken/test_xlsx.py`` checks it).
Formulas the product writes on purpose (none today) would go through
:meth:`Book.formula`.

``Book(write_only=True)`` streams rows to the file as they are appended (openpyxl's
write-only mode): for exports that only append rows (the round export, tablib sheets).
No cell can be read or styled afterwards, so a text that could run as a formula is made
text as it is appended instead of at :meth:`Book.save`; the header is styled and frozen
the same way.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

import tablib
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
# Characters XML 1.0 cannot carry (openpyxl raises IllegalCharacterError on them).
_ILLEGAL = {c: None for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20))}


def is_dangerous(value: Any) -> bool:
    """A string Excel could take for a formula (CWE-1236)."""
    return isinstance(value, str) and value.startswith(DANGEROUS)


def cell_value(value: Any) -> Any:
    """A value openpyxl can store: lazy strings resolved, control characters dropped."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        value = value.translate(_ILLEGAL)
    return value


class Book:
    """An openpyxl workbook that cannot leave with a formula someone typed."""

    def __init__(self, *, write_only: bool = False) -> None:
        self.write_only = write_only
        self.workbook = Workbook(write_only=write_only)
        # The default sheet, renamed when the first sheet is made (a write-only book has none).
        self._fresh = None if write_only else self.workbook.active
        self._formulas: set[tuple[str, str]] = set()

    def sheet(self, title: str, header: Sequence[Any] | None = None, *,
              fill: bool = True) -> Worksheet:
        """A new sheet (titles cut to Excel's 31 characters and made unique)."""
        base = str(title or "sheet")[:31]
        name, n = base, 2
        while name in self.workbook.sheetnames and not (
                self._fresh is not None and name == self._fresh.title):
            name = f"{base[:28]}-{n}"
            n += 1
        if self._fresh is not None:
            ws, self._fresh = self._fresh, None
            ws.title = name
        else:
            ws = self.workbook.create_sheet(name)
        if header is not None and self.write_only:
            ws.freeze_panes = "A2"  # before the first row: the sheet's view is written with it
            cells = []
            for h in header:
                cell = WriteOnlyCell(ws, cell_value(h))
                cell.font = BOLD
                if fill:
                    cell.fill = HEADER_FILL
                cells.append(cell)
            ws.append(cells)
        elif header is not None:
            ws.append([cell_value(h) for h in header])
            for cell in ws[1]:
                cell.font = BOLD
                if fill:
                    cell.fill = HEADER_FILL
            ws.freeze_panes = "A2"
        return ws

    def append(self, ws: Worksheet, row: Iterable[Any]) -> None:
        """``ws.append`` with lazy strings resolved and illegal characters dropped."""
        values = [cell_value(v) for v in row]
        if self.write_only:  # no cell can be changed after this: make formulas text now
            values = [_as_text(ws, v) if is_dangerous(v) else v for v in values]
        ws.append(values)

    def add_dataset(self, dataset) -> Worksheet:
        """A tablib Dataset as one more sheet: one table, header in row 1."""
        ws = self.sheet(dataset.title or "sheet", [str(h) for h in (dataset.headers or [])])
        for row in dataset:
            self.append(ws, row)
        return ws

    def formula(self, ws: Worksheet, coordinate: str, formula: str) -> None:
        """The one way to write a formula on purpose (kept as a formula by :meth:`save`)."""
        if self.write_only:
            raise TypeError("A write-only book cannot place a formula in a cell.")
        ws[coordinate] = formula
        self._formulas.add((ws.title, coordinate))

    def neutralise(self) -> int:
        """Turn every string cell that could run as a formula into text; return how many."""
        count = 0
        if self.write_only:
            return count  # done as each row was appended
        for ws in self.workbook.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    value = cell.value
                    if not is_dangerous(value):
                        continue
                    if (ws.title, cell.coordinate) in self._formulas:
                        continue
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    count += 1
        return count

    def save(self) -> bytes:
        """The workbook's bytes, with no formula anyone typed."""
        if self._fresh is not None and len(self.workbook.worksheets) == 1:
            self._fresh.title = "sheet"
        if self.write_only and not self.workbook.worksheets:
            self.workbook.create_sheet("sheet")
        self.neutralise()
        out = io.BytesIO()
        self.workbook.save(out)
        return out.getvalue()


def _as_text(ws, value: str):
    """A string cell with Excel's quote prefix: shown and kept as text, never run."""
    cell = WriteOnlyCell(ws, value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def from_datasets(datasets: Iterable[Any]) -> bytes:
    """tablib Datasets as one workbook, one sheet each."""
    book = Book(write_only=True)
    for dataset in datasets:
        book.add_dataset(dataset)
    return book.save()


def table(title: Any, headers: Sequence[Any]) -> tablib.Dataset:
    """An empty sheet (a tablib Dataset) of a report export, for :func:`from_datasets`."""
    return tablib.Dataset(title=str(title)[:31], headers=[str(h) for h in headers])
