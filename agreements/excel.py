"""Excel in and out for rounds and sheets.

Exports follow the government's machine-readability rules: one table per sheet,
header in the first row, no merged cells, blank distinct from 0, numbers without
units (the unit is in the codebook), dates as ISO. Columns are keyed by stable
question codes, so rounds of different questionnaire versions line up.

Offline answering: an agency downloads its sheet as a workbook (codes locked,
choice lists validated, help text beside), fills it and uploads it. The upload is
checked as a whole; nothing is saved unless everything is valid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from kokken import excel as kokken_excel
from kokken import wareki, xlsx
from kokken.errors import StaleEdit
from kokken.models import Agency

from . import aggregation, contrib, loaders
from . import answers as values
from .models import Answer, Question, Round, Sheet

XLSX = xlsx.MIME
K = Question.Kind
JST = ZoneInfo("Asia/Tokyo")
INPUT_FILL = PatternFill("solid", fgColor="FFF9DB")


@dataclass(frozen=True)
class Export:
    """What every exporter returns: a file name, a MIME type and the bytes."""

    filename: str
    mimetype: str
    content: bytes


def _cell_value(question: Question, value, labels: dict[str, str]):
    """Exported value: labels for choices, numbers as numbers, ISO dates; None stays blank."""
    if values.empty(value):
        return None
    if question.kind in (K.SINGLE, K.YES_NO):
        return labels.get(value, value)
    if question.kind == K.MULTIPLE:
        return "；".join(labels.get(code, code) for code in value)
    if question.kind in Question.NUMBER_KINDS:
        number = value.normalize()
        return int(number) if number == number.to_integral_value() else float(number)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _columns(rounds: list[Round]) -> list[Question]:
    """One question per code, in the order codes first appear (earlier rounds first).

    A later version that drops a question keeps its column; a new code is appended.
    """
    seen: dict[str, Question] = {}
    ordered = sorted(rounds, key=lambda r: (r.fiscal_year, r.pk))
    questions = (Question.objects.filter(questionnaire_id__in={r.questionnaire_id for r in ordered})
                 .exclude(kind=K.EVIDENCE).select_related("questionnaire")
                 .prefetch_related("options").order_by("order"))
    by_questionnaire: dict[int, list[Question]] = {}
    for q in questions:
        by_questionnaire.setdefault(q.questionnaire_id, []).append(q)
    for r in ordered:
        for q in by_questionnaire.get(r.questionnaire_id, []):
            seen.setdefault(q.code, q)
    return list(seen.values())


def round_workbook(*, rounds: list[Round], agencies: QuerySet[Agency],
                   basis: str = aggregation.Basis.SUBMITTED) -> Export:
    """Wide (agency × question code), long (one row per answer), codebook and aggregate sheets.

    In the reader's language (the active translation): readable columns (names, states,
    ministries, 和暦 dates) carry translated headers, and a code column with a stable
    snake_case header sits beside each of them for machines (codes, 0/1, ISO 8601 times in
    Japan time with the +09:00 offset). One table per sheet, header in row 1.

    The aggregate sheet holds each choice question's distribution on ``basis``: the same
    figures as the aggregate page and the PDF reports (``aggregation.distribution``).
    """
    columns = _columns(rounds)
    sheets = list(Sheet.objects.filter(round__in=rounds, agency__in=agencies.values("pk"))
                  .select_related("round", "agency").prefetch_related("agency__ministries")
                  .order_by("round__fiscal_year", "round_id", "agency__code"))
    answers = (Answer.objects.filter(sheet__in=[s.pk for s in sheets])
               .select_related("question").prefetch_related("question__options"))
    by_sheet: dict[int, dict[str, tuple[Question, object]]] = {}
    for a in answers:
        by_sheet.setdefault(a.sheet_id, {})[a.question.code] = (a.question, a)
    labels = {q.code: {o.code: o.label for o in q.options.all()} for q in columns}
    own_labels_of: dict[int, dict[str, str]] = {}  # question id → its labels, built once

    def own_labels(question: Question) -> dict[str, str]:
        if question.pk not in own_labels_of:
            own_labels_of[question.pk] = {o.code: o.label for o in question.options.all()}
        return own_labels_of[question.pk]

    # Only appends: rows are streamed to the file (openpyxl's write-only mode).
    book = xlsx.Book(write_only=True)
    fixed = [_("Fiscal year"), "fiscal_year", _("Round title"), "round_id", _("Agency"),
             "agency_code", _("Abbreviation"), _("Supervising ministries"), "ministries",
             _("Designated agency"), "designated", _("Funding agency"), "funding_agency",
             _("State"), "state", _("Submitted (Japan time)"), "submitted_at",
             _("Accepted (Japan time)"), "accepted_at"]
    wide = book.sheet("wide", fixed + [q.code for q in columns])
    long = book.sheet("long", [_("Fiscal year"), "fiscal_year", "round_id", _("Agency"),
                               "agency_code", "question_code", _("Question"), _("Answer"),
                               "value_code", _("State"), "state",
                               _("Answer updated (Japan time)"), "answer_updated_at"])
    for sheet in sheets:
        agency, round = sheet.agency, sheet.round
        ministries = list(agency.ministries.all())
        state_label = sheet.get_state_display()
        row = [wareki.fiscal_year_label(round.fiscal_year), round.fiscal_year, round.title,
               sheet.round_id, agency.name, agency.code, agency.abbr,
               "；".join(m.name for m in ministries), "；".join(m.code for m in ministries),
               _yes_no(agency.designated), int(agency.designated),
               _yes_no(agency.funding_agency), int(agency.funding_agency),
               state_label, sheet.state,
               _readable_time(sheet.submitted_at), _iso(sheet.submitted_at),
               _readable_time(sheet.accepted_at), _iso(sheet.accepted_at)]
        # Answers to a question not asked of the agency (left from before its flag changed)
        # are not its answers: blank, as on its sheet.
        mine = {code: entry for code, entry in by_sheet.get(sheet.pk, {}).items()
                if entry[0].applies_to_agency(agency)}
        for q in columns:
            entry = mine.get(q.code)
            if entry is None:
                row.append(None)
                continue
            own_q, answer = entry
            value = values.get(answer, own_q)
            row.append(_cell_value(own_q, value, own_labels(own_q)))
        book.append(wide, row)
        for code, (own_q, answer) in sorted(mine.items()):
            value = values.get(answer, own_q)
            if values.empty(value):
                continue
            code_value = "；".join(value) if isinstance(value, list) else (
                value if own_q.kind in (K.SINGLE, K.YES_NO) else None)
            book.append(long, [wareki.fiscal_year_label(round.fiscal_year), round.fiscal_year,
                               sheet.round_id, agency.name, agency.code, code, own_q.text,
                               _cell_value(own_q, value, own_labels(own_q)), code_value,
                               state_label, sheet.state,
                               _readable_time(answer.updated_at), _iso(answer.updated_at)])
    codebook = book.sheet("codebook", ["question_code", _("Question"), "question_ja",
                                       "question_en", _("Kind"), "kind", _("Unit"),
                                       _("Options"), "option_codes", _("Asked of"),
                                       "applies_to"])
    units = {K.AMOUNT: "千円", K.PERCENT: "%"}
    for q in columns:
        book.append(codebook, [q.code, q.text, q.text_ja, q.text_en, q.get_kind_display(),
                               q.kind, units.get(q.kind, ""), "；".join(labels[q.code].values()),
                               "；".join(labels[q.code].keys()), q.get_applies_to_display(),
                               q.applies_to])
    _aggregate_sheet(book, rounds, agencies, aggregation.Basis(basis))
    # Chapter sections (registers and indicators) for the newest round's fiscal year.
    newest = max(rounds, key=lambda r: (r.fiscal_year, r.pk))
    for section in contrib.registry.report_sections():
        if section.excel_sheets is None:
            continue
        for dataset in section.excel_sheets(fiscal_year=newest.fiscal_year, agencies=agencies):
            book.add_dataset(dataset)
    stamp = timezone.localtime().strftime("%Y%m%d")
    ids = "-".join(str(r.pk) for r in sorted(rounds, key=lambda r: r.pk))
    return Export(f"kokken-rounds-{ids}-{stamp}.xlsx", XLSX, book.save())


def _yes_no(flag: bool) -> str:
    return _("Yes") if flag else _("No")


def _readable_time(moment: datetime | None) -> str | None:
    """和暦 date and time in Japan time, with the zone named: 令和6年7月1日 10:00 JST."""
    if not moment:
        return None
    local = timezone.localtime(moment, JST)
    return f"{wareki.date_label(local.date())} {local:%H:%M} JST"


def _aggregate_sheet(book: xlsx.Book, rounds: list[Round], agencies: QuerySet[Agency],
                     basis: aggregation.Basis) -> None:
    """One row per round, choice question and outcome (無回答 included): n, count, share."""
    ws = book.sheet("aggregate", [
        _("Fiscal year"), "fiscal_year", "round_id", _("Basis"), "basis", "question_code",
        _("Question"), "kind", _("Answer"), "option_code", "n", "count", "share_percent",
        "not_applicable", "counted_sheets"])
    results = aggregation.aggregate(rounds=rounds, agencies=agencies, basis=basis)
    for r in sorted(rounds, key=lambda r: (r.fiscal_year, r.pk)):
        for agg in results[r.pk].questions:
            if not agg.is_choice:
                continue
            for o in agg.rows:
                book.append(ws, [wareki.fiscal_year_label(r.fiscal_year), r.fiscal_year, r.pk,
                                 basis.label, basis.value, agg.code, agg.question.text,
                                 agg.question.kind, o.label, o.code, agg.n, o.count,
                                 round_share(o.share), agg.not_applicable, agg.responses])


def round_share(share: float) -> float:
    """A share as a percentage number with one decimal (the reports' rounding)."""
    return round(100 * share, 1)


def _iso(moment: datetime | None) -> str | None:
    """ISO 8601 in Japan time with its offset: 2024-07-01T10:00:00+09:00."""
    return timezone.localtime(moment, JST).isoformat(timespec="seconds") if moment else None


# --- Offline answering -------------------------------------------------------------

ANSWER_SHEET = "回答"
META_SHEET = "meta"
FIRST_ROW = 2  # row 1 is the header
# Multiple choice in one cell: option labels joined by this separator. No option label
# may contain it (or its ASCII twin, also accepted): loading a questionnaire refuses them.
MULTI_SEPARATORS = loaders.MULTI_SEPARATORS
MULTI_SEPARATOR = MULTI_SEPARATORS[0]


def _template_value(question: Question, value, labels: dict[str, str]):
    """What the template's answer cell holds: what the reader turns back into ``value``."""
    if values.empty(value):
        return None
    if question.kind == K.MULTIPLE:
        return MULTI_SEPARATOR.join(labels.get(code, code) for code in value)
    if question.kind == K.DATE:
        return value  # a real Excel date cell
    return _cell_value(question, value, labels)


def sheet_template(sheet: Sheet) -> Export:
    """The sheet as a pre-filled workbook to answer offline."""
    questions = [q for q in Question.objects.filter(
                     questionnaire_id=sheet.round.questionnaire_id)
                 .exclude(kind=K.EVIDENCE).select_related("show_if_question")
                 .prefetch_related("options").order_by("order")
                 if q.applies_to_agency(sheet.agency)]  # only what the agency is asked
    current = {a.question_id: a for a in Answer.objects.filter(sheet=sheet)}
    book = xlsx.Book()
    ws = book.sheet(ANSWER_SHEET, ["設問コード", "設問", "回答（この列に記入）", "必須", "回答の形式",
                                   "補足説明", "表示条件"])
    lists = book.sheet("選択肢")
    kinds = dict(K.choices)
    for index, q in enumerate(questions):
        r = FIRST_ROW + index
        labels = [o.label_ja for o in q.options.all()]
        value = values.get(current.get(q.pk), q)
        own = {o.code: o.label_ja for o in q.options.all()}
        shown = _template_value(q, value, own)
        condition = ""
        if q.show_if_question_id:
            parent_labels = {o.code: o.label_ja for o in q.show_if_question.options.all()}
            condition = _("Only when %(code)s is %(values)s") % {
                "code": q.show_if_question.code,
                "values": "／".join(parent_labels.get(v, v) for v in q.show_if_values)}
        book.append(ws, [q.code, q.text_ja, shown, "必須" if q.required else "任意",
                         _kind_hint(q, kinds), q.help_ja, condition])
        answer_cell = ws.cell(row=r, column=3)
        if q.kind == K.DATE:
            answer_cell.number_format = "yyyy-mm-dd"  # a real date cell
        answer_cell.protection = Protection(locked=False)
        answer_cell.fill = INPUT_FILL
        if q.kind in (K.SINGLE, K.YES_NO) and labels:
            # The list lives on its own sheet: Excel limits inline lists to 255 characters.
            book.append(lists, [q.code] + labels)
            row = lists.max_row
            last = lists.cell(row=row, column=len(labels) + 1).column_letter
            dv = DataValidation(type="list", formula1=f"='選択肢'!$B${row}:${last}${row}",
                                allow_blank=True, showErrorMessage=True,
                                errorTitle="選択肢から選んでください",
                                error="一覧にある選択肢から選んでください。")
            ws.add_data_validation(dv)
            dv.add(answer_cell)
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 40
    ws.column_dimensions["F"].width = 40
    ws.column_dimensions["G"].width = 30
    ws.protection.sheet = True  # codes and questions are locked; only column C is editable
    ws.protection.formatRows = False
    ws.protection.formatColumns = False
    lists.sheet_state = "hidden"
    meta = book.sheet(META_SHEET, ["key", "value"], fill=False)
    for key, value in (("sheet_id", sheet.pk), ("round_id", sheet.round_id),
                       ("agency_code", sheet.agency.code), ("version", sheet.version),
                       ("questionnaire_id", sheet.round.questionnaire_id)):
        meta.append([key, value])
    meta.protection.sheet = True
    meta.sheet_state = "hidden"
    name = f"kokken-{sheet.round.fiscal_year}-{sheet.round_id}-{sheet.agency.code}.xlsx"
    return Export(name, XLSX, book.save())


def _kind_hint(q: Question, kinds: dict) -> str:
    hint = str(kinds.get(q.kind, q.kind))
    if q.kind == K.MULTIPLE:
        hint += "（" + "／".join(o.label_ja for o in q.options.all()) + \
            f" から選び「{MULTI_SEPARATOR}」で区切る）"
    elif q.kind == K.DATE:
        hint += f"（{values.date_forms()}）"
    elif q.kind in (K.SHORT_TEXT, K.LONG_TEXT) and q.max_length:
        hint += f"（{q.max_length}文字以内）"
    return hint


@dataclass
class UploadResult:
    """A checked upload: the answers to apply, or every problem with its cell.

    ``blanks`` are answers the file leaves blank although the sheet has them: they are
    kept unless the person chooses to clear them in the preview.
    """

    raw: dict[str, object] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)
    blanks: list[dict] = field(default_factory=list)
    version: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


