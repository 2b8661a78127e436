"""Japanese that reads naturally: no 「自法人」 in the menu, files are attached (not 取込),
the character limit is said once, conditional questions say why they are asked, and
Japanese text uses the full-width colon."""

import os

from django.core.management import call_command

from agreements.models import Question, Questionnaire
from tests.agreements.factories import make_questionnaire, open_round


def test_the_menu_names_the_agency_not_jibojin(cast, client_for):
    page = client_for(cast.editor).get("/agencies/riken/").content.decode()
    nav = page[page.index("site-nav"):]
    nav = nav[:nav.index("</nav>")]
    assert "自法人" not in nav and "理化学研究所" in nav


def test_sections_say_attach_and_why_a_conditional_question_is_asked(cast, client_for):
    sheet = open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)
    client = client_for(cast.editor)
    s2 = client.get(f"/sheets/{sheet.pk}/sections/S2/").content.decode()
    assert "ファイルを添付する" in s2 and ">取込<" not in s2
    s1 = client.get(f"/sheets/{sheet.pk}/sections/S1/").content.decode()
    assert "表示されている場合は必須です" not in s1
    assert "Q1-1の回答に応じてお聞きしている設問です。" in s1


def test_the_character_limit_is_said_once_per_question(cast, client_for):
    call_command("load_agreement_data", stdout=open(os.devnull, "w"))
    questionnaire = Questionnaire.objects.get(code="integrity", version=2)
    assert not Question.objects.filter(help_ja__contains="字以内").exists()
    sheet = open_round(cast, questionnaire).sheets.get(agency=cast.agency)
    section = Question.objects.get(questionnaire=questionnaire, code="INT-Q1-3").section.code
    page = client_for(cast.editor).get(f"/sheets/{sheet.pk}/sections/{section}/").content.decode()
    field = page[page.index('id="field-INT-Q1-3"'):]
    field = field[:field.index("autosave-status")]
    assert field.count("字以内") == 1


def test_japanese_labels_use_the_full_width_colon(cast, client_for):
    round = open_round(cast, make_questionnaire())
    page = client_for(cast.editor).get("/agencies/riken/").content.decode()
    assert "提出期限：" in page and "提出期限: " not in page
    assert round.title_ja in page
