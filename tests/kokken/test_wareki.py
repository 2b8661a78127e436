from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from kokken import wareki


@pytest.mark.parametrize(("day", "expected"), [
    (date(2019, 4, 30), "平成31年4月30日"),
    (date(2019, 5, 1), "令和元年5月1日"),
    (date(2020, 1, 1), "令和2年1月1日"),
    (date(2024, 3, 29), "令和6年3月29日"),
    (date(1989, 1, 7), "昭和64年1月7日"),
    (date(1989, 1, 8), "平成元年1月8日"),
])
def test_era_dates_on_the_boundaries(day, expected):
    assert wareki.date_ja(day) == expected


@pytest.mark.parametrize(("day", "fy"), [
    (date(2024, 3, 31), 2023),
    (date(2024, 4, 1), 2024),
    (date(2025, 3, 31), 2024),
    (date(2025, 1, 1), 2024),
    (date(2019, 4, 30), 2019),
    (date(2019, 5, 1), 2019),
])
def test_fiscal_year_starts_on_1_april(day, fy):
    assert wareki.fiscal_year(day) == fy


def test_fiscal_year_of_an_aware_datetime_uses_japan_time():
    # 2024-03-31 16:00 UTC is already 1 April in Tokyo.
    moment = datetime(2024, 3, 31, 16, 0, tzinfo=ZoneInfo("UTC"))
    assert wareki.fiscal_year(moment) == 2024


@pytest.mark.parametrize(("fy", "label"), [
    (2018, "平成30年度"),
    (2019, "令和元年度"),
    (2023, "令和5年度"),
    (2024, "令和6年度"),
])
def test_fiscal_year_labels_in_japanese(fy, label):
    assert wareki.fiscal_year_ja(fy) == label


def test_fiscal_year_bounds():
    assert wareki.fiscal_year_bounds(2024) == (date(2024, 4, 1), date(2025, 3, 31))


def test_labels_follow_the_language():
    with translation.override("ja"):
        assert wareki.fiscal_year_label(2024) == "令和6年度"
        assert wareki.date_label(date(2024, 3, 29)) == "令和6年3月29日"
    with translation.override("en"):
        assert wareki.fiscal_year_label(2024) == "FY2024"
        assert wareki.date_label(date(2024, 3, 29)) == "29 March 2024"


def test_year_with_era_as_forms_show_it():
    assert wareki.year_with_era(2025) == "2025年(令和7年)"


def test_template_filters(rf):
    from django.template import Context, Template

    template = Template("{% load kokken %}{{ fy|fiscal_year }} {{ d|wareki_date }}")
    with translation.override("ja"):
        assert template.render(Context({"fy": 2024, "d": date(2019, 5, 1)})) == "令和6年度 令和元年5月1日"


@pytest.mark.parametrize(("day", "expected"), [
    (date(1926, 12, 24), "大正15年12月24日"),
    (date(1912, 7, 30), "大正元年7月30日"),
    (date(1900, 1, 1), "明治33年1月1日"),
    (date(1873, 1, 1), "明治6年1月1日"),
    (date(1850, 1, 1), "西暦1850年1月1日"),
    (date(1, 1, 1), "西暦1年1月1日"),
])
def test_days_before_showa_are_shown_not_an_error(day, expected):
    # Issue 12, #1: a 1900 date once made every page that showed it a 500.
    assert wareki.date_ja(day) == expected


def test_labels_of_very_old_years_never_raise():
    assert wareki.fiscal_year_ja(1800) == "西暦1800年度"
    assert wareki.year_with_era(1800) == "1800年"
    with translation.override("en"):
        assert wareki.date_label(date(1, 1, 1)) == "1 January 1"
