"""A question the agreement asks of some agencies only (SEC-03: the designated agencies,
特定国立研究開発法人) is shown, required, counted and exported for those agencies only,
by the one rule ``Question.applies_to``. RIKEN is designated, JST is not (both MEXT)."""

import io
import random
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from agreements import aggregation, demo, reports, services
from agreements import answers as values
from agreements.loaders import LoadError, load_questionnaire
from agreements.loaders import _Models as Models
from agreements.models import Answer, Option, Question, Questionnaire, ReportJob, Sheet
from kokken.errors import ValidationFailed
from kokken.models import Agency
from tests.agreements.factories import make_questionnaire, open_round, people

K = Question.Kind
D = Question.Audience.DESIGNATED


def designated_only(questionnaire) -> Question:
    """D1 (single a/b/c, required) for designated agencies, D2 (text) when D1 is b."""
    section = questionnaire.sections.get(code="S1")
    d1 = Question.objects.create(questionnaire=questionnaire, section=section, code="D1",
                                 kind=K.SINGLE, order=10, text_ja="特定国研の設問",
                                 applies_to=D)
    for i, code in enumerate("abc", start=1):
        Option.objects.create(question=d1, code=code, label_ja=f"選択{code}", order=i)
    Question.objects.create(questionnaire=questionnaire, section=section, code="D2",
                            kind=K.LONG_TEXT, order=11, text_ja="検討状況", applies_to=D,
                            show_if_question=d1, show_if_values=["b"])
    return d1


@pytest.fixture
def survey(cast):
    qn = make_questionnaire()
    d1 = designated_only(qn)
    jst = Agency.objects.get(code="jst")
    assert cast.agency.designated and not jst.designated
    round = open_round(cast, qn, targets=Agency.objects.filter(code__in=["riken", "jst"]))
    riken_sheet = round.sheets.get(agency=cast.agency)
    jst_sheet = round.sheets.get(agency=jst)
    jst_editor, jst_approver = people(jst)
    return round, d1, riken_sheet, jst_sheet, jst_editor, jst_approver


BASE = {"Q1-1": "done", "N1": "1"}


def test_the_rule_follows_the_agency_flag(survey):
    _round, d1, riken_sheet, jst_sheet, *_ = survey
    assert d1.applies_to_agency(riken_sheet.agency)
    assert not d1.applies_to_agency(jst_sheet.agency)
    assert values.is_visible(d1, {}, agency=riken_sheet.agency)
    assert not values.is_visible(d1, {}, agency=jst_sheet.agency)
    assert set(Agency.objects.filter(d1.applicable_agencies()).values_list("abbr", flat=True)) \
        == {"RIKEN", "AIST", "NIMS"}


def test_the_sheet_shows_the_question_to_a_designated_agency_only(survey, client_for, cast):
    _round, _d1, riken_sheet, jst_sheet, jst_editor, _ = survey
    riken = client_for(cast.editor).get(f"/sheets/{riken_sheet.pk}/sections/S1/")
    assert 'id="field-D1"' in riken.content.decode()
    jst = client_for(jst_editor)
    for url in (f"/sheets/{jst_sheet.pk}/sections/S1/", f"/sheets/{jst_sheet.pk}/"):
        page = jst.get(url).content.decode()
        # the code as a word: a random token (CSRF, request id) may hold the letters "D1"
        assert not re.search(r"\bD1\b", page) and "特定国研の設問" not in page


def test_a_non_designated_agency_submits_without_it(survey):
    _round, _d1, _riken, jst_sheet, jst_editor, jst_approver = survey
    services.answers_save(sheet=jst_sheet, user=jst_editor, raw=BASE, base_version=0)
    sheet = services.sheet_transition(sheet=jst_sheet, user=jst_approver, action="submit")
    assert sheet.state == Sheet.State.SUBMITTED


def test_a_designated_agency_must_answer_it(survey, cast):
    _round, _d1, riken_sheet, *_ = survey
    services.answers_save(sheet=riken_sheet, user=cast.editor, raw=BASE, base_version=0)
    with pytest.raises(ValidationFailed) as exc:
        services.sheet_transition(sheet=riken_sheet, user=cast.approver, action="submit")
    assert set(exc.value.details) == {"D1"}
    services.answers_save(sheet=riken_sheet, user=cast.editor, raw={"D1": "b"}, base_version=1)
    with pytest.raises(ValidationFailed) as exc:  # its follow-up is asked of RIKEN too
        services.sheet_transition(sheet=riken_sheet, user=cast.approver, action="submit")
    assert set(exc.value.details) == {"D2"}


