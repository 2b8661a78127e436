"""Form pieces every app uses: the accessible error links, the one 年 / 月 / 日 date input,
and 令和 fiscal-year choices."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from . import boundary
from .wareki import fiscal_year, fiscal_year_ja


class AccessibleFormMixin:
    """Link each invalid control to its error text and its help (aria-describedby), as UX.md
    asks: ``{auto_id}_error`` and ``{auto_id}_helptext`` are the ids templates/partials/
    field.html and field_errors.html give them, one error id per field (a date's three inputs
    share it). ``aria-invalid`` and ``required`` come from Django's BoundField; the templates
    write ※必須 / ※任意 from the field's ``required``."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                bf = self[name]
                ids = [f"{bf.auto_id}_error"]
                if self.fields[name].help_text:
                    ids.append(f"{bf.auto_id}_helptext")
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)


class DatePartsWidget(forms.MultiWidget):
    """年 / 月 / 日 as three numeric inputs (UX.md: no date picker, no automatic focus jump)."""

    template_name = "widgets/date_parts.html"
    date_parts = True  # lets templates render a fieldset + legend instead of a label

    def __init__(self, attrs=None):
        base = {"inputmode": "numeric", "autocomplete": "off"}
        super().__init__([
            forms.TextInput(attrs={**base, "class": "date-year", "size": "4", "maxlength": "4"}),
            forms.TextInput(attrs={**base, "class": "date-month", "size": "2", "maxlength": "2"}),
            forms.TextInput(attrs={**base, "class": "date-day", "size": "2", "maxlength": "2"}),
        ], attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [value.year, value.month, value.day]
        return [None, None, None]


class DatePartsField(forms.MultiValueField):
    widget = DatePartsWidget

    def __init__(self, **kwargs):
        fields = (forms.IntegerField(min_value=1900, max_value=2100),
                  forms.IntegerField(min_value=1, max_value=12),
                  forms.IntegerField(min_value=1, max_value=31))
        kwargs.setdefault("help_text", _("Enter the date in the Western calendar. "
                                         "Example: 2021年09月01日"))
        super().__init__(fields=fields, require_all_fields=False, **kwargs)
        self.error_messages["incomplete"] = _("Enter the year, month and day.")

    def compress(self, data_list):
        if not data_list or all(v in (None, "") for v in data_list):
            return None
        if any(v in (None, "") for v in data_list):
            raise forms.ValidationError(_("Enter the year, month and day."))
        try:
            return boundary.check_date(date(*data_list))
        except boundary.InvalidInput as exc:
            raise forms.ValidationError(str(exc)) from None
        except (TypeError, ValueError, OverflowError):
            raise forms.ValidationError(_("Enter a valid date.")) from None


def fiscal_year_choices(years) -> list[tuple[int, str]]:
    """(2026, "令和8年度（2026年度）") for each year, newest first."""
    return [(y, f"{fiscal_year_ja(y)}（{y}年度）") for y in sorted(set(years), reverse=True)]


def nearby_fiscal_years(today: date | None = None, since: int | None = None) -> list[int]:
    """From ``since`` (default: last fiscal year) to next fiscal year, newest first."""
    current = fiscal_year(today)
    start = min(since, current - 1) if since is not None else current - 1
    return list(range(current + 1, start - 1, -1))
