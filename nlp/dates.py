"""Dates in filings and judgments (2024年3月8日, 二〇二四年一月十五日, 2024-03-08, 2024.3.8) normalised to `date`."""

from __future__ import annotations

import re
from datetime import date

from nlp.numbers import chinese_integer

_CN_DIGIT = "〇○零Ｏ一二三四五六七八九"
_CN_SMALL = "〇○零一二三四五六七八九十"
_S = r"[ \t\u3000]*"

DATE_PATTERN = re.compile(
    rf"(?P<y>(?:19|20)\d{{2}}){_S}年{_S}(?P<m>\d{{1,2}}){_S}月{_S}(?P<d>\d{{1,2}}){_S}日"
    rf"|(?P<cy>[{_CN_DIGIT}]{{4}})年(?P<cm>[{_CN_SMALL}]{{1,3}})月(?P<cd>[{_CN_SMALL}]{{1,3}})日"
    rf"|(?<![\d.])(?P<ny>(?:19|20)\d{{2}})(?P<sep>[-./])(?P<nm>\d{{1,2}})(?P=sep)(?P<nd>\d{{1,2}})(?![\d.])"
)


def _value(m: re.Match[str]) -> date | None:
    try:
        if m["y"]:
            return date(int(m["y"]), int(m["m"]), int(m["d"]))
        if m["cy"]:
            year = int("".join(str(chinese_integer(ch)) if ch not in "〇○Ｏ" else "0" for ch in m["cy"]))
            return date(
                year,
                chinese_integer(m["cm"].replace("〇", "零")),
                chinese_integer(m["cd"].replace("〇", "零")),
            )
        return date(int(m["ny"]), int(m["nm"]), int(m["nd"]))
    except ValueError:
        return None


def parse_date(text: str) -> date:
    """One date, the whole text; ValueError if it is not one."""
    m = DATE_PATTERN.fullmatch(text.strip())
    value = _value(m) if m else None
    if value is None:
        raise ValueError(f"{text!r} is not a date")
    return value


def find_dates(text: str) -> list[tuple[date, int, int]]:
    """Every full date (year, month and day) in the text with its [start, end) span."""
    out: list[tuple[date, int, int]] = []
    for m in DATE_PATTERN.finditer(text):
        value = _value(m)
        if value is not None:
            out.append((value, m.start(), m.end()))
    return out
