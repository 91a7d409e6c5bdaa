"""Pre-suit mediation numbers (诉前调, 法发〔2020〕1号): read, flagged as outside the 2015 type-code standard."""

from __future__ import annotations

import pytest

from kernel.case_numbers import InvalidCaseNumber, parse_case_number


@pytest.mark.parametrize(
    ("text", "court", "type_code", "serial"),
    [
        pytest.param(
            "（2024）浙0106民诉前调1234号", "浙0106", "民诉前调", 1234, id="civil-pre-suit-mediation"
        ),
        pytest.param("(2022)浙0108诉前调2541号", "浙0108", "诉前调", 2541, id="half-width-bare-诉前调"),
    ],
)
def test_pre_suit_mediation_numbers_are_read(text: str, court: str, type_code: str, serial: int) -> None:
    number = parse_case_number(text)
    assert (number.court_code, number.type_code, number.sequence) == (court, type_code, serial)
    assert number.irregular and not number.legacy


def test_a_number_without_its_serial_is_refused() -> None:
    with pytest.raises(InvalidCaseNumber):
        parse_case_number("（2024）浙0106民诉前调号")
