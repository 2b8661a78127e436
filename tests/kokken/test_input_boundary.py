"""Hostile input is refused with a message, never a 500, and nothing is written (issue 12).

Each test names the finding it proves (#1 old dates, #2 NUL, #3 other inputs, #8 comments).
"""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from agreements import answers as values
from agreements.models import Answer, AnswerChange, Question, ReviewComment, Sheet, Transition
from kokken import boundary, excel, resources
from tests.agreements.factories import make_questionnaire, open_round, submit


@pytest.fixture
def sheet(cast):
    questionnaire = make_questionnaire()
    section = questionnaire.sections.get(code="S2")
    Question.objects.create(questionnaire=questionnaire, section=section, code="D1",
                            kind=Question.Kind.DATE, order=8, required=False,
                            text_ja="D1の設問", text_en="Question D1")
    return open_round(cast, questionnaire).sheets.get(agency=cast.agency)


def autosave(client, sheet, code, value):
    return client.post(f"/sheets/{sheet.pk}/autosave/",
                       {"code": code, f"q-{code}": value, "version": sheet.version},
                       HTTP_HX_REQUEST="true")


# --- #1 Old dates ---------------------------------------------------------------------

@pytest.mark.parametrize("day", ["0001-01-01", "1850-01-01", "1899-12-31", "2101-01-01"])
def test_a_date_outside_the_supported_range_is_refused_and_not_saved(client_for, cast, sheet,
                                                                     day):
    response = autosave(client_for(cast.editor), sheet, "D1", day)
    assert response.status_code == 422
    assert "1900-01-01" in response.content.decode()
    assert not Answer.objects.filter(sheet=sheet, question__code="D1").exists()


def test_the_first_supported_day_is_saved_and_shown_in_wareki(client_for, cast, sheet):
    client = client_for(cast.editor)
    assert autosave(client, sheet, "D1", "1900-01-01").status_code == 200
    assert "明治33年1月1日" in client.get(f"/sheets/{sheet.pk}/").content.decode()


def test_old_dates_already_stored_do_not_break_the_sheet_pages(client_for, cast, sheet):
    question = Question.objects.get(questionnaire=sheet.round.questionnaire, code="D1")
    Answer.objects.create(sheet=sheet, question=question, date=date(1, 1, 1),
                          updated_by=cast.editor)
    editor = client_for(cast.editor)
    for url in (f"/sheets/{sheet.pk}/", f"/sheets/{sheet.pk}/sections/S2/"):
        assert editor.get(url).status_code == 200, url
    assert client_for(cast.approver).get(f"/sheets/{sheet.pk}/confirm/").status_code == 200
    submit(sheet, {"Q1-1": "done", "N1": "3"})
    for user in (cast.approver, cast.reviewer):
        assert client_for(user).get(f"/sheets/{sheet.pk}/").status_code == 200, user
    assert "西暦1年1月1日" in client_for(cast.reviewer).get(f"/sheets/{sheet.pk}/").content.decode()


def test_an_excel_date_of_1850_is_refused_with_its_cell():
    cell = resources.Day("開始日", required=True)
    with pytest.raises(ValueError, match="開始日"):
        cell.clean(date(1850, 1, 1))
    with pytest.raises(ValueError, match="開始日"):
        cell.clean("1850-01-01")
    assert cell.clean("1900/1/1") == date(1900, 1, 1)


def test_a_register_form_refuses_a_date_before_1900(client_for, cast):
    from hr.forms import DatePartsField

    field = DatePartsField()
    with pytest.raises(Exception) as error:
        field.compress([1850, 1, 1])
    assert "1900-01-01" in str(error.value)


# --- #2 NUL and control characters, forms and filters -------------------------------------

