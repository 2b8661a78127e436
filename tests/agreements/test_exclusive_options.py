"""An exclusive option such as 「参照していない」 cannot be ticked together with others."""

import pytest

from agreements import services
from agreements.models import Option, Question
from kokken.errors import ValidationFailed
from tests.agreements.factories import make_questionnaire, open_round


@pytest.fixture
def sheet(cast):
    questionnaire = make_questionnaire()
    m1 = Question.objects.get(questionnaire=questionnaire, code="M1")
    Option.objects.create(question=m1, code="none", label_ja="参照していない", order=9,
                          exclusive=True)
    return open_round(cast, questionnaire).sheets.get(agency=cast.agency)


def test_an_exclusive_option_with_another_is_refused_and_nothing_saved(cast, sheet):
    with pytest.raises(ValidationFailed) as caught:
        services.answers_save(sheet=sheet, user=cast.editor, base_version=0,
                              raw={"M1": ["x", "none"], "N1": "1"})
    assert "参照していない" in caught.value.details["M1"][0]
    assert not sheet.answers.exists()


def test_an_exclusive_option_alone_and_other_options_together_are_fine(cast, sheet):
    services.answers_save(sheet=sheet, user=cast.editor, base_version=0, raw={"M1": ["none"]})
    services.answers_save(sheet=sheet, user=cast.editor, base_version=sheet.version,
                          raw={"M1": ["x", "y"]})
    assert sheet.answers.get(question__code="M1").choices == ["x", "y"]


def test_the_section_form_shows_the_error_and_marks_the_exclusive_box(cast, sheet, client_for):
    client = client_for(cast.editor)
    page = client.get(f"/sheets/{sheet.pk}/sections/S2/").content.decode()
    assert 'value="none"' in page and "data-exclusive" in page
    response = client.post(f"/sheets/{sheet.pk}/sections/S2/", {
        "version": sheet.version, "q-M1-present": "1", "q-M1": ["x", "none"], "q-N1": "1"})
    assert response.status_code == 400
    assert "「参照していない」は他の選択肢と同時に選べません" in response.content.decode()


def test_the_questionnaire_marks_its_none_options_exclusive(db):
    from django.core.management import call_command
    import os

    call_command("load_agreement_data", stdout=open(os.devnull, "w"))
    none = Option.objects.get(question__questionnaire__code="kinou-kyouka",
                              question__questionnaire__version=1,
                              question__code="HR-08", code="none")
    assert none.exclusive and none.label_ja == "参照していない"
