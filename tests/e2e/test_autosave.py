"""Answers are never lost in the browser: human-speed typing, an immediate 一時保存する,
two people (or two tabs) on one sheet."""

from datetime import date

import pytest
from django.test import TestCase

from agreements import services
from agreements.models import Answer, Option, Question, Questionnaire, Section, Sheet
from kokken.models import User
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e
K = Question.Kind
TYPING_DELAY_MS = 90  # about 11 keys a second: a quick typist

# 20 questions of one section, switching kinds: (code, kind, what the person enters).
JOURNEY = [
    ("A01", K.SHORT_TEXT, "研究推進室"),
    ("A02", K.INTEGER, "12"),
    ("A03", K.SINGLE, "b"),
    ("A04", K.MULTIPLE, ["x", "z"]),
    ("A05", K.LONG_TEXT, "規程を改正した"),
    ("A06", K.AMOUNT, "1500"),
    ("A07", K.SINGLE, "a"),
    ("A08", K.SHORT_TEXT, "URA 3名"),
    ("A09", K.MULTIPLE, ["y"]),
    ("A10", K.PERCENT, "37.5"),
    ("A11", K.SHORT_TEXT, "令和6年度から"),
    ("A12", K.SINGLE, "c"),
    ("A13", K.INTEGER, "4"),
    ("A14", K.MULTIPLE, ["x", "y", "z"]),
    ("A15", K.LONG_TEXT, "次年度も継続"),
    ("A16", K.SINGLE, "a"),
    ("A17", K.DECIMAL, "2.25"),
    ("A18", K.SHORT_TEXT, "特になし"),
    ("A19", K.INTEGER, "250"),
    ("A20", K.SHORT_TEXT, "最後の回答"),
]
CHOICES = {K.SINGLE: [("a", "甲"), ("b", "乙"), ("c", "丙")],
           K.MULTIPLE: [("x", "エックス"), ("y", "ワイ"), ("z", "ゼット")]}


@pytest.fixture
def journey_sheet(demo):
    secretariat = User.objects.get(username="secretariat")
    qn = Questionnaire.objects.create(code="journey", version=1, title_ja="入力試験")
    section = Section.objects.create(questionnaire=qn, code="ALL", title_ja="全設問", order=1)
    for order, (code, kind, _value) in enumerate(JOURNEY, start=1):
        q = Question.objects.create(questionnaire=qn, section=section, code=code, kind=kind,
                                    order=order, text_ja=f"設問{code}", required=False)
        for i, (ocode, label) in enumerate(CHOICES.get(kind, []), start=1):
            Option.objects.create(question=q, code=ocode, label_ja=f"{label}{code}", order=i)
    round = services.round_create(user=secretariat, fiscal_year=2024, questionnaire=qn,
                                  opens_on=date(2024, 6, 1), due_on=date(2099, 7, 31),
                                  title_ja="入力試験")
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.round_open(round=round, user=secretariat)
    return Sheet.objects.get(round=round, agency__code="riken")


def watch(page):
    """Record every autosave reply's status and every conflict message that appears."""
    seen = {"statuses": [], "conflicts": 0}
    page.on("response", lambda r: "/autosave/" in r.url and seen["statuses"].append(r.status))
    return seen


def enter(page, code, kind, value):
    if kind == K.SINGLE:
        page.locator(f"#field-{code}").get_by_label(f"{dict(CHOICES[kind])[value]}{code}").click()
    elif kind == K.MULTIPLE:
        for option in value:
            page.locator(f"#field-{code}").get_by_label(
                f"{dict(CHOICES[kind])[option]}{code}").click()
    else:
        page.locator(f"#q-{code}").click()
        page.keyboard.type(value, delay=TYPING_DELAY_MS)


def form_values(page, sheet):
    """What the reloaded page shows, per question."""
    found = {}
    for code, kind, _value in JOURNEY:
        if kind == K.SINGLE:
            found[code] = page.locator(f"[name=q-{code}]:checked").get_attribute("value") \
                if page.locator(f"[name=q-{code}]:checked").count() else None
        elif kind == K.MULTIPLE:
            found[code] = [e.get_attribute("value")
                           for e in page.locator(f"[name=q-{code}]:checked").all()]
        else:
            found[code] = page.locator(f"#q-{code}").input_value() or None
    return found


def test_twenty_answers_typed_at_human_speed_then_saved_at_once_are_all_there(page, demo,
                                                                               journey_sheet):
    sign_in(page, demo, "riken-editor")
    url = f"{demo.url}/sheets/{journey_sheet.pk}/sections/ALL/"
    page.goto(url)
    seen = watch(page)
    for code, kind, value in JOURNEY:
        enter(page, code, kind, value)
        seen["conflicts"] += page.locator(".conflict-message").count()
    # 一時保存する right after the last key: no pause for the autosave.
    with page.expect_navigation():
        page.get_by_role("button", name="一時保存する").click()
    assert page.get_by_text("保存しました。").count() >= 1
    page.reload()
    expected = {code: value for code, _kind, value in JOURNEY}
    shown = form_values(page, journey_sheet)
    stored = Answer.objects.filter(sheet=journey_sheet).exclude(
        choice="", choices=[], number=None, text="").count()
    print(f"\nbrowser journey: typed {len(JOURNEY)} answers, found {sum(1 for c in expected if shown[c] == expected[c])} "
          f"after reload ({stored} stored); autosave replies {sorted(set(seen['statuses']))}")
    assert shown == expected
    assert stored == len(JOURNEY)
    assert seen["conflicts"] == 0 and page.locator(".conflict-message").count() == 0
    assert 409 not in seen["statuses"] and all(s < 500 for s in seen["statuses"])
    assert page.csp_errors == []


