"""Government-side items: each body records its own actions; the secretariat sees all."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string

from agreements import government_report, services
from agreements.contrib import registry
from agreements.models import AgreementItem, GovernmentAction, PlanReflection
from kokken.errors import ValidationFailed
from kokken.models import Agency


def item(code="I-G1"):
    return AgreementItem.objects.get(code=code)


def record(user, code="I-G1", **values):
    return services.government_action_save(
        user=user, item=item(code), fiscal_year=2024,
        values={"status": "done", "description": "中長期目標に反映", **values},
        agencies=[Agency.objects.get(code="riken")] if user.ministry_id else [])


def test_the_agreement_holds_15_government_side_items(db):
    assert AgreementItem.objects.filter(side="government").count() == 15


def test_a_reviewer_records_their_ministrys_action_from_the_page(client_for, cast):
    client = client_for(cast.reviewer)
    page = client.get("/government/items/II-4-G3/", {"fy": 2024})
    assert page.status_code == 200 and "説明会やセミナー" in page.content.decode()
    response = client.post("/government/items/II-4-G3/?fy=2024", {
        "status": "done", "description": "説明会を2回開催", "done_on_0": 2024, "done_on_1": 10,
        "done_on_2": 1, "evidence_url": "https://example.invalid/seminar",
        "agencies": [cast.agency.pk],
        "evidence_file": SimpleUploadedFile("seminar.pdf", b"%PDF-1.4", "application/pdf")})
    assert response.status_code == 302
    action = GovernmentAction.objects.get(item__code="II-4-G3")
    assert (action.ministry, action.done_on, list(action.agencies.all())) == (
        cast.reviewer.ministry, date(2024, 10, 1), [cast.agency])
    assert client.get(f"/government/actions/{action.pk}/evidence/").status_code == 200


def test_the_secretariat_records_its_own_and_sees_the_matrix(client_for, cast):
    record(cast.reviewer)
    record(cast.secretariat, code="II-4-G2", description="フォローアップを実施")
    assert GovernmentAction.objects.get(item__code="II-4-G2").ministry is None
    page = client_for(cast.secretariat).get("/government/", {"fy": 2024})
    matrix = page.context["matrix"]
    row = dict(matrix["rows"])[item("I-G1")]
    column = matrix["actors"].index(cast.reviewer.ministry)
    assert row[column].description == "中長期目標に反映"
    assert dict(matrix["rows"])[item("II-4-G2")][0].description == "フォローアップを実施"


def test_a_ministry_sees_only_its_own_actions(client_for, cast):
    action = record(cast.reviewer, evidence_url="https://example.invalid/mext")
    page = client_for(cast.other_reviewer).get("/government/", {"fy": 2024})
    assert "中長期目標に反映" not in page.content.decode()
    assert "matrix" not in page.context
    assert client_for(cast.other_reviewer).get(
        f"/government/actions/{action.pk}/evidence/").status_code == 404


@pytest.mark.parametrize("who", ["editor", "approver", "other_editor", "sysadmin"])
def test_agency_staff_and_administrators_are_refused_everywhere(client_for, cast, who):
    action = record(cast.reviewer)
    client = client_for(getattr(cast, who))
    for url in ("/government/", "/government/items/I-G1/", "/government/plans/"):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"status": "done"}).status_code == 403, url
    assert client.get(f"/government/actions/{action.pk}/evidence/").status_code == 403
    assert not GovernmentAction.objects.exclude(pk=action.pk).exists()


def test_an_agency_side_item_cannot_be_recorded(client_for, cast):
    assert client_for(cast.reviewer).get("/government/items/I-A1/").status_code == 404
    with pytest.raises(ValidationFailed):
        record(cast.reviewer, code="I-A1")


def test_a_ministry_cannot_name_agencies_it_does_not_supervise(cast):
    with pytest.raises(ValidationFailed):
        services.government_action_save(
            user=cast.other_reviewer, item=item(), fiscal_year=2024,
            values={"status": "done", "description": "x"}, agencies=[cast.agency])
    assert not GovernmentAction.objects.exists()


def test_done_needs_a_description(client_for, cast):
    response = client_for(cast.reviewer).post("/government/items/I-G1/", {"status": "done"})
    assert response.status_code == 200 and "description" in response.context["form"].errors


def test_the_supervising_ministry_records_the_plan_reflection(client_for, cast):
    data = {"period_start": 2022, "period_end": 2028, "in_objectives": "on", "in_plan": "on"}
    assert client_for(cast.reviewer).post("/government/plans/riken/?fy=2024",
                                          data).status_code == 302
    reflection = PlanReflection.objects.get(agency=cast.agency, fiscal_year=2024)
    assert (reflection.period_start, reflection.period_end, reflection.in_plan) == (2022, 2028,
                                                                                    True)
    assert client_for(cast.other_reviewer).post("/government/plans/riken/",
                                                data).status_code == 404
    for user in (cast.editor, cast.secretariat):
        assert client_for(user).post("/government/plans/riken/", data).status_code == 403
    bad = client_for(cast.reviewer).post("/government/plans/riken/",
                                         {**data, "period_end": 2020})
    assert bad.status_code == 200 and "period_end" in bad.context["form"].errors


def test_the_annual_report_and_excel_carry_a_government_section(cast):
    record(cast.reviewer)
    PlanReflection.objects.create(agency=cast.agency, fiscal_year=2024, period_start=2022,
                                  period_end=2028, in_objectives=True)
    section = [s for s in registry.report_sections() if s.identifier == "agreements.government"]
    assert section and section[0].chapter == ""
    agencies = Agency.objects.kokken_in(2024)
    html = render_to_string(section[0].pdf_template,
                            government_report.section_context(fiscal_year=2024, agencies=agencies))
    assert "中長期目標に反映" in html and "I-G1" in html and "RIKEN" in html
    actions, plans = government_report.excel_sheets(fiscal_year=2024, agencies=agencies)
    assert actions.headers[1] and [row[1] for row in actions] == ["I-G1"]
    assert [row[1] for row in plans] == ["riken"]


def test_the_annual_report_includes_the_section_for_any_chapter(cast):
    from agreements.reports import _report_sections
    from tests.agreements.factories import make_questionnaire, open_round

    round = open_round(cast, make_questionnaire(), targets=[cast.agency])
    sections = _report_sections(round, Agency.objects.filter(pk=cast.agency.pk), {"II-4"})
    assert "agreements.government" in [s["section"].identifier for s in sections]


def test_the_demo_fills_the_matrix_and_the_i_g1_table(db, client_for, cast):
    import io

    from agreements import demo
    from kokken import demo as users

    users.seed("demo-pass-for-test")
    demo._government(io.StringIO())
    demo._government(io.StringIO())   # twice: nothing duplicated
    assert GovernmentAction.objects.count() == len(demo.GOVERNMENT)
    from kokken.wareki import fiscal_year

    fy = fiscal_year()
    page = client_for(cast.secretariat).get("/government/", {"fy": fy})
    filled = [a for _item, cells in page.context["matrix"]["rows"] for a in cells if a]
    assert len(filled) == len(demo.GOVERNMENT)
    plans = client_for(cast.secretariat).get("/government/plans/", {"fy": fy})
    assert [r for _a, r, _edit in plans.context["rows"] if r]


def test_every_government_side_item_is_recorded_by_its_owners_and_reaches_matrix_and_report(
        client_for, cast):
    """Issue 11 "Done when": all 15 items, by a supervising ministry and by the secretariat,
    appear in the secretariat's matrix and the annual report's government section."""
    items = list(AgreementItem.objects.filter(side="government").order_by("order"))
    assert len(items) == 15
    for it in items:
        record(cast.reviewer, code=it.code, description=f"省の取組 {it.code}")
        record(cast.secretariat, code=it.code, description=f"事務局の取組 {it.code}")
    matrix = client_for(cast.secretariat).get("/government/", {"fy": 2024}).context["matrix"]
    rows = dict(matrix["rows"])
    column = matrix["actors"].index(cast.reviewer.ministry)
    for it in items:
        assert rows[it][column].description == f"省の取組 {it.code}"
        assert rows[it][0].description == f"事務局の取組 {it.code}"
    agencies = Agency.objects.kokken_in(2024)
    actions, _plans = government_report.excel_sheets(fiscal_year=2024, agencies=agencies)
    assert {row[1] for row in actions} == {it.code for it in items}
    section = next(s for s in registry.report_sections() if s.identifier == "agreements.government")
    html = render_to_string(section.pdf_template,
                            government_report.section_context(fiscal_year=2024, agencies=agencies))
    assert all(f"省の取組 {it.code}" in html and f"事務局の取組 {it.code}" in html for it in items)
