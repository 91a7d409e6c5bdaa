"""Case numbers (案号): the one parser and formatter, used by the court app and by extraction (nlp).

Form (SPC 关于人民法院案件案号的若干规定, 法〔2015〕137号, amended 法〔2018〕335号): （year）court-code
[specialised code] type-code serial 号, e.g. （2022）浙0106民初1234号. Before 2016 numbers used a short court
name and 字第, e.g. （2015）东刑初字第0106号. Real text also shows half-width parentheses, spaces inside,
zero-padded serials, 之一 suffixes and serial ranges such as (2024)浙0114破1-6号之二.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from kernel.case_types import IRREGULAR_TYPE_CODES, SPECIALISED_CODES, TYPE_CODES


class InvalidCaseNumber(ValueError):
    """The text is not a case number we can read."""

    code = "invalid_case_number"


@dataclass(frozen=True, slots=True)
class CaseNumber:
    """Case number (案号)."""

    year: int
    court_code: str  # 法院代字: 浙0106 (2016 form) or the short court name 东 (pre-2016 form)
    type_code: str  # 类型代字, e.g. 民初
    sequence: int
    specialised_code: str | None = None  # 专门审判代字, e.g. 知
    sequence_end: int | None = None  # sub-range 破1-6号: sequence 1, sequence_end 6
    suffix: str | None = None  # 之一, 之二 … (rulings inside a main case)
    legacy: bool = False  # the pre-2016 form with 字第
    irregular: bool = False  # type code outside the SPC standard, seen in real text (e.g. 刑)


_PROVINCES = "京津冀晋内辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔云藏陕甘青宁新军兵"
_CN_ORDINALS = "一二三四五六七八九十"
_ALL_TYPES = sorted(TYPE_CODES | IRREGULAR_TYPE_CODES, key=len, reverse=True)
_TYPE_ALT = "|".join(_ALL_TYPES)
_S = r"[ \t\u3000]*"  # spaces seen inside real numbers; never a line break

_PATTERN = re.compile(
    rf"[（(]{_S}(?P<year>\d{{4}}){_S}[）)]{_S}"
    rf"(?:"
    # pre-2016: short court name (may hold a digit, e.g. 李9), type code, 字第
    rf"(?P<old_court>[\u4e00-\u9fff\d]{{1,6}}?){_S}(?P<old_type>{_TYPE_ALT}){_S}字{_S}第"
    rf"|"
    rf"(?P<court>最高法|[{_PROVINCES}](?:{_S}\d{{2}}(?:\d{{2}})?)?){_S}"
    rf"(?P<spec>[{''.join(SPECIALISED_CODES)}])?{_S}(?P<type>{_TYPE_ALT})"
    rf"){_S}"
    rf"(?P<seq>\d+)(?:{_S}[-－—~～]{_S}(?P<seq_end>\d+))?{_S}号"
    rf"(?:{_S}(?P<suffix>之[{_CN_ORDINALS}]+))?"
)


def _match_to_case_number(m: re.Match[str]) -> CaseNumber:
    year = int(m["year"])
    if not 1949 <= year <= 2100:
        raise InvalidCaseNumber(f"year {year} is out of range")
    seq = int(m["seq"])
    seq_end = int(m["seq_end"]) if m["seq_end"] else None
    if seq_end is not None and seq_end < seq:
        raise InvalidCaseNumber(f"serial range {seq}-{seq_end} runs backwards")
    if m["old_type"]:
        type_code = m["old_type"]
        court = re.sub(r"\s+", "", m["old_court"])
        legacy, spec = True, None
    else:
        type_code = m["type"]
        court = re.sub(r"\s+", "", m["court"])
        legacy, spec = False, m["spec"]
    if seq == 0 and type_code != "刑核":
        raise InvalidCaseNumber("serials start at 1")
    return CaseNumber(
        year=year,
        court_code=court,
        type_code=type_code,
        sequence=seq,
        specialised_code=spec,
        sequence_end=seq_end,
        suffix=m["suffix"],
        legacy=legacy,
        irregular=type_code not in TYPE_CODES,
    )


def parse_case_number(text: str) -> CaseNumber:
    """Read one case number; the whole text (after trimming) must be the number."""
    stripped = text.strip()
    m = _PATTERN.fullmatch(stripped)
    if m is None:
        raise InvalidCaseNumber(f"{text!r} is not a case number")
    return _match_to_case_number(m)


def find_case_numbers(text: str) -> list[tuple[CaseNumber, int, int]]:
    """Every readable case number in the text with its [start, end) character span."""
    found: list[tuple[CaseNumber, int, int]] = []
    for m in _PATTERN.finditer(text):
        try:
            found.append((_match_to_case_number(m), m.start(), m.end()))
        except InvalidCaseNumber:
            continue
    return found


def format_case_number(cn: CaseNumber, width: Literal["full", "half"] = "full") -> str:
    """The written form: full-width parentheses (document style) or half-width; serials without zero padding."""
    opening, closing = ("（", "）") if width == "full" else ("(", ")")
    serial = str(cn.sequence) if cn.sequence_end is None else f"{cn.sequence}-{cn.sequence_end}"
    middle = f"{cn.type_code}字第" if cn.legacy else f"{cn.specialised_code or ''}{cn.type_code}"
    return f"{opening}{cn.year}{closing}{cn.court_code}{middle}{serial}号{cn.suffix or ''}"
