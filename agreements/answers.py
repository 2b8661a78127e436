"""Answer values: parsing what people type, storing it in the right column, showing it.

One place knows, per question kind, which column of ``Answer`` holds the value
and how a raw value (a form field, an Excel cell, a JSON body) becomes it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from kokken import boundary
from kokken.models import Agency

from .models import Answer, Question

K = Question.Kind


class InvalidValue(ValueError):
    """A raw value that does not fit its question; the message is for the person."""


def column(question: Question) -> str:
    if question.kind in (K.SINGLE, K.YES_NO):
        return "choice"
    if question.kind == K.MULTIPLE:
        return "choices"
    if question.kind in Question.NUMBER_KINDS:
        return "number"
    if question.kind == K.DATE:
        return "date"
    if question.kind in (K.SHORT_TEXT, K.LONG_TEXT):
        return "text"
    return ""  # evidence: files, not a value


def empty(value) -> bool:
    return value is None or value == "" or value == []


def parse(question: Question, raw, option_codes: set[str],
          exclusive: set[str] | frozenset[str] = frozenset()) -> object:
    """The stored value for ``raw`` (None when empty). Raises InvalidValue.

    ``exclusive``: option codes that may not be combined with any other (「参照していない」).
    """
    kind = question.kind
    if isinstance(raw, str):
        raw = raw.strip()
    if empty(raw):
        return [] if kind == K.MULTIPLE else None
    if kind in (K.SINGLE, K.YES_NO):
        code = str(raw)
        if code not in option_codes:
            raise InvalidValue(_("Choose one of the options."))
        return code
    if kind == K.MULTIPLE:
        codes = raw if isinstance(raw, (list, tuple)) else [c.strip() for c in str(raw).split(",")]
        codes = [str(c) for c in codes if str(c)]
        unknown = [c for c in codes if c not in option_codes]
        if unknown:
            raise InvalidValue(_("Unknown option: %(codes)s") % {"codes": ", ".join(unknown)})
        codes = sorted(set(codes), key=codes.index)
        alone = [c for c in codes if c in exclusive]
        if alone and len(codes) > 1:
            label = next((o.label for o in question.options.all() if o.code == alone[0]),
                         alone[0])
            raise InvalidValue(_("“%(option)s” cannot be chosen together with other options.")
                               % {"option": label})
        return codes
    if kind in Question.NUMBER_KINDS:
        text = str(raw).replace(",", "").replace("，", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise InvalidValue(_("Enter a number.")) from None
        try:  # bounds first: 1E+999999999 would overflow the checks below
            boundary.check_number(number)
        except boundary.InvalidInput as exc:
            raise InvalidValue(str(exc)) from None
        if kind == K.INTEGER and number != number.to_integral_value():
            raise InvalidValue(_("Enter a whole number."))
        if kind == K.PERCENT and not (0 <= number <= 100):
            raise InvalidValue(_("Enter a percentage between 0 and 100."))
        if kind in (K.AMOUNT, K.INTEGER) and number < 0:
            raise InvalidValue(_("Enter a number of 0 or more."))
        return number.quantize(Decimal("0.0001"))
    if kind == K.DATE:
        day = parse_date(raw)
        try:
            return boundary.check_date(day)
        except boundary.InvalidInput as exc:
            raise InvalidValue(str(exc)) from None
    if kind in (K.SHORT_TEXT, K.LONG_TEXT):
        text = str(raw)
        if problem := boundary.text_problem(text):
            raise InvalidValue(problem)
        limit = question.max_length or (200 if kind == K.SHORT_TEXT else 4000)
        if len(text) > limit:
            raise InvalidValue(_("Enter at most %(limit)d characters (%(over)d too many).")
                               % {"limit": limit, "over": len(text) - limit})
        return text
    raise InvalidValue(_("This question takes files, not a value."))


# Eras for dates typed in 和暦: (first day, names and abbreviations).
ERAS = (
    (date(2019, 5, 1), ("令和", "r")),
    (date(1989, 1, 8), ("平成", "h")),
    (date(1926, 12, 25), ("昭和", "s")),
    (date(1912, 7, 30), ("大正", "t")),
    (date(1868, 10, 23), ("明治", "m")),
)
_ERA_BY_NAME = {name: start for start, names in ERAS for name in names}
_WESTERN = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?")
_WAREKI = re.compile(r"(令和|平成|昭和|大正|明治|[rhstm])\s*(元|\d{1,2})\s*(?:[-/.]|年)\s*"
                     r"(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?")
EXCEL_EPOCH = date(1899, 12, 30)


def date_forms() -> str:
    return "2024-04-01、2024/4/1、2024年4月1日、令和6年4月1日、R6.4.1、令和元年5月1日"


def parse_date(raw) -> date:
    """A date from an Excel date cell, an ISO or slashed date, 年月日, or 和暦 (令和6年4月1日,
    R6.4.1, 令和元年…). Raises InvalidValue naming the accepted forms."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = unicodedata.normalize("NFKC", str(raw)).strip().lower()
    try:
        if match := _WESTERN.fullmatch(text):
            return date(*(int(g) for g in match.groups()))
        if match := _WAREKI.fullmatch(text):
            era, year, month, day = match.groups()
            start = _ERA_BY_NAME[era]
            year = 1 if year == "元" else int(year)
            value = date(start.year + year - 1, int(month), int(day))
            if year >= 1 and value >= start:
                return value
    except ValueError:
        pass
    raise InvalidValue(_("Enter a real date in one of these forms: %(forms)s.")
                       % {"forms": date_forms()})


