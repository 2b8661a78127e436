"""The round form and the questionnaire speak like the officials' forms: 令和 fiscal years,
agencies in the agreement's annex order with Japanese names, and the same 年 / 月 / 日
date boxes everywhere (no browser date picker)."""

import re
from datetime import date

import pytest

from agreements.models import Question
from kokken.models import Agency
from kokken.wareki import fiscal_year
from tests.agreements.factories import make_questionnaire, open_round


def test_round_form_selects_a_reiwa_fiscal_year(cast, client_for):
    page = client_for(cast.secretariat).get("/rounds/new/").content.decode()
    fy = fiscal_year()
    assert f'<option value="{fy}" selected>令和{fy - 2018}年度（{fy}年度）</option>' in page
    assert "例）2024" not in page


def test_round_form_lists_agencies_by_ministry_with_japanese_names(cast, client_for):
    page = client_for(cast.secretariat).get("/rounds/new/").content.decode()
    names = re.findall(r'name="targets" value="\d+"[^>]*>\s*([^<]+)</label>', page) or \
        re.findall(r'<label for="id_targets_\d+"><input[^>]*>\s*([^<]+)</label>', page)
    assert len(names) == 28   # the 27 国研 and JIHS, an outside body marked with its kind
    assert all(name.strip().startswith("国立研究開発法人") or name.strip().endswith("（特殊法人）")
               for name in names)
    by_name = {a.name_ja: a for a in Agency.objects.prefetch_related("ministries")}
    orders = [min(m.order for m in by_name[n.strip().removesuffix("（特殊法人）")].ministries.all())
              for n in names]
    assert orders == sorted(orders)


@pytest.fixture
def dated_sheet(cast):
    questionnaire = make_questionnaire()
    section = questionnaire.sections.get(code="S2")
    Question.objects.create(questionnaire=questionnaire, section=section, code="D1",
                            kind=Question.Kind.DATE, order=8, required=False,
                            text_ja="規程の施行日", text_en="Date")
    return open_round(cast, questionnaire).sheets.get(agency=cast.agency)


def test_a_date_question_takes_year_month_day_boxes_not_a_date_picker(cast, client_for,
                                                                      dated_sheet):
    client = client_for(cast.editor)
    page = client.get(f"/sheets/{dated_sheet.pk}/sections/S2/").content.decode()
    assert 'type="date"' not in page
    for part in ("year", "month", "day"):
        assert f'name="q-D1-{part}"' in page
    response = client.post(f"/sheets/{dated_sheet.pk}/sections/S2/", {
        "version": 0, "q-N1": "1", "q-D1-year": "2025", "q-D1-month": "4", "q-D1-day": "1"})
    assert response.status_code == 302
    assert dated_sheet.answers.get(question__code="D1").date == date(2025, 4, 1)
    page = client.get(f"/sheets/{dated_sheet.pk}/sections/S2/").content.decode()
    assert 'name="q-D1-month" value="04"' in page


def test_a_half_typed_or_impossible_date_is_refused_with_a_message(cast, client_for,
                                                                 dated_sheet):
    client = client_for(cast.editor)
    for parts in (("2025", "", "1"), ("2025", "2", "30")):
        response = client.post(f"/sheets/{dated_sheet.pk}/sections/S2/", {
            "version": 0, "q-D1-year": parts[0], "q-D1-month": parts[1], "q-D1-day": parts[2]})
        assert response.status_code == 400
        assert "正しい日付" in response.content.decode() or "日付" in response.content.decode()
    assert not dated_sheet.answers.filter(question__code="D1").exists()


def test_autosave_joins_the_date_boxes(cast, client_for, dated_sheet):
    response = client_for(cast.editor).post(f"/sheets/{dated_sheet.pk}/autosave/", {
        "code": "D1", "version": 0, "q-D1-year": "2026", "q-D1-month": "10", "q-D1-day": "5"})
    assert response.status_code == 200
    assert dated_sheet.answers.get(question__code="D1").date == date(2026, 10, 5)
