"""The agreement and questionnaire fixtures, loaded as the product loads them."""

import copy
import re

import pytest
from django.utils import timezone

from agreements import loaders
from agreements.models import Agreement, AgreementItem, Option, Question, Questionnaire, Section
from tests import snapshots
from tests.conftest import seeded_snapshot

CHAPTERS = ["II-1", "II-2", "II-3", "II-4"]
CODE = re.compile(r"^[A-Z0-9][A-Za-z0-9-]*$")
SOURCE = loaders.FIXTURES / "agreement" / "2024-03-29.ja.txt"


def normalised(text: str) -> str:
    """Whitespace, footnote marks and full-width brackets do not count: the text is a PDF extract."""
    text = re.sub(r"[\s¹²³⁴⁵⁶⁷⁸⁹⁰⁾]+", "", text)
    return text.replace("（", "(").replace("）", ")")


@pytest.fixture(scope="session")
def _loaded_snapshot(django_db_setup, django_db_blocker):
    """The database after ``loaders.load_all()`` (as ``manage.py load_agreement_data``
    leaves it), taken once per test session."""
    return seeded_snapshot(django_db_blocker, loaders.load_all)


@pytest.fixture
def loaded(db, _loaded_snapshot):
    snapshots.restore(_loaded_snapshot)
    return Agreement.objects.get(code="2024-03-29")


def chapter_of(item: AgreementItem) -> AgreementItem:
    while item.parent_id is not None:
        item = item.parent
    return item


def items_of(agreement, chapter: str, side: str):
    return [i for i in agreement.items.filter(kind="item", side=side)
            if chapter_of(i).code == chapter]


def questionnaire(code: str, version: int) -> Questionnaire:
    return Questionnaire.objects.get(code=code, version=version)


def snapshot() -> dict:
    return {
        "questionnaires": list(Questionnaire.objects.values_list("code", "version", "title_ja")),
        "sections": list(Section.objects.order_by("id").values_list("id", "code", "title_ja")),
        "questions": list(Question.objects.order_by("id").values_list(
            "id", "code", "kind", "text_ja", "text_en", "required", "show_if_question", "refines_parent")),
        "options": list(Option.objects.order_by("id").values_list("id", "code", "label_ja")),
        "links": sorted(Question.items.through.objects.values_list("question_id", "agreementitem_id")),
        "items": list(AgreementItem.objects.order_by("id").values_list("id", "code", "title_ja")),
    }


# --- The agreement ------------------------------------------------------------

def test_the_agreement_has_the_four_chapters_of_part_ii_in_order(loaded):
    top = list(loaded.items.filter(parent=None).values_list("code", "kind"))
    assert [c for c, _ in top] == ["I"] + CHAPTERS
    assert all(kind == "chapter" for _, kind in top)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_asks_something_of_the_agencies_and_of_government(loaded, chapter):
    assert items_of(loaded, chapter, "agency")
    assert items_of(loaded, chapter, "government")


@pytest.mark.parametrize("chapter", ["II-1", "II-2", "II-3"])
def test_the_requested_actions_section_holds_both_sides(loaded, chapter):
    section = loaded.items.get(parent__code=chapter, kind="section", title_ja__contains="各機関に求められる取組")
    sides = set(section.children.filter(kind="item").values_list("side", flat=True))
    assert sides == {"agency", "government"}


def test_item_codes_are_short_ascii_and_name_their_chapter_and_side(loaded):
    for item in loaded.items.all():
        assert CODE.match(item.code) and len(item.code) <= 16, item.code
        assert item.code.startswith(chapter_of(item).code), item.code
        if item.kind == "item":
            marker = {"agency": "-A", "government": "-G"}[item.side]
            assert marker in item.code, item.code
        else:
            assert item.side == ""


def test_every_requested_action_is_titled_in_both_languages_and_quotes_the_text(loaded):
    for item in loaded.items.filter(kind="item"):
        assert item.title_ja and item.title_en, item.code
        assert item.text_ja and len(item.text_ja) <= 450, item.code


def test_every_excerpt_is_quoted_verbatim_from_the_agreement(loaded):
    source = normalised(SOURCE.read_text(encoding="utf-8"))
    for item in loaded.items.exclude(text_ja=""):
        for line in item.text_ja.splitlines():
            quote = line.removeprefix("・").removesuffix("…")
            assert normalised(quote) in source, (item.code, quote[:40])


