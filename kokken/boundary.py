"""The input boundary: what text, numbers, dates and JSON the product accepts.

The rules live here, once; each channel applies them at its one entrance:

* web forms and GET filters: :class:`InputBoundaryMiddleware` (every query and
  form value, every key), before any view or ORM sees them;
* the API's JSON bodies: ``api.parsers.BoundedJSONParser`` (size, depth,
  every key and string);
* Excel cells: the register widgets (``kokken.resources.Cell``) and
  ``agreements.excel`` (upload) through :func:`text_problem`, after
  ``kokken.excel.read_workbook`` has checked the zip itself;
* numbers and dates typed into answers or registers: :func:`check_number` and
  :func:`check_date`, called by ``agreements.answers.parse``, the Excel cell
  parsers and the date fields of the forms.

What is refused, and why:

* NUL, other C0/C1 control characters (tab, line feed and carriage return are
  text) and lone surrogates. PostgreSQL cannot store NUL, UTF-8 cannot encode a
  lone surrogate, and XML (Excel) carries neither: they used to end in a 500.
* Dates outside 1900-01-01 … 2100-12-31. The forms always offered these years;
  every day in them has an exact 和暦 (明治33年 onward), and no plan or register
  of the product reaches beyond. ``kokken.wareki`` still shows any stored date
  (older data included) rather than fail.
* Numbers of 10^14 or more (``1E+999999999`` once raised ``decimal.Overflow``).
"""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _

DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2100, 12, 31)
NUMBER_DIGITS = 14  # numbers below 10^14
ALLOWED_CONTROLS = {"\t", "\n", "\r"}


class InvalidInput(ValueError):
    """A value refused at the boundary; the message is for the person."""


def text_problem(value: str) -> str | None:
    """Why a text is refused, or None when it is acceptable."""
    for char in value:
        if char in ALLOWED_CONTROLS:
            continue
        category = unicodedata.category(char)
        if char == "\x00":
            return _("The text contains a NUL character, which cannot be saved. Remove it.")
        if category == "Cs":
            return _("The text contains an invalid character (a lone surrogate). Remove it.")
        if category == "Cc":
            return _("The text contains a control character (U+%(code)04X), which cannot be "
                     "saved. Remove it.") % {"code": ord(char)}
    return None


def check_text(value: str) -> str:
    problem = text_problem(value)
    if problem:
        raise InvalidInput(problem)
    return value


def check_date(day: date) -> date:
    """The day itself, or InvalidInput when it is outside the supported range."""
    if not DATE_MIN <= day <= DATE_MAX:
        raise InvalidInput(_("Enter a date from %(min)s to %(max)s.")
                           % {"min": DATE_MIN.isoformat(), "max": DATE_MAX.isoformat()})
    return day


def check_number(number: Decimal) -> Decimal:
    """The number itself, or InvalidInput when it is not finite or too large."""
    if not number.is_finite():
        raise InvalidInput(_("Enter a number."))
    # adjusted() is the power of ten of the first digit: no arithmetic, so no Overflow.
    if not number.is_zero() and number.adjusted() >= NUMBER_DIGITS:
        raise InvalidInput(_("The number is too large."))
    return number


def query_problem(data) -> str | None:
    """The first refused key or value of a QueryDict (GET or POST), if any."""
    for key, values in data.lists():
        for text in (key, *values):
            if isinstance(text, str):
                problem = text_problem(text)
                if problem:
                    return problem
    return None


class InputBoundaryMiddleware:
    """Refuse a request whose query or form values carry characters no field may hold.

    One place for every web form and every GET filter: the view never runs, nothing
    is written, and the person reads why (400), in their language. The API gets the
    API's JSON error shape.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = query_problem(request.GET)
        if problem is None and request.method == "POST" and request.content_type in (
                "application/x-www-form-urlencoded", "multipart/form-data"):
            problem = query_problem(request.POST)
        if problem is not None:
            return refused(request, problem)
        return self.get_response(request)


def refused(request, message: str, status: int = 400) -> HttpResponse:
    if request.path.startswith("/api/"):
        from kokken.errors import error_body

        return JsonResponse(error_body("invalid_input", message), status=status)
    if getattr(request, "htmx", False):
        # 422: the page's htmx swaps it into the field's status line (base.html's config).
        return HttpResponse(format_html('<span class="field-error">＊{}</span>', message),
                            status=422)
    return HttpResponse(render_to_string("input_refused.html", {"message": message},
                                         request=request), status=status)


def axes_username(request, credentials=None) -> str | None:
    """The user name the lockout records: cut to its column (varchar 255), whatever came in.

    The sign-in form refuses long names first; this guards every other path into
    authenticate() (AXES_USERNAME_CALLABLE)."""
    from django.conf import settings

    field = settings.AXES_USERNAME_FORM_FIELD
    source = credentials if credentials else getattr(request, "data", None) or request.POST
    name = source.get(field) if source else None
    return name[:255] if isinstance(name, str) else name
