"""Resident ID (GB 11643-1999) and unified social credit code (GB 32100-2015) checks."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from kernel.identifiers import (
    is_first_generation_resident_id,
    is_valid_resident_id,
    is_valid_uscc,
    normalise_resident_id,
    resident_id_birth_date,
    resident_id_check_character,
    resident_id_sex,
    uscc_check_character,
)


def _with_check(first17: str) -> str:
    # ISO 7064 MOD 11-2 written out independently: weights 2^(17-i) mod 11, check = (12 - sum mod 11) mod 11.
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    value = (12 - sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11) % 11
    return first17 + ("X" if value == 10 else str(value))


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("36042619910101007" + "1", True),  # the GB 11643 worked value quoted in domain-rules §8.1
        ("330105198307161627", True),
        (_with_check("33011319900101123"), True),  # 临平区 (2021): stdnum's 2014 table would refuse it
        (_with_check("33011419851231004"), True),  # 钱塘区 (2021)
        ("330105198307161620", False),  # wrong check digit
        (_with_check("33010519830230162"), False),  # 30 February
        (_with_check("33010518990101162"), False),  # before 1900
        ("33010519830716162", False),  # 17 characters
    ],
)
def test_resident_id(number: str, valid: bool) -> None:
    assert is_valid_resident_id(number, today=date(2026, 11, 28)) is valid


def test_full_width_and_lower_case_x_are_normalised() -> None:
    raw = _with_check("11010519491231002")
    assert raw.endswith("X")
    fancy = raw[:-1].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + "x"
    assert normalise_resident_id(fancy) == raw and is_valid_resident_id(normalise_resident_id(fancy))


def test_sex_from_the_sequence_digit() -> None:
    assert resident_id_sex("330105198307161627") == "女" and resident_id_sex("330602198511020539") == "男"


def _uscc_with_check(first17: str) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [pow(3, i, 31) for i in range(17)]
    total = sum(alphabet.index(c) * w for c, w in zip(first17, weights, strict=True))
    return first17 + alphabet[(31 - total % 31) % 31]


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("91110000600037341L", True),  # GB 32100 worked value quoted in domain-rules §8.2
        ("91330206MA2GQX0T5K", True),
        (_uscc_with_check("N2330110MA2CEXAMP"), True),  # rural collective (N): stdnum's validate() refuses it
        (_uscc_with_check("Y1330106MA2ABCDE1"), True),
        ("91110000600037341M", False),
        ("91330206MA2GQXOT5K", False),  # letter O is not in the alphabet
        (_uscc_with_check("B1330206MA2GQXAT5"), False),  # B is no registering authority
    ],
)
def test_unified_social_credit_code(code: str, valid: bool) -> None:
    assert is_valid_uscc(code) is valid


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("330105830716162", True),  # 杭州市西湖区, born 1983-07-16
        ("110101491231002", True),  # 北京市东城区, born 1949-12-31
        ("990105830716162", False),  # no province 99
        ("330005830716162", False),  # city part 00: a province's own code, never a person's
        ("330105830230162", False),  # 30 February 1983
        ("33010583071616", False),  # 14 digits
        ("3301058307161627", False),  # 16 digits
    ],
)
def test_first_generation_resident_id(number: str, valid: bool) -> None:
    assert is_first_generation_resident_id(number, today=date(2026, 11, 28)) is valid


def test_first_generation_id_gives_birth_date_in_the_1900s_and_sex() -> None:
    old = "330105830716162"
    assert resident_id_birth_date(old) == date(1983, 7, 16) and resident_id_sex(old) == "女"
    assert resident_id_sex("330105830716163") == "男"


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_resident_id_check_character_agrees_with_python_stdnum(first17: str) -> None:
    assert resident_id_check_character(first17) == ric.calc_check_digit(first17 + "0")


@given(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=17, max_size=17))
def test_credit_code_check_character_agrees_with_python_stdnum(first17: str) -> None:
    assert uscc_check_character(first17) == uscc.calc_check_digit(first17)
