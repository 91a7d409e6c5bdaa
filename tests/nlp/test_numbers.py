"""Amounts in yuan from Arabic and Chinese numerals (incl. financial capitals 壹贰叁…) as Decimal."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlp.numbers import InvalidAmount, chinese_integer, find_amounts, parse_amount


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("壹拾万元整", "100000"),
        ("人民币壹拾伍万元整", "150000"),
        ("人民币捌拾陆万叁仟伍佰元", "863500"),
        ("¥863,500.00元", "863500"),
        ("￥1,234.56", "1234.56"),
        ("5万元", "50000"),
        ("人民币4.5万元", "45000"),
        ("1.2亿元", "120000000"),
        ("二十三万七千六百四十五元二角", "237645.20"),
        ("叁佰元伍角陆分", "300.56"),
        ("一亿二千万元", "120000000"),
        ("一百零五元", "105"),
        ("两万元", "20000"),
        ("十元", "10"),
        ("150000元", "150000"),
        ("RMB 2000元", "2000"),
    ],
)
def test_parse_amount(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["150000", "元", "abc元", "2023年"])
def test_parse_amount_refuses_non_amounts(text: str) -> None:
    with pytest.raises(InvalidAmount):
        parse_amount(text)


def test_find_amounts_skips_dates_and_bare_numbers() -> None:
    text = "2023年6月1日起，借款人民币壹拾伍万元整(¥150,000.00元)，编号12345，利息3000元。"
    assert [v for v, _, _ in find_amounts(text)] == [Decimal(150000), Decimal(150000), Decimal(3000)]


_CN = "零一二三四五六七八九"


def _spell(n: int) -> str:
    """Write 0 < n < 10^12 in Chinese numerals, independently of the parser (section by section)."""

    def below_10k(v: int) -> str:
        out, zero = "", False
        for unit, div in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
            d = v // div % 10
            if d:
                out += ("零" if zero and out else "") + _CN[d] + unit
                zero = False
            else:
                zero = True
        return out

    parts = []
    for unit, div in (("亿", 10**8), ("万", 10**4), ("", 1)):
        section = n // div % 10**4 if unit != "亿" else n // div
        if section:
            if parts and section < 1000:
                parts.append("零")
            parts.append(below_10k(section) + unit)
    return "".join(parts)


@given(st.integers(1, 10**12 - 1))
def test_chinese_integer_reads_what_is_spelled(n: int) -> None:
    assert chinese_integer(_spell(n)) == n