@pytest.mark.parametrize("path", [
    "/agencies/?q=%00", "/rounds/{round}/?ministry=%00", "/rounds/{round}/aggregate/?ministry=%00",
    "/hr/agencies/riken/cross-appointments/?q=%00",
    "/hr/agencies/riken/cross-appointments/?direction=%00",
    "/hr/agencies/riken/secondments/?kind=%00", "/agencies/?%00=1", "/agencies/?q=a%1Bb",
])
def test_a_nul_in_a_filter_is_refused_with_a_message(client_for, cast, sheet, path):
    response = client_for(cast.secretariat).get(path.format(round=sheet.round_id))
    assert response.status_code == 400
    assert "NUL" in response.content.decode() or "U+001B" in response.content.decode()


def test_a_tab_or_line_break_in_a_filter_is_ordinary_text(client_for, cast):
    assert client_for(cast.secretariat).get("/agencies/?q=a%09b%0A").status_code == 200


@pytest.mark.parametrize("field", ["q-T1", "code"])
def test_a_nul_in_autosave_is_refused_and_nothing_is_written(client_for, cast, sheet, field):
    data = {"code": "T1", "q-T1": "ok", "version": sheet.version}
    data[field] += "\x00"
    response = client_for(cast.editor).post(f"/sheets/{sheet.pk}/autosave/", data,
                                            HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "NUL" in response.content.decode()
    assert not Answer.objects.filter(sheet=sheet).exists()


def test_a_nul_in_the_section_form_is_refused_and_nothing_is_written(client_for, cast, sheet):
    response = client_for(cast.editor).post(
        f"/sheets/{sheet.pk}/sections/S2/", {"q-N1": "3", "q-T1": "a\x00b", "version": 0})
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    assert not Answer.objects.filter(sheet=sheet).exists()


def test_a_nul_in_a_review_or_return_comment_is_refused(client_for, cast, sheet):
    submit(sheet, {"Q1-1": "done", "N1": "3"})
    client = client_for(cast.reviewer)
    assert client.post(f"/sheets/{sheet.pk}/comment/", {"text": "a\x00b"}).status_code == 400
    response = client.post(f"/sheets/{sheet.pk}/transition/",
                           {"action": "return", "comment": "a\x00b"})
    assert response.status_code == 400
    sheet.refresh_from_db()
    assert sheet.state == Sheet.State.SUBMITTED
    assert not ReviewComment.objects.filter(sheet=sheet).exists()


def test_the_text_rule_names_what_is_wrong():
    assert boundary.text_problem("改行\nとタブ\tは文字") is None
    assert "NUL" in boundary.text_problem("a\x00")
    assert "U+001B" in boundary.text_problem("a\x1b")
    assert "U+0085" in boundary.text_problem("a\x85")
    assert boundary.text_problem("a\ud800") is not None


# --- #3 Numbers, JSON, user names --------------------------------------------------------

@pytest.mark.parametrize("raw", ["1E+999999999", "-1E+999999999", "1e14", "9" * 5000, "NaN"])
def test_huge_numbers_are_refused_not_an_overflow(raw):
    question = Question(kind=Question.Kind.DECIMAL, code="X")
    with pytest.raises(values.InvalidValue):
        values.parse(question, raw, set())
    with pytest.raises(ValueError, match="件数"):
        resources.Integer("件数", minimum=0, required=True).clean(raw)


def test_the_largest_accepted_number_is_kept_exactly():
    question = Question(kind=Question.Kind.AMOUNT, code="X")
    assert values.parse(question, "99999999999999.99", set()) == Decimal("99999999999999.99")


def test_a_huge_number_by_autosave_is_a_message_not_a_500(client_for, cast, sheet):
    response = autosave(client_for(cast.editor), sheet, "N1", "1E+999999999")
    assert response.status_code == 422
    assert not Answer.objects.filter(sheet=sheet).exists()


def _api(client, method, path, body: str):
    return getattr(client, method)(path, body, content_type="application/json")


@pytest.mark.parametrize("body", [
    '{"version": 0, "answers": {"T1": "\\ud800"}}',
    '{"version": 0, "answers": {"\\ud800": "x"}}',
    '{"version": 0, "answers": {"T1": "a\\u0000b"}}',
    '{"version": 0, "answers": {"N1": NaN}}',
    '{"version": 0, "answers": ' + "[" * 100_000 + "]" * 100_000 + "}",
    '{"version": 0, "answers": ' + '{"a":' * 100_000 + "1" + "}" * 100_000 + "}",
    '{"version": 0, "answers": {"T1": "' + "x" * (1024 * 1024) + '"}}',
    b'{"version": 0, "answers": {"T1": "\xff"}}',
])
def test_hostile_json_on_the_answers_endpoint_is_a_client_error(client_for, cast, sheet, body):
    response = _api(client_for(cast.editor), "patch", f"/api/v1/sheets/{sheet.pk}/answers/", body)
    assert response.status_code in (400, 413)
    assert "error" in response.json()
    assert not Answer.objects.filter(sheet=sheet).exists()


@pytest.mark.parametrize("path", ["/api/v1/sheets/{sheet}/transitions/", "/api/v1/report-jobs/"])
def test_deep_json_on_the_other_write_endpoints_is_a_400(client_for, cast, sheet, path):
    body = "[" * 100_000 + "]" * 100_000
    response = _api(client_for(cast.secretariat), "post", path.format(sheet=sheet.pk), body)
    assert response.status_code == 400
    assert not Transition.objects.filter(sheet=sheet, to_state="returned").exists()


def test_a_nul_in_an_api_filter_is_a_json_400(client_for, cast):
    response = client_for(cast.secretariat).get("/api/v1/agencies/?ministry=%00")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_input"


def test_a_256_character_user_name_at_sign_in_is_a_form_error(client, db):
    from axes.models import AccessAttempt

    response = client.post("/accounts/login/", {"username": "u" * 256, "password": "x"})
    assert response.status_code == 200
    assert "150" in response.content.decode()
    assert all(len(a.username or "") <= 255 for a in AccessAttempt.objects.all())


def test_the_lockout_never_records_a_name_longer_than_its_column(rf):
    request = rf.post("/accounts/login/", {"username": "u" * 300})
    assert len(boundary.axes_username(request, {"username": "u" * 300})) == 255
    assert len(boundary.axes_username(request)) == 255


# --- #8 Comment limits -------------------------------------------------------------------

def test_a_100000_character_web_comment_is_refused(client_for, cast, sheet):
    submit(sheet, {"Q1-1": "done", "N1": "3"})
    client = client_for(cast.reviewer)
    response = client.post(f"/sheets/{sheet.pk}/comment/", {"text": "長" * 100_000}, follow=True)
    assert "2000" in response.content.decode()
    assert not ReviewComment.objects.filter(sheet=sheet).exists()
    client.post(f"/sheets/{sheet.pk}/comment/", {"text": "長" * 2000})
    assert ReviewComment.objects.filter(sheet=sheet).count() == 1


def test_a_return_comment_over_4000_characters_is_refused_on_the_web_too(client_for, cast, sheet):
    submit(sheet, {"Q1-1": "done", "N1": "3"})
    client_for(cast.reviewer).post(f"/sheets/{sheet.pk}/transition/",
                                   {"action": "return", "comment": "x" * 4001})
    sheet.refresh_from_db()
    assert sheet.state == Sheet.State.SUBMITTED


# --- #6 Excel uploads that cannot exhaust the server -----------------------------------------

def _xlsx(rows, extra_members=0, bomb_bytes=0) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    if extra_members or bomb_bytes:
        import zipfile

        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as z:
            for n in range(extra_members):
                z.writestr(f"junk/{n}.xml", "")
            if bomb_bytes:
                z.writestr("xl/junk.xml", b"\0" * bomb_bytes)
    return SimpleUploadedFile("x.xlsx", buffer.getvalue())


def test_a_zip_bomb_is_refused_before_it_is_parsed():
    upload = _xlsx([["a"]], bomb_bytes=excel.MAX_UNCOMPRESSED + 1)
    assert upload.size < 200 * 1024
    with pytest.raises(excel.CellError, match="展開|unpacked"):
        excel.read_workbook(upload)


def test_a_workbook_of_too_many_parts_is_refused():
    with pytest.raises(excel.CellError, match="展開|unpacked"):
        excel.read_workbook(_xlsx([["a"]], extra_members=excel.MAX_MEMBERS + 1))


def _import(cast, upload):
    from hr.services import rows_import

    return rows_import(kind="initiative", agency=cast.agency, fiscal_year=2024, upload=upload,
                       user=cast.editor)


def test_an_upload_with_thousands_of_bad_rows_shows_100_errors_and_the_total(cast):
    result = _import(cast, _xlsx([["取組", "名称", "説明"]] + [["other", "長" * 101, "x"]] * 3000))
    assert len(result.errors) == excel.MAX_ERRORS + 1
    assert "3000" in result.errors[-1]
    assert result.saved == 0


def test_rows_beyond_the_cap_are_not_read(cast):
    result = _import(cast, _xlsx([["取組", "説明"]] + [["other", "x"]] * (excel.MAX_ROWS + 10)))
    assert any(str(excel.MAX_ROWS) in e for e in result.errors)
    assert result.saved == 0


def test_a_control_character_in_an_excel_cell_is_named_with_its_cell(cast):
    # XML cannot carry C0 controls at all (the file is refused); C1 controls it can.
    result = _import(cast, _xlsx([["取組", "説明"], ["other", "ok"], ["other", "a\x9bb"]]))
    assert len(result.errors) == 1 and "3" in result.errors[0] and "U+009B" in result.errors[0]


def test_a_sheet_upload_of_100000_junk_rows_is_capped(client_for, cast, sheet):
    from agreements import excel as agreement_excel

    template = agreement_excel.sheet_template(sheet).content
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(template))
    ws = wb["回答"]
    for n in range(20_000):
        ws.append([f"JUNK{n}", None, "x"])
    buffer = io.BytesIO()
    wb.save(buffer)
    result = agreement_excel.read_upload(sheet, SimpleUploadedFile("s.xlsx", buffer.getvalue()))
    assert len(result.errors) == excel.MAX_ERRORS + 1
    assert not AnswerChange.objects.filter(sheet=sheet).exists()



