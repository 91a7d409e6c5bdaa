"""Time limits (审限): the table, CPL Art 85 counting, extensions, suspensions, small-claims thresholds."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from court.cases.deadlines import (
    DeadlineStatus,
    Extension,
    Suspension,
    SuspensionReason,
    compute_deadline,
    deadline_status,
)
from court.cases.holiday_store import is_rest_day
from court.cases.small_claims import small_claims_eligible, small_claims_threshold
from court.cases.time_limits import Approver, TimeLimit
from court.errors import InvalidInput


@pytest.mark.parametrize(
    ("start", "limit", "expected"),
    [
        pytest.param(date(2025, 3, 3), TimeLimit.REGISTRATION, date(2025, 3, 10), id="CPL-126-7-days"),
        pytest.param(date(2025, 3, 3), TimeLimit.REGISTRATION_PRIVATE_PROSECUTION, date(2025, 3, 18),
                     id="reg-rules-8-private-prosecution-15-days"),
        pytest.param(date(2024, 9, 24), TimeLimit.REGISTRATION, date(2024, 10, 8),
                     id="CPL-85-ends-on-national-day-rolls-to-2024-10-08"),
        pytest.param(date(2024, 9, 22), TimeLimit.REGISTRATION, date(2024, 9, 29),
                     id="CPL-85-make-up-sunday-2024-09-29-is-a-working-day"),
        pytest.param(date(2025, 3, 15), TimeLimit.ORDINARY, date(2025, 9, 15), id="CPL-152-6-months"),
        pytest.param(date(2024, 8, 31), TimeLimit.ORDINARY, date(2025, 2, 28), id="CC-202-no-31st-month-end"),
        pytest.param(date(2023, 8, 31), TimeLimit.ORDINARY, date(2024, 2, 29), id="CC-202-leap-february"),
        pytest.param(date(2025, 11, 15), TimeLimit.SUMMARY, date(2026, 2, 24),
                     id="CPL-164-3-months-lands-in-2026-spring-festival"),
        pytest.param(date(2026, 3, 4), TimeLimit.SMALL_CLAIMS, date(2026, 5, 6),
                     id="CPL-168-2-months-lands-in-2026-labour-day"),
        pytest.param(date(2025, 8, 31), TimeLimit.ORDINARY, date(2026, 2, 28),
                     id="CPL-85-saturday-2026-02-28-is-a-make-up-working-day"),
        pytest.param(date(2025, 1, 10), TimeLimit.APPEAL_JUDGMENT, date(2025, 4, 10), id="CPL-183-3-months"),
        pytest.param(date(2025, 1, 2), TimeLimit.APPEAL_RULING, date(2025, 2, 5),
                     id="CPL-183-30-days-lands-in-2025-spring-festival"),
        pytest.param(date(2025, 6, 3), TimeLimit.ENFORCEMENT, date(2025, 12, 3), id="SPC-2006-enforcement-6-months"),
        pytest.param(date(2025, 6, 3), TimeLimit.EXECUTION_NOTICE, date(2025, 6, 13), id="CPL-Interp-480-10-days"),
        pytest.param(date(2025, 6, 5), TimeLimit.EXECUTION_NOTICE, date(2025, 6, 16), id="CPL-85-sunday-rolls-to-monday"),
    ],
)  # fmt: skip
def test_time_limit_table(start: date, limit: TimeLimit, expected: date) -> None:
    assert compute_deadline(start, limit) == expected


def test_roll_over_can_be_switched_off() -> None:
    assert compute_deadline(date(2024, 9, 24), TimeLimit.REGISTRATION, roll_over_rest_days=False) == date(
        2024, 10, 1
    )


def test_every_limit_cites_its_source() -> None:
    for limit in TimeLimit:
        assert limit.rule.article
        assert limit.rule.months or limit.rule.days


def ext(approver: Approver, months: int = 0, days: int = 0, reason: str = "complex appraisal") -> Extension:
    return Extension(
        approver=approver, approved_by="judge:president", reason=reason, months=months, days=days
    )


@pytest.mark.parametrize(
    ("limit", "extensions", "expected"),
    [
        pytest.param(TimeLimit.ORDINARY, [ext(Approver.PRESIDENT, 6)], date(2026, 3, 16), id="CPL-152-president-6"),
        pytest.param(TimeLimit.ORDINARY, [ext(Approver.PRESIDENT, 6), ext(Approver.HIGHER_COURT, 3)],
                     date(2026, 6, 15), id="CPL-152-higher-court-beyond"),
        pytest.param(TimeLimit.SUMMARY, [ext(Approver.PRESIDENT, 1)], date(2025, 7, 15), id="CPL-164-president-1"),
        pytest.param(TimeLimit.SMALL_CLAIMS, [ext(Approver.PRESIDENT, 1)], date(2025, 6, 16), id="CPL-168-president-1"),
        pytest.param(TimeLimit.ENFORCEMENT, [ext(Approver.VICE_PRESIDENT, 3)], date(2025, 12, 15),
                     id="SPC-2006-vice-president"),
    ],
)  # fmt: skip
def test_approved_extensions(limit: TimeLimit, extensions: list[Extension], expected: date) -> None:
    assert compute_deadline(date(2025, 3, 15), limit, extensions=extensions) == expected


@pytest.mark.parametrize(
    ("limit", "extensions", "message"),
    [
        pytest.param(TimeLimit.ORDINARY, [ext(Approver.PRESIDENT, 7)], "exceed", id="CPL-152-president-max-6"),
        pytest.param(TimeLimit.ORDINARY, [ext(Approver.PRESIDENT, 4), ext(Approver.PRESIDENT, 3)], "exceed",
                     id="CPL-152-president-total-max-6"),
        pytest.param(TimeLimit.SUMMARY, [ext(Approver.PRESIDENT, 2)], "exceed", id="CPL-164-max-1-month"),
        pytest.param(TimeLimit.ORDINARY, [ext(Approver.VICE_PRESIDENT, 1)], "may not", id="CPL-152-not-vice-president"),
        pytest.param(TimeLimit.APPEAL_RULING, [ext(Approver.PRESIDENT, 0, 10)], "may not", id="CPL-183-ruling-no-extension"),
        pytest.param(TimeLimit.REGISTRATION, [ext(Approver.PRESIDENT, 0, 3)], "may not", id="CPL-126-no-extension"),
        pytest.param(TimeLimit.ORDINARY, [ext(Approver.PRESIDENT, 1, reason="  ")], "reason", id="reason-required"),
        pytest.param(TimeLimit.ORDINARY, [ext(Approver.PRESIDENT)], "positive", id="empty-extension"),
    ],
)  # fmt: skip
def test_refused_extensions(limit: TimeLimit, extensions: list[Extension], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        compute_deadline(date(2025, 3, 15), limit, extensions=extensions)


def susp(first: date, last: date) -> Suspension:
    return Suspension(first, last, SuspensionReason.APPRAISAL)


@pytest.mark.parametrize(
    ("suspensions", "expected"),
    [
        pytest.param([susp(date(2025, 4, 1), date(2025, 4, 30))], date(2025, 10, 15), id="CPL-Interp-243-30-day-appraisal"),
        pytest.param([susp(date(2025, 4, 1), date(2025, 4, 30)), susp(date(2025, 4, 20), date(2025, 5, 9))],
                     date(2025, 10, 24), id="CPL-Interp-243-overlap-counted-once"),
        pytest.param([susp(date(2025, 3, 1), date(2025, 3, 15))], date(2025, 9, 15), id="before-start-ignored"),
        pytest.param([susp(date(2025, 9, 16), date(2025, 9, 30))], date(2025, 9, 15), id="after-deadline-ignored"),
        pytest.param([susp(date(2025, 9, 10), date(2025, 9, 20))], date(2025, 9, 26), id="straddling-the-deadline"),
    ],
)  # fmt: skip
def test_suspended_days_push_the_deadline(suspensions: list[Suspension], expected: date) -> None:
    assert compute_deadline(date(2025, 3, 15), TimeLimit.ORDINARY, suspensions=suspensions) == expected


def test_a_suspension_that_ends_before_it_begins_is_refused() -> None:
    with pytest.raises(InvalidInput):
        compute_deadline(
            date(2025, 3, 15), TimeLimit.ORDINARY, suspensions=[susp(date(2025, 5, 2), date(2025, 5, 1))]
        )


def walk_days(start: date, days: int, suspended: set[date]) -> date:
    """Count the period one day at a time, skipping suspended days, then move off rest days."""
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        if day not in suspended:
            counted += 1
    while is_rest_day(day):
        day += timedelta(days=1)
    return day


day_limits = st.sampled_from([t for t in TimeLimit if t.rule.months == 0])
starts = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 10, 31))
spans = st.lists(st.tuples(st.integers(-10, 60), st.integers(0, 20)), max_size=4)


@given(starts, day_limits, spans)
def test_day_limits_agree_with_counting_day_by_day(
    start: date, limit: TimeLimit, raw: list[tuple[int, int]]
) -> None:
    suspensions = [susp(start + timedelta(days=a), start + timedelta(days=a + n)) for a, n in raw]
    suspended = {
        s.first_day + timedelta(days=k)
        for s in suspensions
        for k in range((s.last_day - s.first_day).days + 1)
    }
    expected = walk_days(start, limit.rule.days, suspended)
    assert compute_deadline(start, limit, suspensions=suspensions) == expected


@given(starts, st.sampled_from(list(TimeLimit)), spans)
def test_deadline_is_a_working_day_and_suspensions_never_shorten_it(
    start: date, limit: TimeLimit, raw: list[tuple[int, int]]
) -> None:
    suspensions = [susp(start + timedelta(days=a), start + timedelta(days=a + n)) for a, n in raw]
    plain = compute_deadline(start, limit)
    longer = compute_deadline(start, limit, suspensions=suspensions)
    assert plain > start
    # CrimPL Art 105: a limit for a defendant in custody is not extended past a holiday (roll_over False).
    assert not is_rest_day(longer) or not limit.rule.roll_over
    assert longer >= plain


@pytest.mark.parametrize(
    ("today", "status"),
    [
        pytest.param(date(2025, 9, 1), DeadlineStatus.OK, id="15-days-left-ok"),
        pytest.param(date(2025, 9, 8), DeadlineStatus.NEAR, id="7-days-left-near"),
        pytest.param(date(2025, 9, 15), DeadlineStatus.NEAR, id="last-day-near"),
        pytest.param(date(2025, 9, 16), DeadlineStatus.OVERDUE, id="day-after-overdue"),
    ],
)
def test_deadline_status(today: date, status: DeadlineStatus) -> None:
    assert deadline_status(date(2025, 9, 15), today, warn_days=7) == status


@pytest.mark.parametrize(
    ("amount", "year", "agreed", "eligible"),
    [
        pytest.param("54323", 2022, False, True, id="ZJ-2022-54323-mandatory-includes-figure-CC-1259"),
        pytest.param("54323.01", 2022, False, False, id="ZJ-2022-above-mandatory-without-agreement"),
        pytest.param("54323.01", 2022, True, True, id="ZJ-2022-above-mandatory-by-agreement"),
        pytest.param("217290", 2022, True, True, id="ZJ-2022-217290-agreed-includes-figure"),
        pytest.param("217290.01", 2022, True, False, id="ZJ-2022-above-agreed-cap"),
        pytest.param("15000", 2015, False, True, id="ZJ-2013-15000"),
        pytest.param("20000", 2015, True, False, id="ZJ-2013-no-agreement-route-before-2022"),
    ],
)
def test_zhejiang_small_claims(amount: str, year: int, agreed: bool, eligible: bool) -> None:
    assert small_claims_eligible(Decimal(amount), year, agreed) is eligible


def test_small_claims_threshold_by_date_and_missing_years() -> None:
    assert small_claims_threshold(date(2022, 1, 10)).mandatory_max == Decimal("15000")
    assert small_claims_threshold(date(2022, 1, 11)).mandatory_max == Decimal("54323")
    with pytest.raises(InvalidInput):
        small_claims_threshold(2012)
    # Later notices are not in the table: the 2022 figure is returned and says when it took effect.
    assert small_claims_threshold(2026).in_force_from == date(2022, 1, 11)


@pytest.mark.parametrize(
    ("province", "on", "amount", "eligible"),
    [
        pytest.param("jiangsu", date(2023, 6, 1), "51811", True, id="JS-2022-51811-includes-figure"),
        pytest.param("jiangsu", date(2024, 1, 5), "60000", False, id="JS-before-苏高法电2024-9"),
        pytest.param("jiangsu", date(2024, 1, 6), "60000", True, id="JS-苏高法电2024-9-60862"),
        pytest.param("shanghai", date(2022, 9, 1), "68378.50", True, id="SH-2022-68378.50"),
        pytest.param("shanghai", date(2022, 9, 1), "68378.51", False, id="SH-2022-above"),
        pytest.param("hunan", date(2024, 1, 1), "45707", True, id="HN-2023-45707"),
    ],
)
def test_small_claims_of_other_provinces(province: str, on: date, amount: str, eligible: bool) -> None:
    assert small_claims_eligible(Decimal(amount), on, False, province) is eligible