# --- Every question traces to the agreement ------------------------------------

def test_every_question_checks_at_least_one_agreement_item(loaded):
    unlinked = list(Question.objects.filter(items=None).values_list("questionnaire__code", "code"))
    assert unlinked == []


def test_every_question_of_the_follow_up_checks_an_agency_side_item(loaded):
    for q in Question.objects.all():
        assert q.items.filter(side="agency").exists(), q.code


def test_questions_check_items_of_their_own_sections_chapter(loaded):
    for q in Question.objects.select_related("section"):
        for item in q.items.all():
            assert chapter_of(item).code == q.section.chapter, (q.code, item.code)


def test_every_question_option_and_section_has_an_english_text(loaded):
    assert not Question.objects.filter(text_en="").exists()
    assert not Option.objects.filter(label_en="").exists()
    assert not Section.objects.filter(title_en="").exists()
    assert not Questionnaire.objects.filter(title_en="").exists()


# --- The research-integrity follow-up ------------------------------------------

def integrity_codes(version: int) -> list[str]:
    return list(questionnaire("integrity", version).questions.values_list("code", flat=True))


def test_the_fy2022_integrity_survey_asks_q1_to_q3_only(loaded):
    assert integrity_codes(1) == [f"INT-Q{n}-{p}" for n in (1, 2, 3) for p in (1, 2, 3)]


def test_the_fy2023_integrity_survey_adds_q4_to_q6_under_the_same_codes(loaded):
    v1, v2 = integrity_codes(1), integrity_codes(2)
    assert v2 == [f"INT-Q{n}-{p}" for n in range(1, 7) for p in (1, 2, 3)]
    assert v2[:len(v1)] == v1
    texts = lambda v: dict(questionnaire("integrity", v).questions.values_list("code", "text_ja"))
    assert all(texts(2)[code] == text for code, text in texts(1).items())


@pytest.mark.parametrize("version", [1, 2])
def test_integrity_questions_quote_the_published_survey(loaded, version):
    for q in questionnaire("integrity", version).questions.filter(code__endswith="-1"):
        assert q.text_ja.startswith("研究インテグリティの確保に向けて、")
        assert q.text_ja.endswith("しているか。")


@pytest.mark.parametrize("version", [1, 2])
def test_each_integrity_question_asks_first_whether_it_is_done(loaded, version):
    for q in questionnaire("integrity", version).questions.filter(code__endswith="-1"):
        assert q.kind == "single" and q.required and not q.is_conditional
        assert list(q.options.values_list("code", flat=True)) == ["done", "not_done"]
        expected = "実施している" if q.code == "INT-Q1-1" else "整備している"
        assert q.options.get(code="done").label_ja == expected


@pytest.mark.parametrize("version", [1, 2])
def test_considering_is_asked_only_when_not_done_and_refines_the_answer(loaded, version):
    qs = questionnaire("integrity", version).questions
    for q in qs.filter(code__endswith="-2"):
        parent_code = q.code[:-1] + "1"
        assert q.show_if_question.code == parent_code
        assert q.show_if_values == ["not_done"]
        assert q.refines_parent is True
        assert list(q.options.values_list("code", flat=True)) == ["considering", "not_considering"]
    assert not qs.exclude(code__endswith="-2").filter(refines_parent=True).exists()


@pytest.mark.parametrize("version", [1, 2])
def test_a_plan_is_asked_only_of_those_considering(loaded, version):
    for q in questionnaire("integrity", version).questions.filter(code__endswith="-3"):
        assert q.kind == "long_text" and q.max_length == 400 and q.required
        assert q.show_if_question.code == q.code[:-1] + "2"
        assert q.show_if_values == ["considering"]


@pytest.mark.parametrize("version", [1, 2])
def test_integrity_questions_check_the_research_integrity_items_of_ii_4(loaded, version):
    checked = set()
    for q in questionnaire("integrity", version).questions.all():
        codes = set(q.items.values_list("code", flat=True))
        assert codes and all(c.startswith("II-4-") for c in codes), q.code
        checked |= codes
    # ①研修等の理解増進の取組 … ⑥リスクが顕在化する前に対処する仕組み
    expected = {"II-4-A21", "II-4-A22", "II-4-A23"} | (
        {"II-4-A24", "II-4-A25", "II-4-A26"} if version == 2 else set())
    assert expected <= checked


