"""Japanese fiscal years and era (和暦) dates: the one helper for both.

The Japanese fiscal year (年度) runs 1 April – 31 March and is named after the
calendar year it starts in: 2024-04-01 … 2025-03-31 is FY2024 (令和6年度).
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import get_language

# (first day, Japanese name, English name), newest first.
ERAS = (
    (date(2019, 5, 1), "令和", "Reiwa"),
    (date(1989, 1, 8), "平成", "Heisei"),
    (date(1926, 12, 25), "昭和", "Showa"),
    (date(1912, 7, 30), "大正", "Taisho"),
    (date(1873, 1, 1), "明治", "Meiji"),
)
# Japan adopted the Gregorian calendar on 明治6年1月1日 (1873-01-01). Before it, 和暦 dates
# were lunisolar and a Western date has no exact era date: such days (old or junk data;
# kokken.boundary accepts 1900 onward) are shown in the Western calendar, never an error.
GREGORIAN_SINCE = date(1873, 1, 1)


def is_english() -> bool:
    return (get_language() or "ja").startswith("en")


def era_of(day: date) -> tuple[str, str, int]:
    """(Japanese era name, English era name, year of the era) for a day.

    Raises ValueError before 1873-01-01 (no exact era date); the labels below catch it.
    """
    for start, name_ja, name_en in ERAS:
        if day >= start:
            era_start = 1868 if name_ja == "明治" else start.year  # 明治元年 is 1868
            return name_ja, name_en, day.year - era_start + 1
    raise ValueError(f"{day} is before the Gregorian calendar in Japan")


def _year_ja(era: str, year: int) -> str:
    return f"{era}{'元' if year == 1 else year}年"


def fiscal_year(day: date | datetime | None = None) -> int:
    """The fiscal year a day falls in (1 April – 31 March)."""
    if day is None:
        day = timezone.localdate()
    elif isinstance(day, datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_bounds(year: int) -> tuple[date, date]:
    return date(year, 4, 1), date(year + 1, 3, 31)


def fiscal_year_ja(year: int) -> str:
    """令和6年度 for 2024.

    A fiscal year carries the era in force at the end of its starting calendar
    year, so FY2019 (which began in Heisei 31) is 令和元年度, as government
    documents write it.
    """
    try:
        name_ja, _en, era_year = era_of(date(year, 12, 31))
    except ValueError:
        return f"西暦{year}年度"
    return _year_ja(name_ja, era_year) + "度"


def fiscal_year_label(year: int) -> str:
    """令和6年度 in Japanese, "FY2024" in English."""
    return f"FY{year}" if is_english() else fiscal_year_ja(year)


def date_ja(day: date | datetime) -> str:
    """令和6年3月29日."""
    if isinstance(day, datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    try:
        name_ja, _en, era_year = era_of(day)
    except ValueError:
        return f"西暦{day.year}年{day.month}月{day.day}日"
    return f"{_year_ja(name_ja, era_year)}{day.month}月{day.day}日"


def date_label(day: date | datetime | None) -> str:
    """令和6年3月29日 in Japanese, "29 March 2024" in English; empty for None."""
    if day is None:
        return ""
    if is_english():
        if isinstance(day, datetime):
            day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
        return f"{day.day} {day:%B} {day.year}"
    return date_ja(day)


def year_with_era(year: int) -> str:
    """2025年(令和7年): the 西暦 year with its era year, as the forms show it."""
    try:
        name_ja, _en, era_year = era_of(date(year, 12, 31))
    except ValueError:
        return f"{year}年"
    return f"{year}年({_year_ja(name_ja, era_year)})"