def test_two_people_on_different_questions_both_save_and_the_same_one_conflicts_once(
        browser, demo, journey_sheet):
    url = f"{demo.url}/sheets/{journey_sheet.pk}/sections/ALL/"
    pages = {}
    for who in ("riken-editor", "riken-approver"):
        context = browser.new_context(locale="ja-JP")
        pages[who] = context.new_page()
        sign_in(pages[who], demo, who)
        pages[who].goto(url)  # both pages loaded before anyone saves
    editor, approver = pages["riken-editor"], pages["riken-approver"]
    try:
        # Different questions: both saved, no conflict anywhere.
        enter(editor, "A01", K.SHORT_TEXT, "編集者の回答")
        editor.locator("#q-A01").blur()
        editor.locator("#status-A01").get_by_text("保存しました").wait_for()
        enter(approver, "A02", K.INTEGER, "77")
        approver.locator("#q-A02").blur()
        approver.locator("#status-A02").get_by_text("保存しました").wait_for()
        enter(approver, "A03", K.SINGLE, "a")
        approver.locator("#status-A03").get_by_text("保存しました").wait_for()
        assert editor.locator(".conflict-message").count() == 0
        assert approver.locator(".conflict-message").count() == 0
        # The same question: the second one to save is told who changed it and when.
        enter(editor, "A08", K.SHORT_TEXT, "編集者")
        editor.locator("#q-A08").blur()
        editor.locator("#status-A08").get_by_text("保存しました").wait_for()
        enter(approver, "A08", K.SHORT_TEXT, "承認者")
        approver.locator("#q-A08").blur()
        conflict = approver.locator("#status-A08 .conflict-message")
        conflict.wait_for()
        message = conflict.inner_text()
        assert "riken-editor" in message and "riken-approver" not in message
        assert "「編集者」" in message and "令和" in message
        assert approver.locator("#autosave-notice").is_visible()
        assert editor.locator(".conflict-message").count() == 0
        assert approver.locator(".conflict-message").count() == 1
    finally:
        for p in pages.values():
            p.context.close()
    values = {a.question.code: a for a in Answer.objects.filter(sheet=journey_sheet)
              .select_related("question")}
    assert values["A01"].text == "編集者の回答" and values["A02"].number == 77
    assert values["A03"].choice == "a" and values["A08"].text == "編集者"


def test_two_tabs_of_one_person_never_conflict(browser, demo, journey_sheet):
    context = browser.new_context(locale="ja-JP")
    first = context.new_page()
    sign_in(first, demo, "riken-editor")
    url = f"{demo.url}/sheets/{journey_sheet.pk}/sections/ALL/"
    first.goto(url)
    second = context.new_page()
    second.goto(url)
    try:
        enter(first, "A01", K.SHORT_TEXT, "一つ目")
        first.locator("#q-A01").blur()
        first.locator("#status-A01").get_by_text("保存しました").wait_for()
        enter(second, "A01", K.SHORT_TEXT, "二つ目")
        second.locator("#q-A01").blur()
        second.locator("#status-A01").get_by_text("保存しました").wait_for()
        assert second.locator(".conflict-message").count() == 0
    finally:
        context.close()
    assert Answer.objects.get(sheet=journey_sheet, question__code="A01").text == "二つ目"


def test_a_failed_save_is_shown_retried_and_guarded_on_leaving(page, demo, journey_sheet):
    sign_in(page, demo, "riken-editor")
    page.goto(f"{demo.url}/sheets/{journey_sheet.pk}/sections/ALL/")
    assert page.locator("#autosave-notice").is_hidden()
    failures = {"left": 2}

    def flaky(route):
        if failures["left"] > 0:
            failures["left"] -= 1
            route.fulfill(status=503, body="down")
        else:
            route.continue_()

    page.route("**/autosave/", flaky)
    enter(page, "A02", K.INTEGER, "5")
    page.locator("#q-A02").blur()
    page.locator("#status-A02").get_by_text("再試行").wait_for()
    assert page.locator("#autosave-notice").is_visible()
    assert page.evaluate("window.kokkenAutosave.unsaved()") is True
    page.locator("#status-A02").get_by_text("保存しました").wait_for(timeout=15000)
    assert page.locator("#autosave-notice").is_hidden()
    assert page.evaluate("window.kokkenAutosave.unsaved()") is False
    assert Answer.objects.get(sheet=journey_sheet, question__code="A02").number == 5