class _Problems:
    """Errors with their place, shown sorted by sheet, row and column."""

    def __init__(self):
        self.items: list[tuple[str, int, str, str]] = []

    def add(self, sheet: str, row: int, column: str, message: str) -> None:
        self.items.append((sheet, row, column, message))

    def messages(self) -> list[str]:
        return [kokken_excel.cell_ref(sheet, row, column or None, message)
                for sheet, row, column, message in sorted(
                    self.items, key=lambda i: (i[0], i[1], len(i[2]), i[2]))]


def read_upload(sheet: Sheet, upload, user=None) -> UploadResult:
    """Check an uploaded workbook against this sheet as a whole. Saves nothing."""
    result = UploadResult()
    try:
        wb = kokken_excel.read_workbook(upload)
    except kokken_excel.CellError as exc:
        result.errors.append(str(exc))
        return result
    try:
        if ANSWER_SHEET not in wb.sheetnames or META_SHEET not in wb.sheetnames:
            result.errors.append(_("This is not a sheet template of this system: the sheets "
                                   "“%(answers)s” and “%(meta)s” are missing.")
                                 % {"answers": ANSWER_SHEET, "meta": META_SHEET})
            return result
        meta = {str(row[0]): row[1] for row in wb[META_SHEET].iter_rows(min_row=2, values_only=True)
                if row and row[0] is not None}
        if str(meta.get("agency_code")) != sheet.agency.code or \
                _as_int(meta.get("round_id")) != sheet.round_id:
            result.errors.append(_("%(sheet)s: this file was made for another agency or round "
                                   "(%(agency)s, round %(round)s).")
                                 % {"sheet": META_SHEET, "agency": meta.get("agency_code"),
                                    "round": meta.get("round_id")})
            return result
        result.version = _as_int(meta.get("version"))
        if result.version is None:
            result.version = 0
        _read_rows(sheet, wb[ANSWER_SHEET], result, user)
    finally:
        wb.close()
    if result.ok and (result.changes or result.blanks) and not sheet.is_editable:
        result.errors.append(_("The sheet is already submitted or the round is not open: "
                               "it cannot be changed."))
    result.errors = kokken_excel.capped(result.errors)
    return result


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return None


