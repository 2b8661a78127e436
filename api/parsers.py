"""The API's JSON boundary: one parser for every JSON body (see kokken.boundary).

A body is refused with 400 (413 when too large), before any serializer runs, when it is
larger than ``MAX_BYTES``, nested deeper than ``MAX_DEPTH``, not UTF-8, or when any key or
string holds NUL, a control character or a lone surrogate (``"\\ud800"``).
"""

from __future__ import annotations

import json

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.parsers import JSONParser

from kokken import boundary

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 20


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "payload_too_large"


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read(MAX_BYTES + 1) if stream is not None else b""
        if len(raw) > MAX_BYTES:
            raise PayloadTooLarge(_("The request body is larger than %(kb)s KB.")
                                  % {"kb": MAX_BYTES // 1024})
        try:
            text = raw.decode("utf-8")
            data = json.loads(text, parse_constant=_no_constant) if text.strip() else {}
        except UnicodeDecodeError:
            raise exceptions.ParseError(_("The request body is not UTF-8.")) from None
        except RecursionError:
            raise exceptions.ParseError(_("The JSON is nested too deeply (at most %(n)s "
                                          "levels).") % {"n": MAX_DEPTH}) from None
        except ValueError as exc:
            raise exceptions.ParseError(_("The request body is not valid JSON: %(error)s")
                                        % {"error": exc}) from None
        check(data)
        return data


def _no_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def check(data) -> None:
    """Depth, keys and strings of parsed JSON; raises ParseError. Iterative: no recursion."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                raise exceptions.ParseError(_("The JSON is nested too deeply (at most %(n)s "
                                              "levels).") % {"n": MAX_DEPTH})
            items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
            for key, item in items:
                if key is not None:
                    _text(key)
                pending.append((item, depth + 1))
        elif isinstance(value, str):
            _text(value)


def _text(value: str) -> None:
    problem = boundary.text_problem(value)
    if problem:
        raise exceptions.ParseError(problem)
