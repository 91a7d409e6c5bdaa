"""Control measures: legal terms (CPL-Interp 2022 Art 485), renewal before expiry, warnings, release."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from court.errors import Conflict, DeadlinePassed, InvalidInput
from court.execution.measures import (
    MeasureKind,
    MeasureStatus,
    impose,
    measures_needing_warning,
    release,
    renew,
    term_end,
)


@pytest.mark.parametrize(
    ("kind", "starts", "expires"),
    [
        pytest.param(
            MeasureKind.FREEZE_DEPOSIT, date(2025, 3, 1), date(2026, 2, 28), id="Art485-deposits-1y"
        ),
        pytest.param(MeasureKind.SEIZE_MOVABLE, date(2025, 3, 1), date(2027, 2, 28), id="Art485-movables-2y"),
        pytest.param(
            MeasureKind.SEAL_REAL_ESTATE, date(2025, 3, 1), date(2028, 2, 29), id="Art485-real-estate-3y"
        ),
        pytest.param(
            MeasureKind.FREEZE_PROPERTY_RIGHT,
            date(2025, 7, 15),
            date(2028, 7, 14),
            id="Art485-property-rights-3y",
        ),
        pytest.param(MeasureKind.FREEZE_DEPOSIT, date(2024, 2, 29), date(2025, 2, 28), id="leap-day-start"),
    ],
)
def test_default_term_is_the_legal_maximum(kind: MeasureKind, starts: date, expires: date) -> None:
    assert impose("m", kind, "ref", starts).expires_on == expires


@pytest.mark.parametrize(
    ("kind", "years"),
    [
        pytest.param(MeasureKind.FREEZE_DEPOSIT, 2, id="Art485-deposit-over-1y"),
        pytest.param(MeasureKind.SEIZE_MOVABLE, 3, id="Art485-movable-over-2y"),
        pytest.param(MeasureKind.SEAL_REAL_ESTATE, 4, id="Art485-real-estate-over-3y"),
        pytest.param(MeasureKind.SEAL_REAL_ESTATE, 0, id="zero-term"),
    ],
)
def test_terms_beyond_the_law_are_refused(kind: MeasureKind, years: int) -> None:
    with pytest.raises(InvalidInput):
        impose("m", kind, "ref", date(2025, 1, 1), years=years)


def test_shorter_term_is_allowed() -> None:
    m = impose("m", MeasureKind.SEAL_REAL_ESTATE, "ref", date(2025, 1, 1), years=1)
    assert m.expires_on == date(2025, 12, 31)


def test_renewal_runs_on_from_the_day_after_expiry_for_the_same_period() -> None:
    m = impose("m", MeasureKind.FREEZE_DEPOSIT, "acct", date(2025, 3, 1))
    renewed = renew(m, on=date(2026, 2, 1))
    assert renewed.expires_on == date(2027, 2, 28)
    assert renewed.renewals[0].starts_on == date(2026, 3, 1)
    twice = renew(renewed, on=date(2027, 2, 28))  # the last day in force still counts as before expiry
    assert twice.expires_on == date(2028, 2, 29)
    assert len(twice.renewals) == 2


def test_renewal_after_expiry_is_a_deadline_passed() -> None:
    m = impose("m", MeasureKind.SEIZE_MOVABLE, "car", date(2025, 3, 1))
    with pytest.raises(DeadlinePassed):
        renew(m, on=m.expires_on + timedelta(days=1))
    assert m.status(m.expires_on + timedelta(days=1)) is MeasureStatus.LAPSED


def test_renewal_longer_than_the_legal_period_is_refused() -> None:
    m = impose("m", MeasureKind.FREEZE_DEPOSIT, "acct", date(2025, 3, 1))
    with pytest.raises(InvalidInput):
        renew(m, on=date(2025, 6, 1), years=2)


def test_warning_lists_active_measures_lapsing_within_the_window_soonest_first() -> None:
    today = date(2026, 2, 1)
    soon = impose("soon", MeasureKind.FREEZE_DEPOSIT, "a", date(2025, 2, 10))  # ends 2026-02-09
    later = impose("later", MeasureKind.FREEZE_DEPOSIT, "b", date(2025, 3, 1))  # ends 2026-02-28
    far = impose("far", MeasureKind.SEAL_REAL_ESTATE, "c", date(2025, 3, 1))
    released = release(impose("rel", MeasureKind.FREEZE_DEPOSIT, "d", date(2025, 2, 5)), date(2025, 6, 1))
    lapsed = impose("old", MeasureKind.FREEZE_DEPOSIT, "e", date(2025, 1, 1))
    warnings = measures_needing_warning([far, later, soon, released, lapsed], today, warn_days=30)
    assert [(w.measure_id, w.days_left) for w in warnings] == [("soon", 8), ("later", 27)]
    assert measures_needing_warning([later], today, warn_days=26) == []


def test_release_is_idempotent_on_the_same_day_and_blocks_renewal() -> None:
    m = impose("m", MeasureKind.FREEZE_DEPOSIT, "acct", date(2025, 3, 1))
    r = release(m, date(2025, 5, 1))
    assert release(r, date(2025, 5, 1)) is r
    with pytest.raises(Conflict):
        release(r, date(2025, 5, 2))
    with pytest.raises(Conflict):
        renew(r, on=date(2025, 6, 1))
    assert r.status(date(2025, 5, 1)) is MeasureStatus.RELEASED


def test_term_end_is_one_day_short_of_the_anniversary() -> None:
    for start in (date(2025, 1, 31), date(2025, 12, 31), date(2026, 6, 15)):
        assert term_end(start, 1) + timedelta(days=1) == start.replace(year=start.year + 1)
