"""Case numbers (案号): SPC 关于人民法院案件案号的若干规定 (法〔2015〕137号, amended 法〔2018〕335号)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kernel.case_numbers import (
    CaseNumber,
    InvalidCaseNumber,
    find_case_numbers,
    format_case_number,
    parse_case_number,
)
from kernel.case_types import TYPE_CODES

CASES = [
    ("（2022）浙0106民初1234号", CaseNumber(2022, "浙0106", "民初", 1234)),
    ("(2022)浙0106民初1234号", CaseNumber(2022, "浙0106", "民初", 1234)),
    ("（2025）浙 0113 刑初 59 号", CaseNumber(2025, "浙0113", "刑初", 59)),
    ("（2016）浙0103刑初00045号", CaseNumber(2016, "浙0103", "刑初", 45)),
    ("(2024)浙0114破1-6号之二", CaseNumber(2024, "浙0114", "破", 1, sequence_end=6, suffix="之二")),
    ("（2023）浙0110民初8765号之一", CaseNumber(2023, "浙0110", "民初", 8765, suffix="之一")),
    ("（2015）东刑初字第0106号", CaseNumber(2015, "东", "刑初", 106, legacy=True)),
    ("（2015）鄂黄州刑初字第00182号", CaseNumber(2015, "鄂黄州", "刑初", 182, legacy=True)),
    ("(2015)李9民初字第415号", CaseNumber(2015, "李9", "民初", 415, legacy=True)),
    ("（2019）最高法知民终1号", CaseNumber(2019, "最高法", "民终", 1, specialised_code="知")),
    ("（2017）浙0781刑254号", CaseNumber(2017, "浙0781", "刑", 254, irregular=True)),
    ("（2023）浙72民初3号", CaseNumber(2023, "浙72", "民初", 3)),
    ("（2024）浙执复12号", CaseNumber(2024, "浙", "执复", 12)),
    ("（2024）浙0192执恢7号", CaseNumber(2024, "浙0192", "执恢", 7)),
    ("（2024）浙01财保88号", CaseNumber(2024, "浙01", "财保", 88)),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_parse_reads_the_forms_seen_in_real_numbers(text: str, expected: CaseNumber) -> None:
    assert parse_case_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "法〔2015〕137号",
        "（2022）浙0106民X1234号",
        "（22）浙0106民初1234号",
        "（2022）浙0106民初号",
        "浙0106民初1234号",
        "（2022）浙0106民初0号",
        "（2024）浙0114破6-1号",
    ],
)
def test_parse_refuses_what_is_not_a_case_number(text: str) -> None:
    with pytest.raises(InvalidCaseNumber):
        parse_case_number(text)


def test_invalid_case_number_is_a_value_error() -> None:
    assert issubclass(InvalidCaseNumber, ValueError)


@pytest.mark.parametrize(
    ("text", "full", "half"),
    [
        ("(2022)浙0106民初01234号", "（2022）浙0106民初1234号", "(2022)浙0106民初1234号"),
        ("（2015）东刑初字第0106号", "（2015）东刑初字第106号", "(2015)东刑初字第106号"),
        ("(2024)浙0114破1-6号之二", "（2024）浙0114破1-6号之二", "(2024)浙0114破1-6号之二"),
    ],
)
def test_format_writes_full_or_half_width(text: str, full: str, half: str) -> None:
    cn = parse_case_number(text)
    assert format_case_number(cn) == full and format_case_number(cn, width="half") == half


def test_find_returns_spans_into_the_text() -> None:
    text = (
        "经杭州市余杭区人民法院（2023）浙0110民初8765号民事判决，及(2024)浙0110执12号案，见法〔2015〕137号。"
    )
    found = find_case_numbers(text)
    assert [text[s:e] for _, s, e in found] == ["（2023）浙0110民初8765号", "(2024)浙0110执12号"]
    assert [cn.type_code for cn, _, _ in found] == ["民初", "执"]


_codes = st.sampled_from(sorted(TYPE_CODES))
_courts = st.sampled_from(["浙", "浙01", "浙0106", "浙72", "浙8601", "沪0120", "最高法"])


@given(
    st.integers(1990, 2099),
    _courts,
    _codes,
    st.integers(1, 99999),
    st.sampled_from([None, "之一", "之十二"]),
    st.sampled_from(["full", "half"]),
)
def test_format_then_parse_is_the_identity(
    year: int, court: str, code: str, seq: int, suffix: str | None, width: str
) -> None:
    cn = CaseNumber(year, court, code, seq, suffix=suffix)
    assert parse_case_number(format_case_number(cn, width=width)) == cn  # type: ignore[arg-type]
