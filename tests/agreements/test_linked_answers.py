"""One source for each fact: HR-06 and its kin restate the II-1 salary register, which is
the source. The questionnaire is pre-filled from it and shows it as linked."""

import os

import pytest
from django.core.management import call_command

from agreements import services
from agreements.contrib import registry
from agreements.models import Question, Questionnaire
from hr.models import SalaryBenchmark
from tests.agreements.factories import open_round


@pytest.fixture
def sheet(cast):
    call_command("load_agreement_data", stdout=open(os.devnull, "w"))
    questionnaire = Questionnaire.objects.get(code="kinou-kyouka", version=1)
    SalaryBenchmark.objects.create(
        agency=cast.agency, fiscal_year=2024, average_salary=8580, comparator="【試験】製造業",
        survey="occupational", comparator_salary=8035, explanation="説明")
    return open_round(cast, questionnaire).sheets.get(agency=cast.agency)


def _section(sheet):
    return Question.objects.get(questionnaire=sheet.round.questionnaire, code="HR-06").section.code


def test_hr_registers_the_salary_questions_as_linked():
    assert {"HR-06", "HR-07", "HR-09"} <= {link.question_code
                                           for link in registry.linked_answers()}


def test_an_empty_salary_answer_is_prefilled_from_the_register(cast, sheet, client_for):
    page = client_for(cast.editor).get(
        f"/sheets/{sheet.pk}/sections/{_section(sheet)}/").content.decode()
    field = page[page.index('id="field-HR-06"'):]
    field = field[:field.index('id="field-HR-07"')]
    assert 'value="8580"' in field
    assert "8,580" in field and "台帳の値を転記しました" in field
    assert f"/hr/agencies/riken/salary/?fy=2024" in field


def test_an_answer_that_differs_from_the_register_is_flagged(cast, sheet, client_for):
    services.answers_save(sheet=sheet, user=cast.editor, base_version=0, raw={"HR-06": "12790"})
    page = client_for(cast.editor).get(
        f"/sheets/{sheet.pk}/sections/{_section(sheet)}/").content.decode()
    field = page[page.index('id="field-HR-06"'):]
    field = field[:field.index('id="field-HR-07"')]
    assert 'value="12790"' in field and "台帳の値と異なります" in field


def test_a_register_change_shows_in_the_section_on_the_next_view(cast, sheet, client_for):
    # The section's form is cached (agreements.selectors.sheet_section_page) under the
    # registers' version: a changed register value is a new entry.
    client = client_for(cast.editor)
    url = f"/sheets/{sheet.pk}/sections/{_section(sheet)}/"
    assert 'value="8580"' in client.get(url).content.decode()
    record = SalaryBenchmark.objects.get(agency=cast.agency, fiscal_year=2024)
    record.average_salary = 9120
    record.save()
    page = client.get(url).content.decode()
    field = page[page.index('id="field-HR-06"'):]
    field = field[:field.index('id="field-HR-07"')]
    assert 'value="9120"' in field and "9,120" in field


def test_the_section_reads_the_salary_record_once_for_its_three_questions(cast, sheet,
                                                                          client_for):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(cast.editor)
    url = f"/sheets/{sheet.pk}/sections/{_section(sheet)}/"
    client.get(url)
    cache.clear()  # render the form again
    table = f'FROM "{SalaryBenchmark._meta.db_table}"'
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    assert 'value="8580"' in page and 'value="8035"' in page
    assert len([q for q in queries if table in q["sql"]]) == 1
