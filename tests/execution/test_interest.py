"""Doubled delay interest, SPC 法释〔2014〕8号 (CPL 2023 Art 264)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from court.errors import InvalidInput
from court.execution.interest import (
    Payment,
    Suspension,
    delay_interest,
    delay_statement,
    first_day_of_delay,
)

D = Decimal
RATE = D("0.000175")  # Art 1: 1.75 per ten thousand per day


def test_first_day_of_delay_is_the_day_after_the_performance_period() -> None:
    assert first_day_of_delay(date(2024, 1, 10)) == date(2024, 1, 11)


# Each row: principal, days counted written out by hand, payments; expected = sum(outstanding × rate × days).
@pytest.mark.parametrize(
    ("principal", "start", "end", "payments", "suspensions", "segments"),
    [
        pytest.param(
            D("100000"),
            date(2024, 1, 11),
            date(2024, 4, 10),
            [],
            [],
            [(D("100000"), 21 + 29 + 31 + 10)],
            id="Art1-no-payment-91-days-leap-february",
        ),
        pytest.param(
            D("100000"),
            date(2024, 1, 11),
            date(2024, 4, 10),
            [Payment(date(2024, 2, 10), D("40000"))],
            [],
            [(D("100000"), 21 + 10), (D("60000"), 19 + 31 + 10)],
            id="Art3-Art4-partial-payment-reduces-principal-next-day",
        ),
        pytest.param(
            D("50000"),
            date(2025, 1, 1),
            date(2025, 1, 31),
            [Payment(date(2025, 1, 20), D("50000"))],
            [],
            [(D("50000"), 20)],
            id="Art3-full-payment-stops-interest-on-payment-day",
        ),
        pytest.param(
            D("80000"),
            date(2025, 1, 1),
            date(2025, 3, 31),
            [],
            [Suspension(date(2025, 2, 1), date(2025, 2, 28))],
            [(D("80000"), 31 + 31)],
            id="Art3-para2-suspension-not-counted",
        ),
        pytest.param(
            D("12345.67"),
            date(2025, 5, 1),
            date(2025, 5, 1),
            [],
            [],
            [(D("12345.67"), 1)],
            id="Art1-one-day-rounded-to-fen",
        ),
    ],
)
def test_doubled_interest_worked_examples(
    principal: Decimal,
    start: date,
    end: date,
    payments: list[Payment],
    suspensions: list[Suspension],
    segments: list[tuple[Decimal, int]],
) -> None:
    expected = sum((amount * RATE * days for amount, days in segments), D(0)).quantize(D("0.01"))
    assert delay_interest(principal, start, end, payments, suspensions) == expected


def test_known_figures() -> None:
    # 100,000 × 0.000175 × 91 = 1,592.50; with 40,000 paid on day 31: 542.50 + 630.00 = 1,172.50
    assert delay_interest(D("100000"), date(2024, 1, 11), date(2024, 4, 10)) == D("1592.50")
    paid = [Payment(date(2024, 2, 10), D("40000"))]
    assert delay_interest(D("100000"), date(2024, 1, 11), date(2024, 4, 10), paid) == D("1172.50")


def test_payments_go_to_principal_before_doubled_interest() -> None:
    # Art 4: money debt first, then the doubled interest accrued so far.
    s = delay_statement(
        D("10000"),
        date(2025, 1, 1),
        date(2025, 3, 1),
        [Payment(date(2025, 1, 10), D("10000")), Payment(date(2025, 2, 1), D("20"))],
    )
    accrued = D("10000") * RATE * 10  # 17.50
    assert s.accrued == accrued
    assert s.principal_outstanding == 0
    assert s.interest_paid == accrued
    assert s.overpaid == D("20") - accrued
    assert s.interest_outstanding == 0
    assert s.days_counted == 10


@pytest.mark.parametrize(
    "args",
    [
        (D("0"), date(2025, 1, 1), date(2025, 1, 2), []),
        (D("1"), date(2025, 1, 2), date(2025, 1, 1), []),
        (D("1"), date(2025, 1, 1), date(2025, 1, 2), [Payment(date(2025, 1, 3), D("1"))]),
    ],
    ids=["zero-principal", "reversed-period", "payment-outside-period"],
)
def test_bad_input_is_refused(args: tuple) -> None:  # type: ignore[type-arg]
    with pytest.raises(InvalidInput):
        delay_interest(*args)
