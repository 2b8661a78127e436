"""The page of the integrity figures (the follow-up of 図11): one computation for the chart,
the table, the PDF section and the Excel sheet; who sees which bodies' figures is decided in
kokken.access. The hand-checked set is test_integrity_indicators' (FY2023, v2):
RIKEN, AIST, JST, JIHS accepted, NIMS submitted → Q1 3/4 = 75 %, Q4 2/4 = 50 %."""

import io

from django.template.loader import render_to_string
from openpyxl import load_workbook

from agreements.models import Round
from kokken.models import Agency
from security import reports, selectors

from .test_integrity_indicators import ANSWERS, integrity_round


def page(client, fy=2023):
    return client.get(f"/security/integrity/?fy={fy}")


def figures(response):
    return {f"Q{f.n}": f for f in response.context["year"].figures}


def test_the_secretariat_sees_the_working_figures_before_publication(cast, client_for):
    integrity_round(cast, 2023, 2, ANSWERS)
    response = page(client_for(cast.secretariat))
    q = figures(response)
    assert (q["Q1"].value, q["Q1"].accepted, q["Q1"].not_reported) == (75.0, 4, 1)
    assert (q["Q4"].value, q["Q4"].share("considering")) == (50.0, 25.0)
    body = response.content.decode()
    assert "令和5年度" in body and "<svg" in body and "5 機関（国研 4・その他 1）" in body
    assert "ほとんど" in body or "ほぼ全て" in body  # what the agreement says beside it


def test_agency_users_see_nothing_before_publication_and_everything_after(cast, client_for):
    round = integrity_round(cast, 2023, 2, ANSWERS)
    client = client_for(cast.other_editor)
    before = page(client)
    assert before.context["year"].empty and "<svg" not in before.content.decode()
    Round.objects.filter(pk=round.pk).update(status=Round.Status.PUBLISHED)
    after = page(client)
    assert (figures(after)["Q1"].value, figures(after)["Q1"].accepted) == (75.0, 4)


def test_a_reviewer_counts_only_the_supervised_bodies_before_publication(cast, client_for):
    integrity_round(cast, 2023, 2, ANSWERS)
    response = page(client_for(cast.reviewer))  # MEXT: RIKEN, JST, NIMS among the targets
    q1 = figures(response)["Q1"]
    assert (q1.value, q1.accepted, q1.not_reported) == (100.0, 2, 1)
    assert response.context["year"].population.label == "3 国研"


def test_a_year_without_a_round_says_so(cast, client_for):
    response = page(client_for(cast.secretariat), fy=2030)
    assert response.context["round"] is None
    assert 2030 in response.context["years"]  # the picker shows the year on screen
    assert "令和12年度" in response.content.decode()
    assert response.context["chart"] == ""


def test_a_question_the_round_did_not_ask_is_marked_not_asked(cast, client_for):
    integrity_round(cast, 2022, 1, {"riken": ("accepted", {"INT-Q1-1": "done"})})
    response = page(client_for(cast.secretariat), fy=2022)
    q = figures(response)
    assert q["Q1"].asked and not q["Q4"].asked and q["Q4"].value is None
    assert "この年度の調査では尋ねていません" in response.content.decode()


def test_chart_table_pdf_and_excel_read_the_same_figures(cast, client_for):
    integrity_round(cast, 2023, 2, ANSWERS)
    agencies = Agency.objects.filter(code__in=ANSWERS)
    context = reports.section_context(fiscal_year=2023, agencies=agencies)
    pdf = render_to_string("security/report/section.html", context)
    assert "75%" in pdf and "3/4" in pdf and "<svg" in pdf
    sheet, _trend = reports.excel_sheets(fiscal_year=2023, agencies=agencies)
    rows = {(r[1], r[3]): r for r in sheet}
    assert rows[("Q1", "done")][5:9] == (3, 75.0, 4, 1)
    assert rows[("Q4", "considering")][5:7] == (1, 25.0)
    book = load_workbook(io.BytesIO(
        client_for(cast.secretariat).get("/security/integrity/export.xlsx?fy=2023").content))
    exported = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert [3, 75, 4, 1] in [r[5:9] for r in exported if r[1] == "Q1" and r[3] == "done"]
    page_q1 = figures(page(client_for(cast.secretariat)))["Q1"]
    assert (page_q1.counts["done"], page_q1.value) == (3, 75.0)
    values = selectors.integrity_values(fiscal_year=2023, agencies=agencies)
    assert values["security.integrity_q1"].value == page_q1.value


def test_the_page_takes_a_fixed_number_of_queries(cast, client_for,
                                                  django_assert_max_num_queries):
    integrity_round(cast, 2023, 2, ANSWERS)
    client = client_for(cast.secretariat)
    page(client)
    # Session, user, second factor and audit rows; the years, the round, and the figures
    # of the year and the year before (each the round aggregate's fixed set).
    with django_assert_max_num_queries(30):
        page(client)