def test_a_non_designated_agency_cannot_answer_it_by_any_channel(survey):
    _round, _d1, _riken, jst_sheet, jst_editor, _ = survey
    with pytest.raises(ValidationFailed) as exc:
        services.answers_save(sheet=jst_sheet, user=jst_editor, raw={"D1": "a", "N1": "2"},
                              base_version=0)
    assert set(exc.value.details) == {"D1"}
    assert "特定国立研究開発法人" in exc.value.details["D1"][0]
    assert not jst_sheet.answers.exists()


def test_the_home_task_list_counts_only_what_the_agency_is_asked(survey, cast):
    from agreements.selectors import missing_counts

    _round, _d1, riken_sheet, jst_sheet, *_ = survey
    sheets = list(Sheet.objects.filter(pk__in=[riken_sheet.pk, jst_sheet.pk])
                  .select_related("round", "agency"))
    counts = missing_counts(sheets)
    assert counts[riken_sheet.pk] == counts[jst_sheet.pk] + 1  # D1 (D2 waits for D1 = b)


def accepted(survey, cast, *, riken_d1="b"):
    round, d1, riken_sheet, jst_sheet, jst_editor, jst_approver = survey
    services.answers_save(sheet=riken_sheet, user=cast.editor,
                          raw={**BASE, "D1": riken_d1, "D2": "令和8年度に強化"}, base_version=0)
    services.sheet_transition(sheet=riken_sheet, user=cast.approver, action="submit")
    services.answers_save(sheet=jst_sheet, user=jst_editor, raw=BASE, base_version=0)
    services.sheet_transition(sheet=jst_sheet, user=jst_approver, action="submit")
    # A stale answer from before JST's flag changed: never JST's answer to D1.
    Answer.objects.create(sheet=jst_sheet, question=d1, choice="c")
    for sheet in (riken_sheet, jst_sheet):
        services.sheet_transition(sheet=sheet, user=cast.reviewer, action="accept")
    return round


def test_the_denominator_counts_only_the_agencies_it_is_asked_of(survey, cast):
    round = accepted(survey, cast)
    result = aggregation.aggregate(rounds=[round], agencies=Agency.objects.all(),
                                   basis=aggregation.Basis.ACCEPTED)[round.pk].by_code()
    d1 = result["D1"]
    assert (d1.responses, d1.n, d1.not_applicable, d1.answered) == (2, 1, 1, 1)
    assert {o.code: (o.count, o.percent) for o in d1.rows} == {
        "a": (0, "0%"), "b": (1, "100%"), "c": (0, "0%")}
    assert (result["D2"].n, result["D2"].answered) == (1, 1)
    assert result["N1"].n == 2  # asked of both


def test_the_reports_list_the_non_designated_agency_as_not_applicable(survey, cast):
    round = accepted(survey, cast)
    data = reports.report_data(round, round.targets.all(), per_agency=True)
    d1 = next(r for r in data.questions if r.code == "D1")
    assert [a.code for a in d1.not_applicable_agencies] == ["jst"]
    assert [a.code for o in d1.current.outcomes for a in o.agencies] == ["riken"]
    jst_rows = reports.agency_context(ReportJob(kind=ReportJob.Kind.AGENCY, round=round,
                                                agency=Agency.objects.get(code="jst")))["rows"]
    riken_rows = reports.agency_context(ReportJob(kind=ReportJob.Kind.AGENCY, round=round,
                                                  agency=cast.agency))["rows"]
    assert "D1" not in {r["question"].code for r in jst_rows}
    assert {"D1", "D2"} <= {r["question"].code for r in riken_rows}


def test_the_accepted_snapshot_holds_only_what_the_agency_was_asked(survey, cast):
    accepted(survey, cast)
    _round, _d1, riken_sheet, jst_sheet, *_ = survey
    assert "D1" in riken_sheet.snapshots.get().data["answers"]
    assert "D1" not in jst_sheet.snapshots.get().data["answers"]


