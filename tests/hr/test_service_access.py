"""II-1 services that write check access themselves: a caller that forgot its rule (a view,
an import, a task) still cannot write another agency's registers."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from hr import services
from hr.models import (
    CrossAppointment,
    CrossAppointmentScheme,
    PayScheme,
    PersonnelFunding,
    SalaryBenchmark,
)
from tests.hr import factories as f

BENCHMARK = {"average_salary": 8000, "comparator": "電気業", "survey": "wage_structure",
             "comparator_salary": 8200, "explanation": "説明"}


def _workbook():
    wb = Workbook()
    ws = wb.active
    ws.append(["方向", "相手機関"])
    ws.append(["受入", "書き込まれてはならない大学"])
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("ca.xlsx", out.getvalue())


def _row(cast):
    return f.crossappointment(cast.agency, partner_name="元の大学")


# Each write of RIKEN's registers, and how to tell that it wrote nothing.
WRITES = {
    "pay_schemes_save": (
        lambda cast, user: services.pay_schemes_save(
            agency=cast.agency, fiscal_year=2024, user=user,
            rows={"technical": {"annual_salary": False, "coverage_percent": None}}),
        lambda cast: not PayScheme.objects.exists()),
    "benchmark_save": (
        lambda cast, user: services.benchmark_save(agency=cast.agency, fiscal_year=2024,
                                                   values=dict(BENCHMARK), user=user),
        lambda cast: not SalaryBenchmark.objects.exists()),
    "funding_save": (
        lambda cast, user: services.funding_save(agency=cast.agency, fiscal_year=2024,
                                                 values={"operating_grant": 1}, user=user),
        lambda cast: not PersonnelFunding.objects.exists()),
    "crossappointment_scheme_save": (
        lambda cast, user: services.crossappointment_scheme_save(
            agency=cast.agency, fiscal_year=2024, values={"introduced": True}, user=user),
        lambda cast: not CrossAppointmentScheme.objects.exists()),
    "row_save (new row)": (
        lambda cast, user: services.row_save(
            instance=CrossAppointment(agency=cast.agency, fiscal_year=2024), user=user,
            values={"direction": "inbound", "partner_name": "新しい大学",
                    "partner_type": "company", "effort_percent": 10,
                    "start_date": "2024-04-01"}),
        lambda cast: CrossAppointment.objects.count() == 1),
    "row_save (existing row)": (
        lambda cast, user: services.row_save(instance=CrossAppointment.objects.get(), user=user,
                                             values={"partner_name": "書き換えた大学"}),
        lambda cast: CrossAppointment.objects.get().partner_name == "元の大学"),
    "row_delete": (
        lambda cast, user: services.row_delete(instance=CrossAppointment.objects.get(),
                                               user=user),
        lambda cast: CrossAppointment.objects.count() == 1),
    "copy_previous_year": (
        lambda cast, user: services.copy_previous_year(agency=cast.agency, fiscal_year=2025,
                                                       user=user),
        lambda cast: not CrossAppointment.objects.filter(fiscal_year=2025).exists()),
    "rows_import": (
        lambda cast, user: services.rows_import(kind="crossappointment", agency=cast.agency,
                                                fiscal_year=2024, upload=_workbook(),
                                                user=user, replace=True),
        lambda cast: list(CrossAppointment.objects.values_list("partner_name", flat=True))
        == ["元の大学"]),
}


@pytest.mark.parametrize("who", ["other_editor", "other_reviewer", "reviewer", "secretariat"])
@pytest.mark.parametrize("write", list(WRITES))
def test_a_user_without_edit_on_the_agency_is_refused_and_nothing_is_written(cast, write, who):
    from kokken.models import DataTransfer

    _row(cast)
    do, unchanged = WRITES[write]
    with pytest.raises(PermissionDenied):
        do(cast, getattr(cast, who))
    assert unchanged(cast), write
    assert not DataTransfer.objects.exists()  # a refused import is not even recorded


@pytest.mark.parametrize("write", list(WRITES))
def test_the_agencys_own_editor_may_write(cast, write):
    _row(cast)
    do, unchanged = WRITES[write]
    do(cast, cast.editor)  # no PermissionDenied (an import of a bad file reports its errors)


def test_a_signed_out_caller_is_refused(cast):
    with pytest.raises(PermissionDenied):
        services.funding_save(agency=cast.agency, fiscal_year=2024,
                              values={"operating_grant": 1}, user=None)
    assert not PersonnelFunding.objects.exists()
