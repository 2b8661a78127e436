"""Answer values: parsing what people type, storing it in the right column, showing it.

One place knows, per question kind, which column of ``Answer`` holds the value
and how a raw value (a form field, an Excel cell, a JSON body) becomes it.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from kokken import boundary

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


def parse(question: Question, raw, option_codes: set[str]) -> object:
    """The stored value for ``raw`` (None when empty). Raises InvalidValue."""
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
        return sorted(set(codes), key=codes.index)
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
        if isinstance(raw, datetime):
            day = raw.date()
        elif isinstance(raw, date):
            day = raw
        else:
            try:
                day = date.fromisoformat(str(raw))
            except ValueError:
                raise InvalidValue(_("Enter a real date (year, month, day).")) from None
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


def is_visible(question: Question, values: dict[int, object]) -> bool:
    """Whether a conditional question shows, given the sheet's values by question id.

    A question shows when it has no condition, or its parent shows and the
    parent's answer is one of ``show_if_values``. ``question.show_if_question``
    must be loaded (chains are followed).
    """
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
