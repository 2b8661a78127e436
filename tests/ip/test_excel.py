"""Each II-3 register's own export and template, uploaded unchanged, give no error and change
nothing (the kit's round trip)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from ip.registers import CASES, REGISTERS, STARTUPS
from tests.ip import factories as f

pytestmark = pytest.mark.django_db


def seed(agency):
    f.case(agency, days=12, other_measure="=HYPERLINK(\"http://x\")", disclosure=True)
    f.case(agency, received_on=datetime.date(2025, 2, 1))            # pending
    f.case(agency, days=3, decision="refused", continued=False, separate_manager=False,
           case_type="commitment", counterpart="funder")
    f.startup(agency)
    f.startup(agency, name="株式会社エーアイ", sector="information", founded=2019,
              researcher_manages=True, certified=False, licence=False)


def snapshot(register, agency):
    names = [name for name, _label in register.excel]
    return sorted(register.rows(agency=agency, fiscal_year=2024).values_list(*names))


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("register", REGISTERS, ids=lambda r: r.key)
def test_a_registers_own_export_uploaded_unchanged_changes_nothing(cast, register, language):
    seed(cast.agency)
    before = snapshot(register, cast.agency)
    with translation.override(language):
        content = register.export_workbook(register.rows(agency=cast.agency, fiscal_year=2024))
        result = register.import_file(upload=SimpleUploadedFile("back.xlsx", content),
                                      agency=cast.agency, fiscal_year=2024,
                                      user=cast.approver, replace=True)
    assert result.errors == [] and result.saved == len(before)
    assert snapshot(register, cast.agency) == before


@pytest.mark.parametrize("register", REGISTERS, ids=lambda r: r.key)
def test_a_registers_own_template_uploaded_unchanged_changes_nothing(cast, register):
    seed(cast.agency)
    before = snapshot(register, cast.agency)
    result = register.import_file(
        upload=SimpleUploadedFile("t.xlsx", register.template_workbook()),
        agency=cast.agency, fiscal_year=2024, user=cast.approver, replace=True)
    assert result.errors == [] and result.saved == 0
    assert snapshot(register, cast.agency) == before


def test_the_case_log_is_imported_by_approvers_only(cast):
    from django.core.exceptions import PermissionDenied

    content = CASES.template_workbook()
    with pytest.raises(PermissionDenied):
        CASES.import_file(upload=SimpleUploadedFile("t.xlsx", content), agency=cast.agency,
                          fiscal_year=2024, user=cast.editor)
    assert STARTUPS.edit_perm != CASES.edit_perm
