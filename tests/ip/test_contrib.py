"""II-3 contributes through agreements.contrib: navigation, indicators, home panels, the annual
PDF section and the round Excel sheets; pages and panels take a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.contrib import registry
from ip import contrib, demo, reports, selectors
from ip.models import CoiCase, CoiRules, IpManagement, Startup
from kokken import wareki
from kokken.models import Agency
from tests.ip import factories as f

pytestmark = pytest.mark.django_db


def test_ip_registers_indicators_panels_nav_and_a_report_section():
    assert [i.identifier for i in registry.indicators("II-3")] == [
        selectors.COORDINATED, selectors.MEDIAN_DAYS, selectors.P90_DAYS, selectors.CONTINUED,
        selectors.STARTUPS, selectors.LICENCE_INCOME]
    for audience in ("agency", "ministry", "secretariat"):
        assert [p for p in registry.panels(audience) if p.chapter == "II-3"]
    assert [s.identifier for s in registry.report_sections("II-3")] == ["ip.section"]
    assert {n.identifier for n in registry.nav_items()} >= {"ip.chapter", "ip.indicators"}


def _spread(agencies, n):
    for i, agency in enumerate(agencies[:n]):
        f.rules(agency, coordinated=i % 2 == 0)
        f.management(agency, licence_income=100 * i)
        f.case(agency, days=10 + i)
        f.startup(agency, name=f"株式会社{i}")


def test_the_secretariat_home_shows_the_coi_speed(client_for, cast):
    this = wareki.fiscal_year()                  # the home shows the current fiscal year
    f.case(cast.agency, fiscal_year=this, days=10)
    f.case(cast.other_agency, fiscal_year=this, days=30)
    response = client_for(cast.secretariat).get("/", follow=True)
    text = response.content.decode()
    assert "II-3" in text and "中央値 20.0 日、90パーセンタイル 28.0 日（2 件）" in text
    panel = contrib.panel(request=None, fiscal_year=this)
    assert panel["ip_median"].value == 20 and panel["ip_p90"].value == 28
    assert contrib.panel(request=None, fiscal_year=this - 1)["ip_median"].value is None


def test_panels_take_a_fixed_number_of_queries(cast, rf):
    from django.core.cache import cache

    def panels(cached):
        # A request of its own each time (the registers' state is read once per request);
        # the figures computed (cache emptied) or read from the cache.
        request = rf.get("/")
        request.user = cast.approver
        if not cached:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            contrib.agency_panel(request=request, agency=cast.agency, fiscal_year=2024)
            contrib.panel(request=request, fiscal_year=2024)
        return len(queries)

    agencies = list(Agency.objects.kokken_in(2024).order_by("code"))
    _spread(agencies, 1)
    few = panels(cached=False), panels(cached=True)
    _spread(agencies[1:], 20)
    many = panels(cached=False), panels(cached=True)
    assert many == few and few[0] <= 20, (few, many)
    assert few[1] <= 2      # the registers' state and the year's agencies


@pytest.mark.parametrize("url", ["/ip/indicators/?fy=2024", "/ip/agencies/riken/?fy=2024",
                                 "/ip/agencies/riken/startups/?fy=2024",
                                 "/ip/agencies/riken/coi-cases/?fy=2024"])
def test_pages_take_a_fixed_number_of_queries(client_for, cast, url):
    client = client_for(cast.approver if "coi-cases" in url else cast.secretariat)
    agencies = list(Agency.objects.kokken_in(2024).order_by("code"))
    f.case(cast.agency, days=5)
    f.startup(cast.agency)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _spread(agencies, 20)
    for i in range(8):
        f.case(cast.agency, days=i, received_on=datetime.date(2024, 6, 1 + i))
        f.startup(cast.agency, name=f"株式会社追加{i}")
    client.get(url)  # the first view after a change counts the rows again (kept after it)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many]
    assert len(few) <= 30


def test_the_annual_pdf_section_and_the_round_sheets_read_the_same_figures(cast):
    agencies = Agency.objects.kokken_in(2024)
    f.rules(cast.agency)
    for days in (10, 20, 30, 40, 100):
        f.case(cast.agency, days=days)
    f.startup(cast.agency)
    section = registry.report_sections("II-3")[0]
    from django.template.loader import render_to_string

    html = render_to_string(section.pdf_template, section.context(fiscal_year=2024,
                                                                  agencies=agencies))
    assert "II-3" in html and "76.0" in html and "30.0" in html
    sheets = section.excel_sheets(fiscal_year=2024, agencies=agencies)
    assert len(sheets) == 3
    for sheet in sheets:
        assert sheet.title and len(sheet.title) <= 31
        assert all(isinstance(h, str) and h for h in sheet.headers)
    assert len(sheets[1]) == 27
    riken = next(row for row in sheets[1] if row[1] == "riken")
    assert list(riken[3:9]) == [1, 5, 30.0, 76.0, 1, None]
    assert len(sheets[2]) == 1


def test_the_annual_report_pdf_shows_the_chapter_in_its_extracted_text(cast, tmp_path):
    from agreements import reports as annual
    from agreements.models import ReportJob, Round
    from tests.agreements_reports import factories as rf
    from tests.agreements_reports.pdftools import pdf_text

    round = rf.fy2023_round(questionnaire_obj=rf.questionnaire(), status=Round.Status.PUBLISHED)
    round.questionnaire.sections.update(chapter="II-3")
    for days in (10, 20, 30, 40, 100):
        f.case(cast.agency, fiscal_year=2023, days=days)
    f.rules(cast.agency, fiscal_year=2023)
    job = ReportJob.objects.create(kind="annual", round=round)
    text = pdf_text(annual.REPORTS["annual"].render(job)[2], tmp_path)
    flat = "".join(text.split())
    assert "II-3" in flat
    assert "76.0" in flat and "30.0" in flat   # RIKEN's 90th percentile and median days


def test_the_indicators_export_has_the_sheets_over_the_viewers_agencies(client_for, cast):
    f.case(cast.agency, days=10)
    response = client_for(cast.reviewer).get("/ip/indicators/export.xlsx?fy=2024")
    assert response.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(response.content))
    by_agency = book.worksheets[1]
    codes = {row[1] for row in by_agency.iter_rows(min_row=2, values_only=True)}
    assert "riken" in codes and "aist" not in codes


def test_demo_covers_every_register_for_every_agency_over_two_years_and_is_idempotent():
    this = wareki.fiscal_year()
    demo.seed()
    for year in (this - 1, this):
        ids = set(Agency.objects.kokken_in(year).values_list("pk", flat=True))
        for model in (IpManagement, CoiRules, CoiCase, Startup):
            assert set(model.objects.filter(fiscal_year=year)
                       .values_list("agency_id", flat=True)) >= ids, (model, year)
        assert Startup.objects.filter(fiscal_year=year, agency__code="aist",
                                      certified=True).count() == 3
    assert all(s.name.startswith(demo.DEMO) for s in Startup.objects.all())
    counts = (CoiCase.objects.count(), Startup.objects.count())
    demo.seed()
    assert (CoiCase.objects.count(), Startup.objects.count()) == counts
    reports.excel_sheets(fiscal_year=this, agencies=Agency.objects.kokken_in(this))


def test_the_case_logs_count_follows_every_write_and_each_filter(client_for, cast):
    """The number of cases the list shows is kept in the cache under the register's version
    (kokken/registers.py): a case added or deleted shows in it at once, and a filter has a
    count of its own."""
    client = client_for(cast.approver)
    url = "/ip/agencies/riken/coi-cases/?fy=2024"
    f.case(cast.agency, days=5)
    assert client.get(url).context["total"] == 1
    other = f.case(cast.agency, days=6, case_type="funding")
    assert client.get(url).context["total"] == 2
    assert client.get(url + "&case_type=funding").context["total"] == 1
    other.delete()
    assert client.get(url).context["total"] == 1
    assert client.get(url + "&case_type=funding").context["total"] == 0
