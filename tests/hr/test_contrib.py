"""II-1 contributes through agreements.contrib only: nav, indicators, panels, report section."""

from django.template.loader import render_to_string

from agreements.contrib import registry
from hr import demo
from kokken.models import Agency


def test_hr_registers_indicators_panels_and_a_report_section():
    assert [i.identifier for i in registry.indicators("II-1")] == [
        "hr.annual_salary_share", "hr.crossappointment_share", "hr.crossappointment_partners",
        "hr.salary_gap", "hr.explanations_adequate"]
    for audience in ("agency", "ministry", "secretariat"):
        assert [p for p in registry.panels(audience) if p.chapter == "II-1"]
    assert [s.identifier for s in registry.report_sections("II-1")] == ["hr.section"]
    assert {n.identifier for n in registry.nav_items()} >= {"hr.register", "hr.indicators"}


def test_registered_indicators_compute_over_the_agencies_given(db):
    demo.seed()
    indicator = registry.indicator("hr.crossappointment_share")
    value = indicator.compute(fiscal_year=2024, agencies=Agency.objects.filter(code="riken"))
    assert value.denominator == 1


def test_report_section_renders_and_its_sheets_are_machine_readable(db):
    demo.seed()
    section = registry.report_sections("II-1")[0]
    agencies = Agency.objects.kokken_in(2024)
    html = render_to_string(section.pdf_template, section.context(fiscal_year=2024,
                                                                  agencies=agencies))
    assert "II-1" in html and "理化学研究所" in html
    sheets = section.excel_sheets(fiscal_year=2024, agencies=agencies)
    assert len(sheets) == 5
    for sheet in sheets:
        assert sheet.title and len(sheet.title) <= 31
        assert sheet.headers and all(isinstance(h, str) and h for h in sheet.headers)
        for row in sheet:
            for header, cell in zip(sheet.headers, row, strict=True):
                if "千円" in header or "％" in header:   # unit in the header, numbers without units
                    assert cell is None or isinstance(cell, int | float), (header, cell)
    by_agency = sheets[1]
    assert len(by_agency) == 27


def test_fy2025_figures_count_26_kokken_and_fy2024_still_27(client_for, cast):
    """NCGM ends on 2025-03-31; JIHS (a 特殊法人) is not a 国研, even with registers."""
    from hr import contrib, selectors
    from hr.models import CrossAppointmentScheme

    ncgm, jihs = Agency.objects.get(code="ncgm"), Agency.objects.get(code="jihs")
    for agency, year in ((ncgm, 2024), (ncgm, 2025), (jihs, 2025)):
        CrossAppointmentScheme.objects.create(agency=agency, fiscal_year=year, introduced=True)
    for year, total, with_ca in ((2024, 27, 1), (2025, 26, 0)):
        value = contrib.secretariat_panel(request=None, fiscal_year=year)["hr_values"][
            selectors.CROSSAPPOINTMENT]
        assert (value.denominator, value.numerator) == (total, with_ca), year
    page = client_for(cast.secretariat).get("/hr/indicators/", {"fy": 2025})
    assert "26 国研" in page.content.decode()
    assert "27 国研" in client_for(cast.secretariat).get(
        "/hr/indicators/", {"fy": 2024}).content.decode()
