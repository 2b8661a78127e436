"""Who may see and change II-1 registers (beyond the URL-wide access matrix)."""

import pytest

from hr.models import CrossAppointment, SalaryBenchmark
from tests.hr import factories as f


@pytest.fixture
def riken_data(cast):
    return {
        "ca": f.crossappointment(cast.agency, partner_name="理研だけの相手大学"),
        "benchmark": f.benchmark(cast.agency, 8000, 8200),
        "aist_ca": f.crossappointment(cast.other_agency, partner_name="産総研だけの相手大学"),
    }


def test_other_agencies_and_non_supervising_ministries_see_nothing(client_for, cast, riken_data):
    for user in cast.outsiders:
        client = client_for(user)
        for url in ["/hr/agencies/riken/?fy=2024", "/hr/agencies/riken/cross-appointments/?fy=2024",
                    "/hr/agencies/riken/cross-appointments/export.xlsx?fy=2024",
                    f"/hr/cross-appointments/{riken_data['ca'].pk}/"]:
            response = client.get(url)
            assert response.status_code == 404, (user.username, url)
            assert "理研だけの相手大学" not in response.content.decode()


def test_indicator_page_lists_only_the_agencies_the_viewer_may_see(client_for, cast, riken_data):
    body = client_for(cast.other_reviewer).get("/hr/indicators/?fy=2024").content.decode()
    assert "理化学研究所" not in body and "産業技術総合研究所" in body
    rows = client_for(cast.other_editor).get("/hr/indicators/?fy=2024").context["table"]
    assert [a.code for a in rows] == ["aist"]


def test_indicator_export_holds_only_the_viewers_agencies(client_for, cast, riken_data):
    import io

    from openpyxl import load_workbook

    response = client_for(cast.other_reviewer).get("/hr/indicators/export.xlsx?fy=2024")
    wb = load_workbook(io.BytesIO(response.content))
    text = " ".join(str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
                    for c in row if c is not None)
    assert "産総研だけの相手大学" in text and "理研だけの相手大学" not in text
    assert "riken" not in text


@pytest.mark.parametrize("who", ["reviewer", "secretariat"])
def test_ministry_and_secretariat_view_but_cannot_edit(client_for, cast, riken_data, who):
    client = client_for(getattr(cast, who))
    assert client.get("/hr/agencies/riken/?fy=2024").status_code == 200
    assert client.get("/hr/agencies/riken/cross-appointments/?fy=2024").status_code == 200
    assert client.get("/hr/agencies/riken/cross-appointments/new/").status_code == 403
    ca = riken_data["ca"]
    assert client.post(f"/hr/cross-appointments/{ca.pk}/delete/").status_code == 403
    assert CrossAppointment.objects.filter(pk=ca.pk).exists()


def test_only_the_supervising_reviewer_records_the_salary_check(client_for, cast, riken_data):
    url = "/hr/agencies/riken/salary/review/?fy=2024"
    for user, status in [(cast.editor, 403), (cast.approver, 403), (cast.secretariat, 403),
                         (cast.other_reviewer, 404)]:
        assert client_for(user).post(url, {"adequate": "yes"}).status_code == status, user
    response = client_for(cast.reviewer).post(url, {"adequate": "no", "note": "比較対象が不明確"})
    assert response.status_code == 302
    benchmark = SalaryBenchmark.objects.get(pk=riken_data["benchmark"].pk)
    assert benchmark.explanation_adequate is False and benchmark.reviewed_by == cast.reviewer


def test_editing_the_explanation_asks_the_ministry_again(client_for, cast, riken_data):
    benchmark = riken_data["benchmark"]
    benchmark.explanation_adequate = True
    benchmark.save()  # every register write goes through save() (history: kokken/history.py)
    response = client_for(cast.editor).post("/hr/agencies/riken/salary/?fy=2024", {
        "average_salary": 8100, "comparator": "電気業", "survey": "wage_structure",
        "survey_other": "", "comparator_salary": 8200, "explanation": "新しい説明"})
    assert response.status_code == 302
    assert SalaryBenchmark.objects.get(pk=riken_data["benchmark"].pk).explanation_adequate is None


def test_an_editor_cannot_edit_another_agencys_row_by_its_id(client_for, cast, riken_data):
    client = client_for(cast.editor)
    aist = riken_data["aist_ca"]
    assert client.get(f"/hr/cross-appointments/{aist.pk}/").status_code == 404
    assert client.post(f"/hr/cross-appointments/{aist.pk}/delete/").status_code == 404
    assert CrossAppointment.objects.filter(pk=aist.pk).exists()


def test_system_administrators_see_no_chapter_figures(client_for, cast):
    client = client_for(cast.sysadmin)
    assert client.get("/hr/indicators/").status_code == 403
    assert client.get("/hr/indicators/export.xlsx").status_code == 403