# --- The 機能強化 follow-up ----------------------------------------------------

def test_the_kinou_kyouka_follow_up_has_one_section_per_chapter(loaded):
    sections = questionnaire("kinou-kyouka", 1).sections.all()
    assert [s.chapter for s in sections] == CHAPTERS


def test_every_chapter_section_has_at_least_eight_questions(loaded):
    for section in questionnaire("kinou-kyouka", 1).sections.all():
        assert section.questions.count() >= 8, section.chapter


def test_the_kinou_kyouka_follow_up_uses_every_kind_of_question(loaded):
    kinds = set(questionnaire("kinou-kyouka", 1).questions.values_list("kind", flat=True))
    assert kinds == set(Question.Kind.values)


def test_kinou_kyouka_question_codes_carry_their_sections_prefix(loaded):
    prefix = {"II-1": "HR-", "II-2": "TR-", "II-3": "IP-", "II-4": "SEC-"}
    for q in questionnaire("kinou-kyouka", 1).questions.select_related("section"):
        assert q.code.startswith(prefix[q.section.chapter]), q.code


def test_choice_questions_have_options_and_others_have_none(loaded):
    for q in Question.objects.all():
        if q.kind in Question.CHOICE_KINDS:
            assert q.options.count() >= 2, q.code
        else:
            assert not q.options.exists(), q.code
    yes_no = Question.objects.filter(kind="yes_no")
    assert yes_no.exists()
    for q in yes_no:
        assert list(q.options.values_list("code", flat=True)) == ["yes", "no"]


def test_a_timeline_is_asked_only_when_the_agency_is_considering(loaded):
    qs = questionnaire("kinou-kyouka", 1).questions
    abc = [q for q in qs.filter(kind="single")
           if {"a", "b", "c"} <= set(q.options.values_list("code", flat=True))]
    assert len(abc) >= 4
    for q in abc:
        assert q.options.get(code="b").label_ja == "検討している"
        assert q.options.get(code="c").label_ja == "検討していない"
    plans = qs.filter(show_if_values=["b"])
    assert plans.exists()
    for plan in plans:
        assert plan.kind == "long_text" and plan.max_length
        assert plan.show_if_question in abc


def test_conditional_questions_depend_on_an_earlier_choice_question(loaded):
    for q in Question.objects.exclude(show_if_question=None).select_related("show_if_question"):
        parent = q.show_if_question
        assert parent.questionnaire_id == q.questionnaire_id
        assert parent.order < q.order
        assert parent.kind in Question.CHOICE_KINDS
        assert set(q.show_if_values) <= set(parent.options.values_list("code", flat=True)), q.code


def test_text_answers_are_bounded(loaded):
    for q in Question.objects.filter(kind__in=["long_text", "short_text"]):
        assert q.max_length, q.code


def test_no_question_asks_for_a_person(loaded):
    personal = ["氏名", "担当者名", "電話番号", "メールアドレス", "name of the person", "e-mail"]
    for q in Question.objects.all():
        for word in personal:
            assert word not in q.text_ja and word not in q.text_en.lower(), q.code


# --- Loading -----------------------------------------------------------------

def test_loading_twice_creates_no_duplicates(loaded):
    before = snapshot()
    loaders.load_all()
    assert snapshot() == before


def test_loading_leaves_a_locked_questionnaire_alone(loaded):
    locked = questionnaire("integrity", 2)
    locked.locked_at = timezone.now()
    locked.save()
    before = snapshot()

    loaders.load_all()
    assert snapshot() == before

    changed = copy.deepcopy(loaders.read(loaders.FIXTURES / "questionnaires" / "integrity-v2.json"))
    changed["title_ja"] = "書き換え"
    changed["sections"][0]["questions"][0]["text_ja"] = "書き換え"
    changed["sections"][0]["questions"].append({"code": "INT-Q9-1", "kind": "yes_no", "text_ja": "追加"})
    loaders.load_questionnaire(changed, models=loaders._Models())
    assert snapshot() == before