# --- #1 and #4 on the II-1 registers -------------------------------------------------------

def test_register_rows_with_old_dates_do_not_break_their_pages(client_for, cast):
    from tests.hr.factories import crossappointment

    row = crossappointment(cast.agency, start_date=date(1850, 1, 1), end_date=date(1900, 1, 1))
    client = client_for(cast.editor)
    for url in ("/hr/agencies/riken/cross-appointments/?fy=2024",
                f"/hr/cross-appointments/{row.pk}/", f"/hr/cross-appointments/{row.pk}/delete/",
                "/hr/agencies/riken/?fy=2024"):
        assert client.get(url).status_code == 200, url


def test_the_cross_appointment_delete_page_shows_the_partner(client_for, cast):
    from hr.models import CrossAppointment
    from tests.hr.factories import crossappointment, secondment

    row = crossappointment(cast.agency, partner_name="東北大学")
    client = client_for(cast.editor)
    response = client.get(f"/hr/cross-appointments/{row.pk}/delete/")
    assert response.status_code == 200 and "東北大学" in response.content.decode()
    other = secondment(cast.agency)
    assert other.get_kind_display() in client.get(
        f"/hr/secondments/{other.pk}/delete/").content.decode()
    client.post(f"/hr/cross-appointments/{row.pk}/delete/")
    assert not CrossAppointment.objects.filter(pk=row.pk).exists()