def _rows(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_the_offline_workbook_holds_the_question_for_a_designated_agency_only(
        survey, client_for, cast):
    _round, _d1, riken_sheet, jst_sheet, jst_editor, _ = survey
    riken = load_workbook(io.BytesIO(
        client_for(cast.editor).get(f"/sheets/{riken_sheet.pk}/template.xlsx").content))
    jst_client = client_for(jst_editor)
    jst_bytes = jst_client.get(f"/sheets/{jst_sheet.pk}/template.xlsx").content
    jst = load_workbook(io.BytesIO(jst_bytes))
    assert "D1" in [r[0] for r in _rows(riken["回答"])]
    assert not {"D1", "D2"} & {r[0] for r in _rows(jst["回答"])}
    # Unchanged: no error, no change.
    unchanged = jst_client.post(f"/sheets/{jst_sheet.pk}/upload/",
                                {"file": SimpleUploadedFile("same.xlsx", jst_bytes)})
    assert unchanged.context["result"].errors == [] and not unchanged.context["result"].changes
    # A row added for D1 is refused, naming who it is asked of.
    jst["回答"].append(["D1", "特定国研の設問", "選択a"])
    buffer = io.BytesIO()
    jst.save(buffer)
    refused = jst_client.post(f"/sheets/{jst_sheet.pk}/upload/",
                              {"file": SimpleUploadedFile("added.xlsx", buffer.getvalue())})
    assert refused.status_code == 400
    assert any("D1" in e and "特定国立研究開発法人" in e for e in refused.context["result"].errors)
    assert not jst_sheet.answers.exists()


def test_the_round_export_leaves_it_blank_for_others_and_says_who_it_is_asked_of(
        survey, cast, client_for):
    round = accepted(survey, cast)
    book = load_workbook(io.BytesIO(
        client_for(cast.secretariat).get(f"/rounds/{round.pk}/export.xlsx").content))
    wide = _rows(book["wide"])
    header = wide[0]
    by_agency = {r[header.index("agency_code")]: dict(zip(header, r)) for r in wide[1:]}
    assert by_agency["riken"]["D1"] == "選択b"
    assert by_agency["jst"]["D1"] is None  # the stale answer is not JST's
    long = _rows(book["long"])
    assert not [r for r in long[1:] if r[long[0].index("agency_code")] == "jst"
                and r[long[0].index("question_code")] == "D1"]
    codebook = _rows(book["codebook"])
    d1 = dict(zip(codebook[0], next(r for r in codebook if r[0] == "D1")))
    assert d1["applies_to"] == "designated"


def test_the_demo_answers_it_for_designated_agencies_only(db):
    v2 = Questionnaire.objects.get(code="kinou-kyouka", version=2)
    sheets = {code: Sheet(round=_unsaved_round(v2), agency=Agency.objects.get(code=code))
              for code in ("riken", "jst")}
    riken = demo._answers(sheets["riken"], random.Random(1), complete=True)
    jst = demo._answers(sheets["jst"], random.Random(1), complete=True)
    assert "SEC-03" in riken and "SEC-03" not in jst


def _unsaved_round(questionnaire):
    from agreements.models import Round

    return Round(questionnaire=questionnaire, fiscal_year=2026)


def test_sec_03_of_version_2_is_asked_of_designated_agencies_without_a_not_applicable_option(
        db):
    sec03 = Question.objects.get(questionnaire__code="kinou-kyouka", questionnaire__version=2,
                                 code="SEC-03")
    assert sec03.applies_to == D
    assert "na" not in set(sec03.options.values_list("code", flat=True))
    v1 = Question.objects.get(questionnaire__code="kinou-kyouka", questionnaire__version=1,
                              code="SEC-03")
    assert v1.applies_to == ""  # version 1 is locked: its answers keep their meaning


def _fixture(questions):
    return {"code": "aud", "version": 1, "title_ja": "対象", "sections": [
        {"code": "S", "title_ja": "S", "questions": questions}]}


def test_a_follow_up_question_is_asked_of_the_same_agencies_as_its_parent(db):
    parent = {"code": "P", "kind": "yes_no", "text_ja": "親", "applies_to": "designated"}
    child = {"code": "C", "kind": "short_text", "text_ja": "子",
             "show_if": {"question": "P", "values": ["yes"]}}
    qn = load_questionnaire(_fixture([parent, child]), models=Models())
    assert qn.questions.get(code="C").applies_to == "designated"
    with pytest.raises(LoadError, match="differs from its parent"):
        load_questionnaire(_fixture([parent, {**child, "applies_to": "funding_agency"}]),
                           models=Models())
    with pytest.raises(LoadError, match="not one of"):
        load_questionnaire(_fixture([{**parent, "applies_to": "big"}]), models=Models())


def test_a_new_version_keeps_who_a_question_is_asked_of(survey):
    round, *_ = survey
    copy = services.questionnaire_copy(questionnaire=round.questionnaire)
    assert copy.questions.get(code="D1").applies_to == D
    assert copy.questions.get(code="D2").applies_to == D
