"""Excel out (round exports, sheet templates) and in (offline answers, all-or-nothing)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

import pytest

from agreements import services
from agreements.models import AnswerChange, Option, Question
from kokken.models import DataTransfer
from kokken.errors import ValidationFailed
from tests.agreements.factories import make_questionnaire, open_round, submit


def workbook(response):
    return load_workbook(io.BytesIO(response.content))


def rows(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_round_export_has_wide_long_and_codebook_sheets(client_for, cast):
    round = open_round(cast, make_questionnaire())
    submit(round.sheets.get(agency=cast.agency), {"Q1-1": "not_done", "Q1-2": "considering",
                                                   "Q1-3": "計画", "N1": "12", "M1": ["x", "z"]})
    response = client_for(cast.secretariat).get(f"/rounds/{round.pk}/export.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = workbook(response)
    assert wb.sheetnames[:3] == ["wide", "long", "codebook"]
    # Chapter sections follow, e.g. II-1's registers and indicators.
    assert any(name.startswith("II-1") for name in wb.sheetnames[3:])
    wide = rows(wb["wide"])
    header, body = wide[0], wide[1:]
    assert len(body) == 27
    riken = next(r for r in body if r[header.index("agency_code")] == "riken")
    assert riken[header.index("Q1-1")] == "実施していない"
    assert riken[header.index("N1")] == 12
    assert riken[header.index("M1")] == "エックス；ゼット"
    assert riken[header.index("T1")] is None  # blank stays blank, never 0
    long = rows(wb["long"])
    at = long[0].index
    assert any(r[at("agency_code")] == "riken" and r[at("question_code")] == "N1"
               and r[at("回答")] == 12 for r in long[1:])
    assert DataTransfer.objects.filter(user=cast.secretariat, direction="export").count() == 1


def test_a_reviewer_exports_only_the_agencies_of_the_ministry(client_for, cast):
    round = open_round(cast, make_questionnaire())
    wide = rows(workbook(client_for(cast.other_reviewer).get(
        f"/rounds/{round.pk}/export.xlsx"))["wide"])
    codes = {r[wide[0].index("agency_code")] for r in wide[1:]}
    assert "riken" not in codes and "aist" in codes


def test_agency_users_cannot_export_a_round(client_for, cast):
    # The round is theirs to see (an insider without the right): 403, as kokken.access rules.
    round = open_round(cast, make_questionnaire())
    assert client_for(cast.editor).get(f"/rounds/{round.pk}/export.xlsx").status_code == 403


def test_columns_stay_put_across_questionnaire_versions(client_for, cast):
    v1 = make_questionnaire()
    old = open_round(cast, v1, fiscal_year=2023)
    submit(old.sheets.get(agency=cast.agency), {"Q1-1": "done", "N1": "1", "T1": "旧"})
    v2 = services.questionnaire_copy(questionnaire=v1)
    v2.questions.get(code="T1").delete()
    n2 = v2.questions.get(code="N1")
    new_q = Question.objects.create(questionnaire=v2, section=n2.section, code="N2", kind="integer",
                                    text_ja="新しい設問", order=99)
    Option.objects.create(question=v2.questions.get(code="M1"), code="w", label_ja="ダブリュー", order=4)
    new = open_round(cast, v2, fiscal_year=2024)
    submit(new.sheets.get(agency=cast.agency), {"Q1-1": "done", "N1": "2", "N2": "5",
                                                 "M1": ["w"]})
    response = client_for(cast.secretariat).get(
        f"/rounds/{new.pk}/export.xlsx?with={old.pk}")
    wide = rows(workbook(response)["wide"])
    header = wide[0]
    question_columns = header[header.index("accepted_at") + 1:]
    assert question_columns == ["Q1-1", "Q1-2", "Q1-3", "N1", "M1", "T1", "N2"]
    riken = [r for r in wide[1:] if r[header.index("agency_code")] == "riken"]
    assert [(r[header.index("fiscal_year")], r[header.index("T1")], r[header.index("N2")],
             r[header.index("M1")]) for r in riken] == [(2023, "旧", None, None),
                                                        (2024, None, 5, "ダブリュー")]
    assert new_q.code == "N2"


def _fill(template_bytes, answers: dict[str, object]) -> SimpleUploadedFile:
    wb = load_workbook(io.BytesIO(template_bytes))
    ws = wb["回答"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value in answers:
            row[2].value = answers[row[0].value]
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("filled.xlsx", buffer.getvalue())


def test_an_editor_round_trips_the_sheet_through_excel(client_for, cast):
    sheet = open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)
    client = client_for(cast.editor)
    template = client.get(f"/sheets/{sheet.pk}/template.xlsx")
    wb = workbook(template)
    answers_ws = wb["回答"]
    assert answers_ws.protection.sheet  # codes are locked
    assert answers_ws["A2"].value == "Q1-1"
    assert any(dv.sqref for dv in answers_ws.data_validations.dataValidation)
    upload = _fill(template.content, {"Q1-1": "実施していない", "Q1-2": "検討している",
                                      "Q1-3": "令和7年度に整備", "N1": 42, "M1": "エックス；ワイ"})
    preview = client.post(f"/sheets/{sheet.pk}/upload/", {"file": upload})
    assert preview.status_code == 200
    assert len(preview.context["result"].changes) == 5
    assert not sheet.answers.exists()  # nothing saved before the preview is confirmed
    client.post(f"/sheets/{sheet.pk}/upload/", {"action": "apply"})
    sheet.refresh_from_db()
    assert sheet.answers.get(question__code="N1").number == 42
    assert sheet.answers.get(question__code="M1").choices == ["x", "y"]
    assert AnswerChange.objects.filter(sheet=sheet, source="excel").count() == 5
    assert DataTransfer.objects.filter(direction="import", succeeded=True).count() == 1


def test_a_bad_upload_lists_every_problem_with_its_cell_and_saves_nothing(client_for, cast):
    sheet = open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)
    client = client_for(cast.editor)
    template = client.get(f"/sheets/{sheet.pk}/template.xlsx").content
    wb = load_workbook(io.BytesIO(template))
    ws = wb["回答"]
    ws["C2"] = "たぶん"          # Q1-1: not an option
    ws["C5"] = "たくさん"        # N1: not a number
    ws.append(["ZZ-9", "?", "x"])  # unknown code
    buffer = io.BytesIO()
    wb.save(buffer)
    response = client.post(f"/sheets/{sheet.pk}/upload/",
                           {"file": SimpleUploadedFile("bad.xlsx", buffer.getvalue())})
    errors = response.context["result"].errors
    assert response.status_code == 400
    assert any("2行目" in e and "C列" in e and "Q1-1" in e for e in errors)
    assert any("5行目" in e and "C列" in e and "数値" in e for e in errors)
    assert any("8行目" in e and "A列" in e and "ZZ-9" in e for e in errors)
    assert not any("Q1-1" in e and "required" in e for e in errors)
    assert not sheet.answers.exists()
    assert DataTransfer.objects.get(direction="import").succeeded is False


def test_a_partial_upload_saves_like_the_form_and_required_answers_wait_for_submission(
        client_for, cast):
    sheet = open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)
    client = client_for(cast.editor)
    template = client.get(f"/sheets/{sheet.pk}/template.xlsx").content
    response = client.post(f"/sheets/{sheet.pk}/upload/",
                           {"file": _fill(template, {"Q1-1": "実施している", "T1": "途中まで"})})
    result = response.context["result"]
    assert response.status_code == 200 and result.errors == []
    assert [c["code"] for c in result.changes] == ["Q1-1", "T1"]
    client.post(f"/sheets/{sheet.pk}/upload/", {"action": "apply"})
    assert sheet.answers.get(question__code="T1").text == "途中まで"
    with pytest.raises(ValidationFailed) as exc:  # N1 is required: checked at submission
        services.sheet_transition(sheet=sheet, user=cast.approver, action="submit")
    assert "N1" in exc.value.details


def test_a_file_of_another_agency_is_refused(client_for, cast):
    round = open_round(cast, make_questionnaire())
    theirs = round.sheets.get(agency=cast.other_agency)
    template = client_for(cast.other_editor).get(f"/sheets/{theirs.pk}/template.xlsx").content
    mine = round.sheets.get(agency=cast.agency)
    response = client_for(cast.editor).post(f"/sheets/{mine.pk}/upload/",
                                            {"file": _fill(template, {"N1": 1})})
    assert any("別の法人" in e or "another agency" in e for e in response.context["result"].errors)


def test_a_submitted_sheet_refuses_uploads(client_for, cast):
    round = open_round(cast, make_questionnaire())
    sheet = round.sheets.get(agency=cast.agency)
    template = client_for(cast.editor).get(f"/sheets/{sheet.pk}/template.xlsx").content
    submit(sheet, {"Q1-1": "done", "N1": "1"})
    response = client_for(cast.approver).post(f"/sheets/{sheet.pk}/upload/",
                                              {"file": _fill(template, {"N1": 2})})
    assert response.context["result"].errors


def test_a_file_that_is_not_a_workbook_gets_a_clear_message(client_for, cast):
    sheet = open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)
    response = client_for(cast.editor).post(
        f"/sheets/{sheet.pk}/upload/", {"file": SimpleUploadedFile("x.xlsx", b"not a zip")})
    assert response.status_code == 400
    assert "Excel" in response.context["result"].errors[0]


def test_a_file_changing_an_answer_someone_changed_since_is_refused_naming_them(client_for,
                                                                                 cast):
    sheet = open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)
    client = client_for(cast.editor)
    template = client.get(f"/sheets/{sheet.pk}/template.xlsx").content
    services.answers_save(sheet=sheet, user=cast.approver, raw={"N1": "3"}, base_version=0)
    response = client.post(f"/sheets/{sheet.pk}/upload/", {"file": _fill(template, {"N1": 4})})
    assert response.status_code == 400
    assert any("N1" in e and cast.approver.username in e for e in response.context["result"].errors)
    assert sheet.answers.get(question__code="N1").number == 3


def test_a_file_older_than_someone_elses_change_to_another_answer_still_applies(client_for,
                                                                              cast):
    sheet = open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)
    client = client_for(cast.editor)
    template = client.get(f"/sheets/{sheet.pk}/template.xlsx").content
    services.answers_save(sheet=sheet, user=cast.approver, raw={"N1": "3"}, base_version=0)
    response = client.post(f"/sheets/{sheet.pk}/upload/", {"file": _fill(template, {"T1": "x"})})
    assert [c["code"] for c in response.context["result"].changes] == ["T1"]
    client.post(f"/sheets/{sheet.pk}/upload/", {"action": "apply"})
    assert sheet.answers.get(question__code="N1").number == 3
    assert sheet.answers.get(question__code="T1").text == "x"


def test_round_export_speaks_the_readers_language_with_codes_beside(client_for, cast, settings):
    round = open_round(cast, make_questionnaire())
    sheet = submit(round.sheets.get(agency=cast.agency), {"Q1-1": "done", "N1": "3"})
    services.sheet_transition(sheet=sheet, user=cast.reviewer, action="accept")
    client = client_for(cast.secretariat)
    wide = rows(workbook(client.get(f"/rounds/{round.pk}/export.xlsx"))["wide"])
    header = wide[0]
    riken = dict(zip(header, next(r for r in wide[1:] if r[header.index("agency_code")] == "riken")))
    # Readable columns in Japanese, each with its stable code column beside it.
    assert header[:4] == ["年度", "fiscal_year", "調査名", "round_id"]
    assert (riken["年度"], riken["fiscal_year"]) == ("令和6年度", 2024)
    assert (riken["状態"], riken["state"]) == ("受理", "accepted")
    assert (riken["法人"], riken["agency_code"]) == ("国立研究開発法人理化学研究所", "riken")
    assert (riken["所管府省"], riken["ministries"]) == ("文部科学省", "MEXT")
    assert (riken["特定国研"], riken["designated"]) == ("該当", 1)
    # Times in Japan time: readable with the zone named, and ISO 8601 with the +09:00 offset.
    assert riken["受理日時（日本時間）"].startswith("令和") and riken["受理日時（日本時間）"].endswith(" JST")
    assert riken["accepted_at"].endswith("+09:00")
    # The same export for an English reader.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = rows(workbook(client.get(f"/rounds/{round.pk}/export.xlsx"))["wide"])
    assert english[0][:4] == ["Fiscal year", "fiscal_year", "Round title", "round_id"]
    riken_en = dict(zip(english[0], next(r for r in english[1:]
                                         if r[english[0].index("agency_code")] == "riken")))
    assert (riken_en["State"], riken_en["state"]) == ("Accepted", "accepted")
