"""Version 2 of the 機能強化 questionnaire: v1 untouched, codes kept where the meaning is."""

import pytest
from django.core.management import call_command

from agreements.models import Questionnaire

V1_ONLY = {"HR-15", "SEC-13"}                 # meaning changed: retired
V2_ONLY = {"GEN-01", "HR-21", "HR-22", "IP-18", "SEC-26", "SEC-27", "SEC-28", "SEC-29",
           "SEC-30"}


def questions(version):
    qn = Questionnaire.objects.get(code="kinou-kyouka", version=version)
    return {q.code: q for q in qn.questions.select_related("show_if_question")
            .prefetch_related("items", "options")}


def test_v2_keeps_every_unchanged_code_and_adds_the_missing_questions(db):
    v1, v2 = questions(1), questions(2)
    assert set(v1) - set(v2) == V1_ONLY
    assert set(v2) - set(v1) == V2_ONLY
    for code in set(v1) & set(v2):
        assert (v1[code].text_ja, v1[code].kind) == (v2[code].text_ja, v2[code].kind), code


@pytest.mark.parametrize(("code", "item"), [("GEN-01", "I-A1"), ("IP-18", "II-3-A1"),
                                            ("SEC-26", "II-4-A1")])
def test_items_that_had_no_question_now_have_one(db, code, item):
    assert item in set(questions(2)[code].items.values_list("code", flat=True))


def test_the_revision_date_of_export_rules_is_asked_only_when_they_exist(db):
    v2 = questions(2)
    assert v2["SEC-12"].show_if_question.code == "SEC-27"
    assert v2["SEC-12"].show_if_values == ["yes"]
    assert "輸出者等遵守基準" in v2["SEC-27"].text_ja


def test_hr_15_is_split_and_the_strategy_is_asked(db):
    v2 = questions(2)
    assert "戦略" in v2["HR-21"].text_ja and "人事交流" in v2["HR-22"].text_ja
    assert v2["HR-16"].show_if_question.code == "HR-22"


def test_unified_standards_nisc_and_clear_separation_are_asked(db):
    v2 = questions(2)
    assert "統一基準" in v2["SEC-28"].text_ja and "NISC" in v2["SEC-30"].text_ja
    assert "明確に区分" in v2["SEC-29"].text_ja and "複数段階" not in v2["SEC-29"].text_ja
    assert {v2["SEC-14"].show_if_question.code, v2["SEC-15"].show_if_question.code} == {"SEC-29"}


def test_a_locked_v1_is_not_changed_by_reloading(db):
    from django.utils import timezone

    v1 = Questionnaire.objects.get(code="kinou-kyouka", version=1)
    Questionnaire.objects.filter(pk=v1.pk).update(locked_at=timezone.now())
    before = sorted(questions(1))
    call_command("load_agreement_data", verbosity=0)
    assert sorted(questions(1)) == before
    assert Questionnaire.objects.filter(code="kinou-kyouka").count() == 2
