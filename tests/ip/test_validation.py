"""Nonsense is refused with a clear Japanese message on its field or cell, nothing written."""

import datetime
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from ip import services
from ip.models import CoiCase, IpManagement
from ip.registers import CASES
from tests.ip import factories as f

pytestmark = pytest.mark.django_db

NEW = "/ip/agencies/riken/coi-cases/new/?fy=2024"


def _post(**values):
    data = {"case_type": "equity", "counterpart": "own_startup",
            "received_on_0": "2024", "received_on_1": "6", "received_on_2": "10",
            "decided_on_0": "2024", "decided_on_1": "6", "decided_on_2": "1",
            "decision": "approved", "continued": "on"}
    data.update(values)
    return data


def test_a_decision_before_its_receipt_is_refused_with_a_japanese_message(client_for, cast):
    client = client_for(cast.approver)
    client.cookies["django_language"] = "ja"
    with translation.override("ja"):
        response = client.post(NEW, _post(), HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "decided_on" in errors
    assert "受付日より前" in " ".join(errors["decided_on"])
    assert not CoiCase.objects.exists()


def test_the_form_saves_a_sensible_case(client_for, cast):
    response = client_for(cast.approver).post(NEW, _post(decided_on_2="30"))
    assert response.status_code == 302
    assert CoiCase.objects.get().days == 20


@pytest.mark.parametrize("values,field", [
    ({"decided_on": datetime.date(2024, 6, 1), "decision": ""}, "decision"),
    ({"decision": "approved"}, "decided_on"),
    ({"decided_on": datetime.date(2024, 6, 1), "decision": "mitigation"}, "separate_manager"),
    ({"decided_on": datetime.date(2024, 6, 1), "decision": "refused", "continued": True},
     "continued"),
    ({"received_on": datetime.date(2025, 4, 1)}, "received_on"),
])
def test_inconsistent_cases_are_refused_on_their_field(cast, values, field):
    case = CoiCase(agency=cast.agency, fiscal_year=2024, case_type="officer",
                   counterpart="company", received_on=datetime.date(2024, 5, 1))
    for name, value in values.items():
        setattr(case, name, value)
    with pytest.raises(ValidationError) as caught:
        services.case_save(instance=case, user=cast.approver)
    assert field in caught.value.message_dict
    assert not CoiCase.objects.exists()


def test_ip_management_refuses_a_policy_without_its_date(cast):
    with pytest.raises(ValidationError) as caught:
        services.management_save(agency=cast.agency, fiscal_year=2024, user=cast.editor,
                                 values={"policy_exists": True})
    assert "policy_date" in caught.value.message_dict
    assert not IpManagement.objects.exists()


def test_an_imported_decision_before_receipt_is_refused_with_its_cell_and_nothing_written(cast):
    f.case(cast.agency, days=10)
    f.case(cast.agency, days=40, received_on=datetime.date(2024, 7, 1))
    content = CASES.export_workbook(CASES.rows(agency=cast.agency, fiscal_year=2024))
    book = load_workbook(BytesIO(content))
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    decided = headers.index(str(dict(CASES.excel)["decided_on"])) + 1
    sheet.cell(row=2, column=decided).value = datetime.date(2024, 4, 2)
    out = BytesIO()
    book.save(out)
    with translation.override("ja"):
        result = CASES.import_file(upload=SimpleUploadedFile("bad.xlsx", out.getvalue()),
                                   agency=cast.agency, fiscal_year=2024, user=cast.approver,
                                   replace=True)
    message = " ".join(map(str, result.errors))
    assert result.errors and "受付日より前" in message and "2行目" in message
    assert CoiCase.objects.count() == 2
    assert sorted(c.days for c in CoiCase.objects.all()) == [10, 40]
