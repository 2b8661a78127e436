"""Offline Excel round-trips: a template downloaded and uploaded unchanged changes nothing,
for every questionnaire and every demo sheet; blanks never clear unless asked; multiple
choices whose labels contain 「、」 and ","; dates in 和暦, as serials and as date cells."""

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from agreements import excel, loaders, services
from agreements.models import Option, Question, Questionnaire, Section, Sheet
from tests.agreements.factories import open_round

K = Question.Kind


def upload_of(content: bytes, name="sheet.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def fill(content: bytes, answers: dict) -> SimpleUploadedFile:
    wb = load_workbook(io.BytesIO(content))
    ws = wb[excel.ANSWER_SHEET]
    for row in ws.iter_rows(min_row=2):
        if row[0].value in answers:
            row[2].value = answers[row[0].value]
    buffer = io.BytesIO()
    wb.save(buffer)
    return upload_of(buffer.getvalue())


def sample(question: Question):
    """A valid answer for any question, using the options' last labels' codes."""
    codes = [o.code for o in question.options.all()]
    combinable = [o.code for o in question.options.all() if not o.exclusive]  # not 「参照していない」
    limit = question.max_length or 200
    return {
        K.SINGLE: codes[-1] if codes else None, K.YES_NO: "yes", K.MULTIPLE: combinable,
        K.INTEGER: "1234567", K.DECIMAL: "12.3456", K.PERCENT: "33.3", K.AMOUNT: "98765432",
        K.DATE: "2024-04-01", K.SHORT_TEXT: "テキスト、カンマ, 含む"[:limit],
        K.LONG_TEXT: "一行目\n二行目、カンマ, あり =1+1"[:limit],
    }.get(question.kind)


def round_trip(sheet: Sheet, user) -> excel.UploadResult:
    template = excel.sheet_template(sheet)
    return excel.read_upload(Sheet.objects.get(pk=sheet.pk), upload_of(template.content),
                             user=user)


def fixture_questionnaires() -> list[tuple[str, int]]:
    """Every questionnaire the product ships (fixtures/questionnaires/*.json)."""
    import json

    return sorted((data["code"], data["version"]) for data in (
        json.loads(path.read_text(encoding="utf-8"))
        for path in (loaders.FIXTURES / "questionnaires").glob("*.json")))


@pytest.mark.parametrize("code,version", fixture_questionnaires())
def test_every_questionnaire_round_trips_unchanged_empty_and_fully_answered(cast, code,
                                                                            version):
    questionnaire = Questionnaire.objects.get(code=code, version=version)
    sheet = open_round(cast, questionnaire).sheets.get(agency=cast.agency)
    empty = round_trip(sheet, cast.editor)
    assert (empty.errors, empty.changes, empty.blanks) == ([], [], [])
    questions = questionnaire.questions.exclude(kind=K.EVIDENCE).prefetch_related("options")
    services.answers_save(sheet=sheet, user=cast.editor, base_version=None,
                          raw={q.code: sample(q) for q in questions})
    full = round_trip(sheet, cast.editor)
    assert (full.errors, full.changes, full.blanks) == ([], [], [])


def test_the_round_trip_covers_every_loaded_questionnaire(db):
    assert set(Questionnaire.objects.values_list("code", "version")) == set(
        fixture_questionnaires())


def test_every_demo_sheet_round_trips_unchanged(demo_data):
    sheets = list(Sheet.objects.select_related("round", "agency"))
    from agreements.models import Round

    assert len(sheets) == sum(r.targets.count() for r in Round.objects.all()) >= 70
    from kokken.models import User

    changed = {}
    for sheet in sheets:
        editor = User.objects.filter(agency=sheet.agency, role="agency_editor").first()
        result = round_trip(sheet, editor)
        if result.errors or result.changes or result.blanks:
            changed[str(sheet)] = (result.errors, result.changes, result.blanks)
    assert changed == {}


@pytest.fixture
def tricky(cast):
    """One question of each awkward kind: labels with 「、」 and ",", and a date."""
    qn = Questionnaire.objects.create(code="tricky", version=1, title_ja="境界")
    section = Section.objects.create(questionnaire=qn, code="S", title_ja="境界", order=1)
    multi = Question.objects.create(questionnaire=qn, section=section, code="TR-04",
                                    kind=K.MULTIPLE, order=1, text_ja="人材", required=True)
    for i, (code, label) in enumerate([("pm", "研究マネジメント人材(PM, PO, URA等)"),
                                       ("fund", "その他の外部資金(基金、寄附金等)"),
                                       ("tech", "技術職員")], start=1):
        Option.objects.create(question=multi, code=code, label_ja=label, order=i)
    Question.objects.create(questionnaire=qn, section=section, code="D1", kind=K.DATE,
                            order=2, text_ja="日付", required=True)
    Question.objects.create(questionnaire=qn, section=section, code="T1", kind=K.SHORT_TEXT,
                            order=3, text_ja="文", required=True)
    return open_round(cast, qn).sheets.get(agency=cast.agency)


def test_labels_with_japanese_and_western_commas_round_trip(client_for, cast, tricky):
    client = client_for(cast.editor)
    template = client.get(f"/sheets/{tricky.pk}/template.xlsx").content
    cell = "研究マネジメント人材(PM, PO, URA等)；その他の外部資金(基金、寄附金等)"
    response = client.post(f"/sheets/{tricky.pk}/upload/", {"file": fill(template, {"TR-04": cell})})
    assert response.context["result"].errors == []
    client.post(f"/sheets/{tricky.pk}/upload/", {"action": "apply"})
    assert tricky.answers.get(question__code="TR-04").choices == ["pm", "fund"]
    again = round_trip(tricky, cast.editor)
    assert (again.errors, again.changes) == ([], [])
    wb = load_workbook(io.BytesIO(client.get(f"/sheets/{tricky.pk}/template.xlsx").content))
    assert wb[excel.ANSWER_SHEET]["C2"].value == cell


@pytest.mark.parametrize("cell", ["令和6年4月1日", "R6.4.1", "r6/4/1", "2024/4/1", "2024-04-01",
                                  "2024年4月1日", "２０２４／４／１", 45383,
                                  datetime(2024, 4, 1), date(2024, 4, 1)])
def test_dates_in_wareki_iso_slashes_serials_and_date_cells_are_read(client_for, cast, tricky,
                                                                     cell):
    client = client_for(cast.editor)
    template = client.get(f"/sheets/{tricky.pk}/template.xlsx").content
    result = excel.read_upload(tricky, fill(template, {"D1": cell}), user=cast.editor)
    assert result.errors == []
    assert result.raw == {"D1": "2024-04-01"}


def test_the_first_year_of_an_era_is_read_as_gannen(cast, tricky):
    template = excel.sheet_template(tricky).content
    result = excel.read_upload(tricky, fill(template, {"D1": "令和元年5月1日"}), user=cast.editor)
    assert result.raw == {"D1": "2019-05-01"}


def test_a_wrong_date_says_which_forms_are_accepted_and_errors_come_in_row_order(cast, tricky):
    template = excel.sheet_template(tricky).content
    result = excel.read_upload(tricky, fill(template, {"D1": "4月1日ごろ", "TR-04": "存在しない"}),
                               user=cast.editor)
    assert len(result.errors) == 2
    assert "2行目" in result.errors[0] and "TR-04" in result.errors[0]
    assert "3行目" in result.errors[1] and "令和6年4月1日" in result.errors[1] \
        and "R6.4.1" in result.errors[1] and "2024-04-01" in result.errors[1]


def test_blank_cells_keep_answers_unless_the_person_chooses_to_clear_blanks(client_for, cast,
                                                                            tricky):
    services.answers_save(sheet=tricky, user=cast.editor, base_version=None,
                          raw={"T1": "残す", "D1": "2024-04-01"})
    client = client_for(cast.editor)
    template = client.get(f"/sheets/{tricky.pk}/template.xlsx").content
    blanked = fill(template, {"T1": None, "D1": None})
    preview = client.post(f"/sheets/{tricky.pk}/upload/", {"file": blanked})
    result = preview.context["result"]
    assert result.changes == [] and [b["code"] for b in result.blanks] == ["D1", "T1"]
    assert "clear_blanks" in preview.content.decode()
    client.post(f"/sheets/{tricky.pk}/upload/", {"action": "apply"})
    assert tricky.answers.get(question__code="T1").text == "残す"
    blanked.seek(0)
    client.post(f"/sheets/{tricky.pk}/upload/", {"file": blanked})
    client.post(f"/sheets/{tricky.pk}/upload/", {"action": "apply", "clear_blanks": "1"})
    assert tricky.answers.get(question__code="T1").text == ""
    assert tricky.answers.get(question__code="D1").date is None


def test_numbers_and_text_that_looks_like_a_formula_round_trip(cast, tricky):
    services.answers_save(sheet=tricky, user=cast.editor, base_version=None,
                          raw={"T1": "=1+1"})
    result = round_trip(tricky, cast.editor)
    assert (result.errors, result.changes) == ([], [])
    assert Decimal("0.0001") == Decimal(repr(0.0001))


@pytest.mark.parametrize("label", ["甲；乙", "A;B"])
def test_loading_a_questionnaire_refuses_labels_containing_the_separator(db, label):
    data = {"code": "bad", "version": 1, "title_ja": "x", "sections": [
        {"code": "S", "title_ja": "s", "questions": [
            {"code": "M", "kind": "multiple", "text_ja": "m",
             "options": [{"code": "a", "label_ja": label}]}]}]}
    with pytest.raises(loaders.LoadError, match="separates multiple choices"):
        loaders.load_questionnaire(data, models=loaders._Models())
    assert not Questionnaire.objects.filter(code="bad").exists()
