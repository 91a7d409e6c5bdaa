"""Dates normalised to ISO."""

from __future__ import annotations

from datetime import date

import pytest

from nlp.dates import find_dates, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年3月8日", date(2024, 3, 8)),
        ("2024 年 3 月 8 日", date(2024, 3, 8)),
        ("二〇二四年一月十五日", date(2024, 1, 15)),
        ("二○一九年一月三十日", date(2019, 1, 30)),
        ("二〇二三年十二月二十一日", date(2023, 12, 21)),
        ("2024-01-05", date(2024, 1, 5)),
        ("2024.1.5", date(2024, 1, 5)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


def test_impossible_dates_and_partial_dates_are_not_found() -> None:
    assert find_dates("2023年2月30日，2014年4月份，1.2亿元") == []
