"""Hypothesis fuzz (issue 12): hostile values into every form field and every API write.

Never a 5xx, and when the answer is an error, nothing in the domain tables changed.

* Web forms: each page below is fetched as its user, every ``<form method="post">`` on it
  is read (inputs, selects, textareas, checkboxes: every field type the product renders)
  and posted back with generated values for all its fields.
* GET filters: every filter parameter of the list pages.
* API writes: the answers, transitions and report-job endpoints with generated JSON
  (nested, surrogates, huge numbers, wrong types).

The example counts stay small (``FUZZ_EXAMPLES``) so that CI stays quick; hypothesis
shrinks any failure to a minimal value and prints it.
"""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreements.models import (
    Answer,
    AnswerChange,
    Evidence,
    Question,
    ReportJob,
    ReviewComment,
    Round,
    Sheet,
    Transition,
)
from hr.models import (
    CrossAppointment,
    Initiative,
    PayScheme,
    PersonnelFunding,
    SalaryBenchmark,
    Secondment,
)
from kokken.models import ApiToken
from tests.agreements.factories import make_questionnaire, open_round, submit
from tests.hr import factories as hr_factories

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

HOSTILE = [
    "", " ", "\x00", "a\x00b", "\x1b[31m", "\x7f", "\u0085", "\ufeff", "\u202e", "\t\r\n",
    "1E+999999999", "-1E+999999999", "1e-999999999", "NaN", "Infinity", "-0", "0x10",
    "99999999999999999999999", "9" * 5000, "²", "٣", "１２３", "-1", "3.14159265358979323846",
    "0001-01-01", "1850-01-01", "1899-12-31", "9999-12-31", "2024-02-30", "2024/04/01",
    "=HYPERLINK(\"http://x\")", "+cmd", "@SUM(1)", "<script>alert(1)</script>",
    "' OR 1=1 --", "長" * 4001, "x" * 100_000, "ｔｒｕｅ", "on", "yes", "none", "null",
]
# What a browser can send: any text without lone surrogates (UTF-8 cannot carry them).
web_text = st.one_of(st.sampled_from(HOSTILE),
                     st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
                     st.integers(min_value=-(10**30), max_value=10**30).map(str))
json_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(HOSTILE),
    st.text(max_size=30),  # lone surrogates included: JSON escapes them
)
json_value = st.recursive(json_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)


def fingerprint() -> tuple:
    """The domain data an erroneous request must leave exactly as it was."""
    models = (Answer, AnswerChange, Evidence, ReviewComment, Round, Transition, ReportJob,
              CrossAppointment, Initiative, PayScheme, PersonnelFunding, SalaryBenchmark,
              Secondment, ApiToken)
    counts = tuple(m.objects.count() for m in models)
    sheets = tuple(Sheet.objects.order_by("pk").values_list("pk", "state", "version"))
    answers = tuple(Answer.objects.order_by("pk").values_list(
        "pk", "text", "number", "date", "choice", "choices"))
    benchmark = tuple(SalaryBenchmark.objects.order_by("pk").values_list(
        "pk", "average_salary", "explanation", "explanation_adequate"))
    return counts, sheets, answers, benchmark


# --- Reading the forms a page offers -----------------------------------------------------

