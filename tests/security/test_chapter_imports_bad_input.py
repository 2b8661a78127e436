"""Every register import of II-2, II-3 and II-4 refuses nonsense with a Japanese message naming
the sheet, row and column, and writes nothing: a file that is not a workbook, a cell of the
wrong type (text in a number, date, choice or yes/no column), a number out of its range."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from ip.registers import REGISTERS as IP
from kokken import resources, xlsx
from security.registers import REGISTERS as SECURITY
from training.registers import REGISTERS as TRAINING

REGISTERS = [*TRAINING, *IP, *SECURITY]
TYPED = (resources.Integer, resources.Day, resources.Choice, resources.YesNo)


def upload(content: bytes, name="import.xlsx"):
    return SimpleUploadedFile(name, content,
                              content_type="application/vnd.openxmlformats-officedocument."
                                           "spreadsheetml.sheet")


def _import(register, cast, rows):
    with translation.override("ja"):
        columns = register.resource.columns()
        data = xlsx.table(str(register.sheet), [str(label) for _n, label, _w in columns])
        for row in rows:
            data.append(row)
        content = xlsx.from_datasets([data])
        return register.import_file(upload=upload(content), agency=cast.agency,
                                    fiscal_year=2024, user=cast.approver), columns


def _row(columns, name, value):
    return [value if n == name else None for n, _label, _w in columns]


@pytest.mark.parametrize("register", REGISTERS, ids=lambda r: r.what)
@pytest.mark.parametrize("content,name", [(b"PK\x03\x04 not really a zip", "import.xlsx"),
                                          (b"a,b,c\n1,2,3\n", "import.csv")])
def test_a_file_that_is_not_a_workbook_is_refused_in_japanese(cast, register, content, name):
    with translation.override("ja"):
        result = register.import_file(upload=upload(content, name), agency=cast.agency,
                                      fiscal_year=2024, user=cast.approver)
    assert result.errors and "Excel" in result.errors[0] and "ブック" in result.errors[0]
    assert not register.model.objects.exists()


@pytest.mark.parametrize("register", REGISTERS, ids=lambda r: r.what)
def test_a_cell_of_the_wrong_type_is_refused_on_its_cell(cast, register):
    columns = register.resource.columns()
    typed = [(i, n, label) for i, (n, label, w) in enumerate(columns) if isinstance(w, TYPED)]
    assert typed, "every register has typed columns"
    for index, name, label in typed:
        result, _c = _import(register, cast, [_row(columns, name, "ばかげた値")])
        letter = chr(ord("A") + index)
        mine = [e for e in result.errors if f"2行目 {letter}列" in e]
        assert mine and str(label) in mine[0], (name, result.errors)
        assert not register.model.objects.exists()


@pytest.mark.parametrize("register", REGISTERS, ids=lambda r: r.what)
def test_a_number_out_of_its_range_is_refused_on_its_cell(cast, register):
    columns = register.resource.columns()
    bounded = [(i, n, w) for i, (n, _l, w) in enumerate(columns)
               if isinstance(w, resources.Integer)]
    for index, name, widget in bounded:
        wrong = [v for v in ((widget.minimum - 1) if widget.minimum is not None else None,
                             (widget.maximum + 1) if widget.maximum is not None else None)
                 if v is not None]
        for value in wrong:
            result, _c = _import(register, cast, [_row(columns, name, value)])
            letter = chr(ord("A") + index)
            mine = [e for e in result.errors if f"2行目 {letter}列" in e]
            assert mine and "整数" in mine[0], (name, value, result.errors)
            assert not register.model.objects.exists()
