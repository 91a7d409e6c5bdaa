"""Resident ID numbers (GB 11643-1999) and unified social credit codes (GB 32100-2015): normalise and validate.

python-stdnum's `validate()` is not used: for resident IDs it looks the county code up in a GB2260 table that
stops in 2014 (330113 临平区, 330114 钱塘区 … would be refused), and for credit codes it demands eight leading
digits (codes of rural collectives start with N, others with A or Y). We use its `calc_check_digit` with our own
format and date checks (DESIGN.md §4, domain-rules.md §8).
"""

from __future__ import annotations

import re
from datetime import date

from stdnum.cn import ric, uscc

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}

_RESIDENT_ID = re.compile(r"\d{17}[\dX]")
# Province-level codes of GB/T 2260 (first two digits of the address code); 71 Taiwan, 81/82 Hong Kong/Macao
# residence permits (GB 11643 format, 2018), 83 Taiwan residents' residence permits.
_PROVINCE_PREFIXES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)

# GB 32100-2015: 31 symbols, no I, O, Z, S, V.
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC = re.compile(rf"[{_USCC_ALPHABET}]{{18}}")
# Registering authority (登记管理部门代码), GB 32100-2015 table 1 plus A (中央军委改革和编制办公室), N (农业), Y (其他).
_USCC_AUTHORITIES = frozenset("123456789ANY")


def _compact(value: str) -> str:
    return re.sub(r"[\s\-]", "", value.translate(_FULLWIDTH)).upper()


def normalise_resident_id(value: str) -> str:
    """Half-width, no spaces or hyphens, upper-case X."""
    return _compact(value)


def resident_id_birth_date(value: str) -> date | None:
    """The birth date held in digits 7–14, or None if it is not a real date."""
    try:
        return date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


def is_valid_resident_id(value: str, *, today: date | None = None) -> bool:
    """Format, province code, real birth date not in the future, and the ISO 7064 MOD 11-2 check character."""
    if not _RESIDENT_ID.fullmatch(value) or value[:2] not in _PROVINCE_PREFIXES:
        return False
    born = resident_id_birth_date(value)
    if born is None or born.year < 1900 or born > (today or date.today()):
        return False
    return ric.calc_check_digit(value) == value[17]


def resident_id_sex(value: str) -> str:
    """Sex from the sequence code (digit 17): odd male (男), even female (女) — GB 11643-1999 §5.3."""
    return "男" if int(value[16]) % 2 else "女"


def normalise_uscc(value: str) -> str:
    """Half-width, no spaces or hyphens, upper case."""
    return _compact(value)


def is_valid_uscc(value: str) -> bool:
    """Alphabet, registering authority, six-digit division code and the MOD 31 check character."""
    if not _USCC.fullmatch(value) or value[0] not in _USCC_AUTHORITIES or not value[2:8].isdigit():
        return False
    return uscc.calc_check_digit(value[:17]) == value[17]