def excel_serial_date(number) -> date:
    """An Excel serial day number (a date cell read without its format) as a date."""
    try:
        return EXCEL_EPOCH + timedelta(days=int(number))
    except (OverflowError, ValueError):
        raise InvalidValue(_("Enter a real date in one of these forms: %(forms)s.")
                           % {"forms": date_forms()}) from None


def get(answer: Answer | None, question: Question):
    """The stored value of an answer (None / [] when unanswered)."""
    col = column(question)
    if answer is None or not col:
        return [] if question.kind == K.MULTIPLE else None
    value = getattr(answer, col)
    if col in ("choice", "text") and value == "":
        return None
    return value


def put(answer: Answer, question: Question, value) -> None:
    col = column(question)
    if col == "choices":
        answer.choices = list(value or [])
    elif col in ("choice", "text"):
        setattr(answer, col, value or "")
    else:
        setattr(answer, col, value)


def to_json(question: Question, value):
    """A JSON-safe form of a stored value (history, snapshots, API)."""
    if isinstance(value, Decimal):
        normal = value.normalize()
        return int(normal) if normal == normal.to_integral_value() else float(normal)
    if isinstance(value, date):
        return value.isoformat()
    return value


def display(question: Question, value, labels: dict[str, str]) -> str:
    """How a value reads on a page: option labels, numbers without trailing zeros."""
    if empty(value):
        return ""
    if question.kind in (K.SINGLE, K.YES_NO):
        return labels.get(value, value)
    if question.kind == K.MULTIPLE:
        return "、".join(labels.get(c, c) for c in value)
    if isinstance(value, Decimal):
        normal = value.normalize()
        text = f"{normal:,f}" if normal != normal.to_integral_value() else f"{int(normal):,}"
        return text
    if isinstance(value, date):
        from kokken.wareki import date_label

        return date_label(value)
    return str(value)


def is_visible(question: Question, values: dict[int, object], *, agency: Agency) -> bool:
    """Whether a question shows on ``agency``'s sheet, given its values by question id.

    A question shows when the agreement asks it of the agency (``applies_to``: SEC-03
    only of designated agencies), and it has no condition, or its parent shows and
    the parent's answer is one of ``show_if_values``. ``question.show_if_question``
    must be loaded (chains are followed).
    """
    if not question.applies_to_agency(agency):
        return False
    seen = 0
    while question.show_if_question_id is not None:
        parent_value = values.get(question.show_if_question_id)
        wanted = set(question.show_if_values)
        chosen = set(parent_value) if isinstance(parent_value, list) else {parent_value}
        if not (wanted & chosen):
            return False
        question = question.show_if_question
        seen += 1
        if seen > 20:  # a loop in the data; never show
            return False
    return True
