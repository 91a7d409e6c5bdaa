"""Money amounts in yuan from Arabic or Chinese numerals (壹拾万元整, 5万元, 1.2亿元, 人民币/¥ prefixes) as Decimal."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from nlp import NlpError


class InvalidAmount(NlpError):
    """The text is not an amount we can read."""

    code = "invalid_amount"


_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "Ｏ": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "貳": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "叁": 3,
    "參": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "陸": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_WAN = "万萬"
_YI = "亿億"
_CN_CHARS = "".join(_DIGITS) + "".join(_SMALL_UNITS) + _WAN + _YI
_MULTIPLIERS = {
    "万": Decimal(10_000),
    "萬": Decimal(10_000),
    "亿": Decimal(100_000_000),
    "億": Decimal(100_000_000),
    "千": Decimal(1000),
    "仟": Decimal(1000),
    "百": Decimal(100),
}
_CENT = Decimal("0.01")

_PREFIX = r"(?:(?:人民币|RMB|CNY)[:：]?\s*|[¥￥]\s*)"
_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN_NUM = rf"[{_CN_CHARS}]+"
_JIAO_FEN = rf"(?:[{''.join(_DIGITS)}\d]\s*角)?(?:[{''.join(_DIGITS)}\d]\s*分)?"

AMOUNT_PATTERN = re.compile(
    rf"(?P<prefix>{_PREFIX})?"
    rf"(?:"
    rf"(?P<arabic>{_ARABIC})\s*(?P<mult>[万萬亿億千仟百])?\s*(?P<unit_a>元|圆)?"
    rf"|(?P<cn>{_CN_NUM})\s*(?P<unit_c>元|圆)"
    rf")"
    rf"(?P<jf>{_JIAO_FEN})(?:整|正)?"
)


def chinese_integer(text: str) -> int:
    """The value of a Chinese numeral (二十三万七千六百四十五, 壹拾万, 一亿二千万)."""
    if not text or any(ch not in _CN_CHARS for ch in text):
        raise InvalidAmount(f"{text!r} is not a Chinese numeral")
    if all(ch in _DIGITS for ch in text) and len(text) > 1:
        return int("".join(str(_DIGITS[ch]) for ch in text))  # digit-by-digit form: 一〇五
    total = section = number = 0
    for ch in text:
        if ch in _DIGITS:
            number = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (number or 1) * _SMALL_UNITS[ch]
            number = 0
        elif ch in _WAN:
            total += (section + number or (1 if not total else 0)) * 10_000
            section = number = 0
        else:  # 亿
            total = (total + section + number or 1) * 100_000_000
            section = number = 0
    return total + section + number


def _jiao_fen(text: str) -> Decimal:
    value = Decimal(0)
    for digit, unit in re.findall(r"(\S)\s*([角分])", text):
        d = int(digit) if digit.isdigit() else _DIGITS[digit]
        value += Decimal(d) * (Decimal("0.1") if unit == "角" else _CENT)
    return value


def normalise_amount(value: Decimal) -> Decimal:
    """Whole yuan without decimals, otherwise exactly two places (fen)."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.quantize(_CENT)


def _amount_from_match(m: re.Match[str]) -> Decimal | None:
    if m["arabic"] is not None:
        if not (m["prefix"] or m["unit_a"]):
            return None  # a bare number is not money
        try:
            value = Decimal(m["arabic"].replace(",", ""))
        except InvalidOperation:
            return None
        if m["mult"]:
            value *= _MULTIPLIERS[m["mult"]]
    else:
        try:
            value = Decimal(chinese_integer(m["cn"]))
        except InvalidAmount:
            return None
    return normalise_amount(value + _jiao_fen(m["jf"] or ""))


def parse_amount(text: str) -> Decimal:
    """One amount, the whole text: 壹拾万元整 → 100000, 4.5万元 → 45000, ¥863,500.00元 → 863500."""
    m = AMOUNT_PATTERN.fullmatch(text.strip())
    value = _amount_from_match(m) if m else None
    if value is None:
        raise InvalidAmount(f"{text!r} is not an amount")
    return value


def find_amounts(text: str) -> list[tuple[Decimal, int, int]]:
    """Every amount in the text with its [start, end) span; a number needs 元 or a currency prefix to count."""
    found: list[tuple[Decimal, int, int]] = []
    for m in AMOUNT_PATTERN.finditer(text):
        if m["arabic"] is not None and m.start("arabic") > 0 and text[m.start("arabic") - 1] in ".-/":
            continue
        value = _amount_from_match(m)
        if value is not None:
            found.append((value, m.start(), m.end()))
    return found
