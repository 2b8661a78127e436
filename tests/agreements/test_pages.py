"""The follow-up loop as people see it in the browser (server side)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from agreements import services
from agreements.models import Evidence, Round, Sheet
from kokken.models import Agency, Notification
from kokken.wareki import fiscal_year
from tests.agreements.factories import make_questionnaire, open_round, submit
from tests.conftest import sign_in


def test_secretariat_creates_and_opens_a_round_from_the_form(client_for, cast,
                                                            django_capture_on_commit_callbacks):
    client = client_for(cast.secretariat)
    qn = make_questionnaire()
    form = client.get("/rounds/new/")
    assert form.status_code == 200 and "※必須" in form.content.decode()
    fy = fiscal_year()
    data = {"title_ja": "令和6年度テスト", "title_en": "FY2024 test", "fiscal_year": fy,
            "questionnaire": qn.pk, "opens_on_0": fy, "opens_on_1": 6, "opens_on_2": 1,
            "due_on_0": fy, "due_on_1": 7, "due_on_2": 31, "reminder_days_before": 7,
            "population": "all_kokken"}
    response = client.post("/rounds/new/", data)
    round = Round.objects.get(title_ja="令和6年度テスト")
    assert response.url == f"/rounds/{round.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/rounds/{round.pk}/action/", {"action": "open"})
    assert round.sheets.count() == Agency.objects.kokken_in(fy).count()  # 26 from FY2025


def test_round_form_rejects_a_due_date_before_opening(client_for, cast):
    qn = make_questionnaire()
    response = client_for(cast.secretariat).post("/rounds/new/", {
        "title_ja": "x", "fiscal_year": fiscal_year(), "questionnaire": qn.pk,
        "opens_on_0": 2024, "opens_on_1": 6, "opens_on_2": 1,
        "due_on_0": 2024, "due_on_1": 5, "due_on_2": 31, "reminder_days_before": 7,
        "targets": [cast.agency.pk]})
    body = response.content.decode()
    assert response.status_code == 200
    assert "提出期限は開始日以降" in body and 'aria-invalid="true"' in body or "＊" in body
    assert not Round.objects.filter(title_ja="x").exists()


def test_round_page_shows_the_matrix_with_filters(client_for, cast):
    round = open_round(cast, make_questionnaire())
    submit(round.sheets.get(agency=cast.agency), {"Q1-1": "done", "N1": "1"})
    client = client_for(cast.secretariat)
    response = client.get(f"/rounds/{round.pk}/")
    assert len(response.context["rows"]) == 27
    assert response.context["done"] == 1
    submitted = client.get(f"/rounds/{round.pk}/?state=submitted").context["rows"]
    assert [s.agency.code for s in submitted] == ["riken"]
    mext = client.get(f"/rounds/{round.pk}/?ministry=MEXT").context["rows"]
    assert {s.agency.code for s in mext} == set(
        Agency.objects.filter(ministries__code="MEXT").values_list("code", flat=True))


def test_a_reviewer_sees_only_supervised_agencies_on_the_round_page(client_for, cast):
    round = open_round(cast, make_questionnaire())
    rows = client_for(cast.other_reviewer).get(f"/rounds/{round.pk}/").context["rows"]
    assert {s.agency.code for s in rows} == set(
        Agency.objects.filter(ministries__code="METI").values_list("code", flat=True))


def test_an_agency_user_goes_straight_to_its_sheet(client_for, cast):
    round = open_round(cast, make_questionnaire())
    response = client_for(cast.editor).get(f"/rounds/{round.pk}/")
    assert response.url == f"/sheets/{round.sheets.get(agency=cast.agency).pk}/"


def test_round_page_queries_do_not_grow_with_agencies(client_for, cast):
    round = open_round(cast, make_questionnaire(), targets=list(Agency.objects.all()[:5]))
    client = client_for(cast.secretariat)
    client.get(f"/rounds/{round.pk}/")
    cache.clear()  # the rows are cached: count the queries of rendering them
    with CaptureQueriesContext(connection) as few:
        client.get(f"/rounds/{round.pk}/")
    round.targets.set(Agency.objects.all())
    services.round_create_sheets(round=round)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        client.get(f"/rounds/{round.pk}/")
    assert len(many) == len(few)


def test_editing_a_section_saves_and_a_form_stale_on_the_same_answer_is_refused(client_for,
                                                                                cast):
    sheet = open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)
    editor, approver = Client(), Client()
    sign_in(editor, cast.editor)
    sign_in(approver, cast.approver)
    url = f"/sheets/{sheet.pk}/sections/S2/"
    assert editor.get(url).status_code == 200
    response = approver.post(url, {"version": 0, "q-N1": "5", "q-M1-present": "1",
                                   "q-M1": ["x", "z"]})
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.version == 1
    stale = editor.post(url, {"version": 0, "q-N1": "6"})
    body = stale.content.decode()
    assert stale.status_code == 409
    banner = body.split("banner-error conflict")[1].split("</div>")[0]
    assert cast.approver.username in banner and cast.editor.username not in banner
    assert sheet.answers.get(question__code="N1").number == 5
    # The editor has now seen the change: the form carries the new version, saving again wins.
    assert f'name="v-N1" value="{sheet.version}"' in body
    assert editor.post(url, {"version": 0, "v-N1": sheet.version, "q-N1": "6"}).status_code == 302
    assert sheet.answers.get(question__code="N1").number == 6


def test_a_form_loaded_before_ones_own_autosave_is_not_a_conflict(client_for, cast):
    sheet = open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)
    client = client_for(cast.editor)
    url = f"/sheets/{sheet.pk}/sections/S2/"
    assert client.post(f"/sheets/{sheet.pk}/autosave/",
                       {"code": "N1", "q-N1": "9", "version": 0}).status_code == 200
    response = client.post(url, {"version": 0, "q-N1": "10", "q-T1": "本文"})
    assert response.status_code == 302
    assert sheet.answers.get(question__code="N1").number == 10


def test_invalid_section_input_shows_errors_and_saves_nothing(client_for, cast):
    sheet = open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)
    response = client_for(cast.editor).post(f"/sheets/{sheet.pk}/sections/S2/",
                                            {"version": 0, "q-N1": "abc", "q-T1": "ok"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "＊数値を入力してください。" in body and 'aria-invalid="true"' in body
    assert not sheet.answers.exists()


def test_autosave_saves_one_field_and_returns_the_answers_new_version(client_for, cast):
    sheet = open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)
    client = client_for(cast.editor)
    response = client.post(f"/sheets/{sheet.pk}/autosave/",
                           {"code": "N1", "q-N1": "9", "version": 0})
    assert response.status_code == 200
    assert "保存しました" in response.content.decode() and response["X-Answer-Version"] == "1"
    # Another person on the same answer, from a page loaded at version 0: a conflict naming
    # the editor, when, and what they wrote; nothing saved.
    other = Client()
    sign_in(other, cast.approver)
    stale = other.post(f"/sheets/{sheet.pk}/autosave/", {"code": "N1", "q-N1": "10", "version": 0})
    body = stale.content.decode()
    assert stale.status_code == 409
    assert cast.editor.username in body and cast.approver.username not in body
    assert "「9」" in body and "令和" in body
    assert stale["X-Answer-Version"] == "1"
    assert sheet.answers.get(question__code="N1").number == 9
    # The same person again from the stale page (their own earlier save): saved.
    again = client.post(f"/sheets/{sheet.pk}/autosave/", {"code": "N1", "q-N1": "11", "version": 0})
    assert again.status_code == 200
    assert sheet.answers.get(question__code="N1").number == 11


def test_last_years_answer_is_shown_beside_the_question(client_for, cast):
    qn = make_questionnaire()
    old = open_round(cast, qn, fiscal_year=2023)
    submit(old.sheets.get(agency=cast.agency), {"Q1-1": "done", "N1": "33"})
    new = open_round(cast, qn, fiscal_year=2024)
    sheet = new.sheets.get(agency=cast.agency)
    body = client_for(cast.editor).get(f"/sheets/{sheet.pk}/sections/S2/").content.decode()
    assert "前年度の回答" in body and 'data-value="33"' in body


def test_evidence_files_are_checked_for_type_and_size(client_for, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    sheet = open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)
    client = client_for(cast.editor)
    bad = client.post(f"/sheets/{sheet.pk}/evidence/", {
        "question": "E1", "file": SimpleUploadedFile("virus.exe", b"MZ")}, follow=True)
    assert "この形式のファイルは添付できません" in bad.content.decode()
    good = client.post(f"/sheets/{sheet.pk}/evidence/", {
        "question": "E1", "file": SimpleUploadedFile("規程.pdf", b"%PDF-1.4 test")}, follow=True)
    assert "添付しました" in good.content.decode()
    evidence = Evidence.objects.get()
    download = client_for(cast.reviewer).get(f"/evidence/{evidence.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 test"


def test_aggregate_is_hidden_from_agencies_until_published(client_for, cast):
    round = open_round(cast, make_questionnaire())
    sheet = submit(round.sheets.get(agency=cast.agency), {"Q1-1": "done", "N1": "1"})
    assert client_for(cast.other_editor).get(f"/rounds/{round.pk}/aggregate/").status_code == 404
    assert client_for(cast.secretariat).get(f"/rounds/{round.pk}/aggregate/").status_code == 200
    services.sheet_transition(sheet=sheet, user=cast.reviewer, action="accept")
    services.round_close(round=round, user=cast.secretariat)
    services.round_publish(round=round, user=cast.secretariat)
    response = client_for(cast.other_editor).get(f"/rounds/{round.pk}/aggregate/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "実施している" in body
    assert "<svg" in body and "1 (100%)" in body  # the same chart as the PDF report


def test_unpublished_aggregate_for_a_reviewer_covers_only_their_agencies(client_for, cast):
    round = open_round(cast, make_questionnaire())
    submit(round.sheets.get(agency=cast.agency), {"Q1-1": "done", "N1": "1"})
    response = client_for(cast.other_reviewer).get(f"/rounds/{round.pk}/aggregate/")
    assert response.context["responses"] == 0  # RIKEN is not METI's


def test_aggregate_page_queries_do_not_grow_with_rounds(client_for, cast):
    qn = make_questionnaire()
    rounds = [open_round(cast, qn, fiscal_year=2021)]
    last = open_round(cast, qn, fiscal_year=2024)
    for r in rounds + [last]:
        submit(r.sheets.get(agency=cast.agency), {"Q1-1": "done", "N1": "1"})
    client = client_for(cast.secretariat)
    client.get(f"/rounds/{last.pk}/aggregate/")
    cache.clear()  # both counts are of a page whose figures are not cached yet
    with CaptureQueriesContext(connection) as few:
        client.get(f"/rounds/{last.pk}/aggregate/")
    with CaptureQueriesContext(connection) as cached:
        client.get(f"/rounds/{last.pk}/aggregate/")
    assert len(cached) < len(few)
    for year in (2022, 2023):
        earlier = open_round(cast, qn, fiscal_year=year)
        submit(earlier.sheets.get(agency=cast.agency), {"Q1-1": "done", "N1": "1"})
        submit(earlier.sheets.get(agency=cast.other_agency), {"Q1-1": "done", "N1": "2"})
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"/rounds/{last.pk}/aggregate/")
    assert len(response.context["questions"][0]["earlier"]) == 3
    assert len(many) == len(few)


def test_aggregate_page_compares_the_reports_five_years_and_every_year_on_request(
        client_for, cast):
    qn = make_questionnaire()
    rounds = {year: open_round(cast, qn, fiscal_year=year) for year in range(2018, 2025)}
    for year, r in rounds.items():
        submit(r.sheets.get(agency=cast.agency), {"Q1-1": "done", "N1": str(year)})
    client = client_for(cast.secretariat)
    url = f"/rounds/{rounds[2024].pk}/aggregate/"

    def years(response):
        return [r.fiscal_year for r, _ in response.context["questions"][0]["earlier"]]

    recent = client.get(url)
    assert years(recent) == [2020, 2021, 2022, 2023]  # as the annual report (HISTORY_YEARS)
    assert recent.context["hidden_years"] == 2
    body = recent.content.decode()
    assert "それ以前の2年度分は表示していません" in body
    assert 'href="?years=all"' in body
    every = client.get(url + "?years=all&basis=submitted")
    assert years(every) == [2018, 2019, 2020, 2021, 2022, 2023]
    assert every.context["hidden_years"] == 0
    assert 'name="years" value="all"' in every.content.decode()  # kept when filtering
    assert 'href="?basis=submitted"' in every.content.decode()   # back to five years
    shown = {r.fiscal_year: agg.n for r, agg in recent.context["questions"][0]["earlier"]}
    assert shown == {r.fiscal_year: agg.n for r, agg in every.context["questions"][0]["earlier"]
                     if r.fiscal_year >= 2020}


def test_review_queue_lists_submitted_sheets_of_supervised_agencies(client_for, cast):
    round = open_round(cast, make_questionnaire())
    submit(round.sheets.get(agency=cast.agency), {"Q1-1": "done", "N1": "1"})
    submit(round.sheets.get(agency=cast.other_agency), {"Q1-1": "done", "N1": "1"})
    mine = client_for(cast.reviewer).get("/reviews/").context["page"].object_list
    assert [s.agency.code for s in mine] == ["riken"]


def test_reviewer_returns_from_the_page_with_a_required_comment(client_for, cast):
    round = open_round(cast, make_questionnaire())
    sheet = submit(round.sheets.get(agency=cast.agency), {"Q1-1": "done", "N1": "1"})
    client = client_for(cast.reviewer)
    client.post(f"/sheets/{sheet.pk}/transition/", {"action": "return", "comment": ""})
    sheet.refresh_from_db()
    assert sheet.state == Sheet.State.SUBMITTED
    client.post(f"/sheets/{sheet.pk}/transition/", {"action": "return", "comment": "要修正"})
    sheet.refresh_from_db()
    assert sheet.state == Sheet.State.RETURNED
    page = client_for(cast.editor).get(f"/sheets/{sheet.pk}/").content.decode()
    assert "要修正" in page


def test_confirm_screen_lists_missing_answers_and_submit_gives_a_receipt(client_for, cast):
    sheet = open_round(cast, make_questionnaire()).sheets.get(agency=cast.agency)
    client = client_for(cast.approver)
    assert "N1" in client.get(f"/sheets/{sheet.pk}/confirm/").content.decode()
    services.answers_save(sheet=sheet, user=cast.editor, base_version=0,
                          raw={"Q1-1": "done", "N1": "2"})
    response = client.post(f"/sheets/{sheet.pk}/transition/", {"action": "submit"}, follow=True)
    assert "受付番号" in response.content.decode()


def test_history_and_accepted_snapshot_pages(client_for, cast):
    round = open_round(cast, make_questionnaire())
    sheet = submit(round.sheets.get(agency=cast.agency), {"Q1-1": "done", "N1": "1"})
    sheet = services.sheet_transition(sheet=sheet, user=cast.reviewer, action="accept")
    client = client_for(cast.editor)
    history = client.get(f"/sheets/{sheet.pk}/history/").context["page"].object_list
    assert {c.question.code for c in history} == {"Q1-1", "N1"}
    snap = sheet.snapshots.get()
    assert "実施している" in client.get(f"/sheets/{sheet.pk}/snapshots/{snap.pk}/").content.decode()
    listed = client.get(f"/sheets/{sheet.pk}/").content.decode()
    assert f"/sheets/{sheet.pk}/snapshots/{snap.pk}/" in listed
    assert f"— {cast.reviewer.username}</li>" in listed


def test_notifications_are_listed_and_someone_elses_is_not_found(client_for, cast):
    open_round(cast, make_questionnaire())
    client = client_for(cast.editor)
    page = client.get("/notifications/")
    assert page.context["page"].paginator.count == 1
    header = client.get("/rounds/").content.decode()
    assert 'class="count-badge"' in header
    theirs = Notification.objects.filter(user=cast.other_editor).first()
    assert client.get(f"/notifications/{theirs.pk}/").status_code == 404
    mine = Notification.objects.get(user=cast.editor)
    assert client.get(f"/notifications/{mine.pk}/").status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_home_pages_show_the_open_rounds(client_for, cast):
    round = open_round(cast, make_questionnaire())
    submit(round.sheets.get(agency=cast.agency), {"Q1-1": "done", "N1": "1"})
    agency_home = client_for(cast.editor).get("/agencies/riken/").content.decode()
    assert f"/sheets/{round.sheets.get(agency=cast.agency).pk}/" in agency_home
    ministry_home = client_for(cast.reviewer).get("/ministries/MEXT/").content.decode()
    mext = Agency.objects.filter(ministries__code="MEXT").count()
    assert f"{mext} 法人中 1 法人提出" in ministry_home or f"1 / {mext}" in ministry_home
    secretariat_home = client_for(cast.secretariat).get("/agencies/").content.decode()
    assert round.title_ja in secretariat_home


def test_the_matrix_shows_each_sheets_progress_from_its_own_answers(cast, client_for):
    round = open_round(cast, make_questionnaire(code="qprogress"))
    submit(round.sheets.get(agency=cast.other_agency), {"Q1-1": "done", "N1": "1"})
    html = client_for(cast.secretariat).get(f"/rounds/{round.pk}/").content.decode()
    rows = {row.split("</th>")[0]: row for row in html.split('<tr>\n        <th scope="row">')[1:]}
    other = next(row for head, row in rows.items() if cast.other_agency.abbr in head)
    own = next(row for head, row in rows.items() if cast.agency.abbr in head)
    assert '<td class="num">100%</td>' in other and '<td class="num">0%</td>' in own