def _cell_to_raw(question: Question, raw, options: dict):
    """An answer cell as the value the form would send."""
    if isinstance(raw, str):
        raw = raw.strip()
    if raw is None or raw == "":
        return None
    by_label = {o.label_ja: o.code for o in options.values()} | \
        {o.label_en: o.code for o in options.values() if o.label_en}
    if question.kind in (K.SINGLE, K.YES_NO):
        return by_label.get(str(raw), str(raw))
    if question.kind == K.MULTIPLE:
        text = str(raw)
        for separator in MULTI_SEPARATORS[1:]:
            text = text.replace(separator, MULTI_SEPARATOR)
        parts = [p.strip() for p in text.split(MULTI_SEPARATOR) if p.strip()]
        return [by_label.get(p, p) for p in parts]
    if question.kind == K.DATE:
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return values.excel_serial_date(raw)
        return raw
    if isinstance(raw, datetime):
        return raw.date() if question.kind != K.DATE else raw
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, float):
        return repr(raw)
    return str(raw)


def _read_rows(sheet: Sheet, ws, result: UploadResult, user) -> None:
    from . import services

    problems = _Problems()
    questions = {q.code: q for q in Question.objects.filter(
        questionnaire_id=sheet.round.questionnaire_id).select_related("show_if_question")
        .prefetch_related("options")}
    current = {a.question_id: values.get(a, a.question) for a in
               Answer.objects.filter(sheet=sheet).select_related("question")}
    parsed: dict[str, object] = {}
    blank: list[str] = []
    for row_number, row in enumerate(ws.iter_rows(min_row=FIRST_ROW, max_col=3, values_only=True),
                                     start=FIRST_ROW):
        if row_number >= FIRST_ROW + kokken_excel.MAX_ROWS:  # a questionnaire is far smaller
            if any(v is not None for v in row):
                problems.add(ANSWER_SHEET, row_number, "",
                             _("Too many rows: at most %(n)s.") % {"n": kokken_excel.MAX_ROWS})
            break
        code, _text, raw = (list(row) + [None, None, None])[:3]
        if code is None and raw is None:
            continue
        code = str(code).strip() if code is not None else ""
        question = questions.get(code)
        if question is None or question.kind == K.EVIDENCE:
            problems.add(ANSWER_SHEET, row_number, "A",
                         _("unknown question code “%(code)s”.") % {"code": code})
            continue
        if not question.applies_to_agency(sheet.agency):
            if raw is not None and str(raw).strip():
                problems.add(ANSWER_SHEET, row_number, "C",
                             f"{code}: {services.not_asked_message(question)}")
            continue  # a blank row of a question not asked: nothing to do
        options = {o.code: o for o in question.options.all()}
        try:
            value = values.parse(question, _cell_to_raw(question, raw, options), set(options),
                                 {c for c, o in options.items() if o.exclusive})
        except values.InvalidValue as exc:
            problems.add(ANSWER_SHEET, row_number, "C", f"{code}: {exc}")
            continue
        if values.empty(value):
            blank.append(code)  # kept unless the person chooses to clear blanks
        else:
            parsed[code] = value
    result.errors = problems.messages()
    if result.errors:
        return
    # Per-answer concurrency, as on the web: a cell left as downloaded never replaces a
    # newer answer; a cell changed where someone else changed the answer since conflicts.
    skip: set[str] = set()
    if user is not None and parsed:
        try:
            skip = services.answers_check(sheet=sheet, user=user, parsed=parsed,
                                          base_version=result.version)
        except StaleEdit as exc:
            for c in exc.details.get("changes", []):
                result.errors.append(_("%(code)s was changed in the system after this file was "
                                       "downloaded, by %(who)s at %(at)s (to “%(new)s”). "
                                       "Download a fresh file so that no change is overwritten.")
                                     % {"code": c["question"], "who": c["by_name"],
                                        "at": c["at_display"], "new": c["new_display"]})
            return
    for code, value in parsed.items():
        q = questions[code]
        old = current.get(q.pk)
        if code in skip or (values.empty(old) and values.empty(value)) or old == value:
            continue
        labels = {o.code: o.label_ja for o in q.options.all()}
        result.changes.append({"code": code, "text": q.text_ja,
                               "old": values.display(q, old, labels),
                               "new": values.display(q, value, labels)})
        result.raw[code] = values.to_json(q, value)
    for code in blank:
        q = questions[code]
        old = current.get(q.pk)
        if values.empty(old):
            continue
        labels = {o.code: o.label_ja for o in q.options.all()}
        result.blanks.append({"code": code, "text": q.text_ja,
                              "old": values.display(q, old, labels)})