class Forms(HTMLParser):
    """Every POST form of a page: its action and fields (name → kind, choices)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or "", "post":
                               (a.get("method") or "").lower() == "post", "fields": {}})
            return
        if not self.forms or not a.get("name"):
            if tag == "option" and self._select and self.forms:
                self.forms[-1]["fields"][self._select][1].append(a.get("value", ""))
            return
        fields = self.forms[-1]["fields"]
        name = a["name"]
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                if kind == "submit" and a.get("value"):
                    fields.setdefault(name, ("choice", []))[1].append(a["value"])
                return
            if kind in ("checkbox", "radio", "hidden"):
                fields.setdefault(name, (kind, []))[1].append(a.get("value", "on"))
            else:
                fields[name] = (kind, [])
        elif tag == "textarea":
            fields[name] = ("textarea", [])
        elif tag == "select":
            fields[name] = ("select", [])
            self._select = name

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def post_forms(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = Forms()
    parser.feed(response.content.decode())
    forms = [f for f in parser.forms if f["post"] and f["fields"]
             and "/logout/" not in f["action"] and "/i18n/" not in f["action"]]
    for form in forms:
        form["action"] = form["action"] or url
        form["fields"].pop("csrfmiddlewaretoken", None)
    return forms


@st.composite
def filled(draw, fields: dict) -> dict:
    """Values for every field: generated text, or one of its offered values, or nothing."""
    data = {}
    for name, (kind, choices) in fields.items():
        options = [c for c in choices if c is not None]
        pick = st.sampled_from(options) if options else web_text
        value = draw(st.one_of(pick, web_text, st.none()))
        if value is None:
            continue
        if kind in ("checkbox",) and options:
            data[name] = draw(st.lists(st.one_of(st.sampled_from(options), web_text),
                                       max_size=3))
        else:
            data[name] = value
    return data


# --- The stage --------------------------------------------------------------------------

@pytest.fixture
def stage(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    questionnaire = make_questionnaire()
    section = questionnaire.sections.get(code="S2")
    for order, (code, kind) in enumerate([("D1", Question.Kind.DATE),
                                          ("P1", Question.Kind.PERCENT),
                                          ("A1", Question.Kind.AMOUNT),
                                          ("R1", Question.Kind.DECIMAL),
                                          ("L1", Question.Kind.LONG_TEXT)], start=10):
        Question.objects.create(questionnaire=questionnaire, section=section, code=code,
                                kind=kind, order=order, required=False,
                                text_ja=f"{code}の設問", text_en=code)
    round = open_round(cast, questionnaire)
    editing = round.sheets.get(agency=cast.agency)
    submitted = round.sheets.get(agency=cast.other_agency)
    submit(submitted, {"Q1-1": "done", "N1": "1"})
    hr_factories.benchmark(cast.agency, 8000, 8200)
    ca = hr_factories.crossappointment(cast.agency)
    return {"round": round, "editing": editing, "submitted": submitted, "ca": ca}


def web_pages(cast, stage) -> list[tuple]:
    e, s, r = stage["editing"], stage["submitted"], stage["round"]
    hr = "/hr/agencies/riken"
    return [
        (cast.editor, f"/sheets/{e.pk}/sections/S1/"),
        (cast.editor, f"/sheets/{e.pk}/sections/S2/"),
        (cast.editor, f"/sheets/{e.pk}/"),
        (cast.other_reviewer, f"/sheets/{s.pk}/"),
        (cast.secretariat, "/rounds/new/"),
        (cast.secretariat, f"/rounds/{r.pk}/"),
        (cast.editor, f"{hr}/salary/?fy=2024"),
        (cast.editor, f"{hr}/funding/?fy=2024"),
        (cast.editor, f"{hr}/pay/?fy=2024"),
        (cast.editor, f"{hr}/cross-appointments/new/?fy=2024"),
        (cast.editor, f"/hr/cross-appointments/{stage['ca'].pk}/"),
        (cast.editor, f"{hr}/secondments/new/?fy=2024"),
        (cast.editor, f"{hr}/initiatives/new/?fy=2024"),
        (cast.reviewer, f"{hr}/salary/review/?fy=2024"),
        (cast.editor, "/accounts/profile/"),
        (cast.editor, "/accounts/password/change/"),
    ]


def test_every_web_form_field_takes_hostile_values_without_a_server_error(
        cast, stage, client_for):
    seen_kinds: set[str] = set()
    targets = []
    for user, url in web_pages(cast, stage):
        for form in post_forms(client_for(user), url):
            targets.append((user, form))
            seen_kinds.update(kind for kind, _c in form["fields"].values())
    # Every field type the product renders is under test.
    assert {"text", "textarea", "select", "hidden", "checkbox", "radio"} <= seen_kinds, seen_kinds
    assert len(targets) >= 15

    @FUZZ
    @given(index=st.integers(min_value=0, max_value=len(targets) - 1), data=st.data())
    def run(index, data):
        user, form = targets[index]
        values = data.draw(filled(form["fields"]))
        client = client_for(user)
        before = fingerprint()
        response = client.post(form["action"], values)
        assert response.status_code < 500, (form["action"], values)
        if response.status_code >= 400:
            assert fingerprint() == before, (form["action"], values, response.status_code)

    run()


FILTERS = {
    "/agencies/": ["q", "ministry", "designated", "funding", "sort", "page", "fy"],
    "/rounds/": ["status", "fy", "sort", "page"],
    "/rounds/{round}/": ["ministry", "designated", "funding", "state"],
    "/rounds/{round}/aggregate/": ["ministry", "designated", "funding"],
    "/rounds/{round}/export.xlsx": ["ministry", "designated", "funding", "with"],
    "/hr/agencies/riken/cross-appointments/": ["direction", "partner_type", "q", "sort",
                                               "page", "fy"],
    "/hr/agencies/riken/secondments/": ["direction", "kind", "partner_type", "sort", "fy"],
    "/hr/agencies/riken/initiatives/": ["kind", "sort", "fy"],
    "/hr/indicators/": ["fy", "sort"],
    "/sheets/{sheet}/history/": ["since_return", "page"],
    "/reviews/": ["page"],
    "/notifications/": ["page"],
}


@FUZZ
@given(path=st.sampled_from(sorted(FILTERS)), data=st.data())
def test_every_get_filter_takes_hostile_values_without_a_server_error(
        cast, stage, client_for, path, data):
    params = {name: data.draw(web_text) for name in data.draw(
        st.lists(st.sampled_from(FILTERS[path]), min_size=1, unique=True))}
    url = path.format(round=stage["round"].pk, sheet=stage["editing"].pk)
    response = client_for(cast.secretariat).get(url, params)
    assert response.status_code < 500, (url, params)


# --- API writes --------------------------------------------------------------------------

def api_writes(cast, stage) -> list[tuple]:
    e, s, r = stage["editing"], stage["submitted"], stage["round"]
    answer_codes = st.sampled_from(["Q1-1", "Q1-2", "Q1-3", "N1", "M1", "T1", "D1", "P1", "A1",
                                    "R1", "L1", "E1", "ZZ"])
    answers = st.fixed_dictionaries({
        "version": st.one_of(st.just(e.version), json_value),
        "answers": st.one_of(st.dictionaries(answer_codes, json_value, max_size=4),
                             json_value)})
    transition = st.fixed_dictionaries({
        "action": st.one_of(st.sampled_from(["request_approval", "send_back", "submit",
                                             "return", "accept"]), json_value),
        "comment": json_value, "version": json_value})
    report = st.fixed_dictionaries({
        "kind": st.one_of(st.sampled_from(["annual", "agency", "ministry"]), json_value),
        "round": st.one_of(st.just(r.pk), json_value), "agency": json_value,
        "ministry": json_value})
    return [
        (cast.editor, "patch", f"/api/v1/sheets/{e.pk}/answers/", answers),
        (cast.other_reviewer, "post", f"/api/v1/sheets/{s.pk}/transitions/", transition),
        (cast.editor, "post", f"/api/v1/sheets/{e.pk}/transitions/", transition),
        (cast.secretariat, "post", "/api/v1/report-jobs/", report),
    ]


def test_every_api_write_takes_hostile_json_without_a_server_error(cast, stage, client_for):
    writes = api_writes(cast, stage)

    @FUZZ
    @given(index=st.integers(min_value=0, max_value=len(writes) - 1), data=st.data(),
           wrapper=st.sampled_from(["as is", "not an object", "deep"]))
    def run(index, data, wrapper):
        user, method, url, body = writes[index]
        value = data.draw(body)
        text = json.dumps(value)  # ensure_ascii: a lone surrogate travels as \\ud800
        if wrapper == "not an object":
            text = json.dumps([value])
        elif wrapper == "deep":
            text = "[" * 5000 + text + "]" * 5000
        before = fingerprint()
        response = getattr(client_for(user), method)(url, text, content_type="application/json")
        assert response.status_code < 500, (url, text[:300])
        if response.status_code >= 400:
            assert fingerprint() == before, (url, text[:300], response.status_code)

    run()


FUZZED_API_WRITES = {("patch", "/api/v1/sheets/{sheet_id}/answers/"),
                     ("post", "/api/v1/sheets/{sheet_id}/transitions/"),
                     ("post", "/api/v1/report-jobs/")}


def test_the_fuzz_covers_every_api_write_endpoint(db):
    """A new write endpoint fails this test until it is added to api_writes() above."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    writes = {(method, path) for path, methods in schema["paths"].items()
              for method in methods if method in ("post", "put", "patch", "delete")}
    assert writes == FUZZED_API_WRITES, "fuzz the new write endpoint in api_writes() above"
