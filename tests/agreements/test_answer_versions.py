"""Conflicts are per answer: only another person's change to the same question since the
page loaded it conflicts; one's own earlier saves and other questions never do."""

import pytest

from agreements import services
from agreements.models import Answer, AnswerChange, Sheet
from kokken.errors import StaleEdit
from tests.agreements.factories import make_questionnaire, open_round


@pytest.fixture
def sheet(cast):
    return open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)


def fresh(sheet):
    return Sheet.objects.get(pk=sheet.pk)


def value(sheet, code):
    return Answer.objects.get(sheet=sheet, question__code=code)


def test_two_people_on_different_questions_of_one_loaded_page_both_save(cast, sheet):
    loaded = sheet.version
    services.answers_save(sheet=fresh(sheet), user=cast.approver, raw={"N1": "3"},
                          base_version=loaded)
    services.answers_save(sheet=fresh(sheet), user=cast.editor, raw={"T1": "本文"},
                          base_version=loaded)
    assert value(sheet, "N1").number == 3 and value(sheet, "T1").text == "本文"


def test_same_question_changed_by_another_person_conflicts_naming_them(cast, sheet):
    loaded = sheet.version
    services.answers_save(sheet=fresh(sheet), user=cast.approver, raw={"N1": "3"},
                          base_version=loaded)
    with pytest.raises(StaleEdit) as exc:
        services.answers_save(sheet=fresh(sheet), user=cast.editor,
                              raw={"N1": "4", "T1": "x"}, base_version=loaded)
    details = exc.value.details
    assert details["questions"] == ["N1"]
    assert [(c["question"], c["by"], c["new"]) for c in details["changes"]] == [
        ("N1", cast.approver.username, 3)]
    assert details["changes"][0]["at"].endswith("+09:00")
    assert cast.approver.username in str(exc.value.message)
    assert cast.editor.username not in str(exc.value.message)
    assert value(sheet, "N1").number == 3
    assert not Answer.objects.filter(sheet=sheet, question__code="T1").exists()  # all or nothing


def test_ones_own_earlier_save_never_conflicts(cast, sheet):
    loaded = sheet.version
    services.answers_save(sheet=fresh(sheet), user=cast.editor, raw={"N1": "3"},
                          base_version=loaded, source="autosave")
    services.answers_save(sheet=fresh(sheet), user=cast.editor, raw={"N1": "4"},
                          base_version=loaded)
    assert value(sheet, "N1").number == 4


def test_a_stale_form_does_not_overwrite_answers_it_left_as_loaded(cast, sheet):
    services.answers_save(sheet=fresh(sheet), user=cast.editor, raw={"N1": "1"},
                          base_version=0)
    loaded = fresh(sheet).version
    services.answers_save(sheet=fresh(sheet), user=cast.approver, raw={"N1": "2"},
                          base_version=loaded)
    # The editor's whole-section post still carries N1 = 1 as loaded, and a new T1.
    services.answers_save(sheet=fresh(sheet), user=cast.editor, raw={"N1": "1", "T1": "新"},
                          base_version=loaded)
    assert value(sheet, "N1").number == 2 and value(sheet, "T1").text == "新"


def test_a_later_base_for_one_answer_lets_the_person_save_over_what_they_have_seen(cast, sheet):
    loaded = sheet.version
    services.answers_save(sheet=fresh(sheet), user=cast.approver, raw={"N1": "3"},
                          base_version=loaded)
    seen = fresh(sheet).version
    services.answers_save(sheet=fresh(sheet), user=cast.editor, raw={"N1": "4"},
                          base_version=loaded, base_versions={"N1": seen})
    assert value(sheet, "N1").number == 4


def test_every_change_is_in_the_history_with_the_answers_version(cast, sheet):
    services.answers_save(sheet=fresh(sheet), user=cast.editor, raw={"N1": "1"}, base_version=0)
    services.answers_save(sheet=fresh(sheet), user=cast.approver, raw={"T1": "a"}, base_version=0)
    services.answers_save(sheet=fresh(sheet), user=cast.editor, raw={"N1": "2"}, base_version=0)
    history = list(AnswerChange.objects.filter(sheet=sheet).order_by("id").values_list(
        "question__code", "old", "new", "sheet_version"))
    assert history == [("N1", None, 1, 1), ("T1", None, "a", 2), ("N1", 1, 2, 3)]
    assert value(sheet, "N1").version == 3 and value(sheet, "T1").version == 2
