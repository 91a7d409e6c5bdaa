"""Holiday schedules against the State Council notices (国务院办公厅节假日安排通知)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from court.cases.holiday_store import is_rest_day, next_working_day, schedule_confirmed
from court.cases.holidays import package_schedules


@pytest.mark.parametrize(
    ("first", "last", "days"),
    [
        pytest.param(date(2024, 2, 10), date(2024, 2, 17), 8, id="国办发明电2023-7-spring-festival-8-days"),
        pytest.param(date(2024, 10, 1), date(2024, 10, 7), 7, id="国办发明电2023-7-national-day-7-days"),
        pytest.param(date(2025, 1, 28), date(2025, 2, 4), 8, id="国办发明电2024-12-spring-festival-8-days"),
        pytest.param(
            date(2025, 10, 1), date(2025, 10, 8), 8, id="国办发明电2024-12-national-and-mid-autumn-8-days"
        ),
        pytest.param(date(2026, 1, 1), date(2026, 1, 3), 3, id="2026-notice-new-year-3-days"),
        pytest.param(date(2026, 2, 15), date(2026, 2, 23), 9, id="2026-notice-spring-festival-9-days"),
        pytest.param(date(2026, 5, 1), date(2026, 5, 5), 5, id="2026-notice-labour-day-5-days"),
    ],
)
def test_holiday_blocks_are_rest_days_as_long_as_the_notice_says(first: date, last: date, days: int) -> None:
    block = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    assert len(block) == days
    assert all(is_rest_day(day) for day in block)
    assert not is_rest_day(first - timedelta(days=1)) or (first - timedelta(days=1)).weekday() >= 5
    assert next_working_day(first) > last


@pytest.mark.parametrize(
    "day",
    [
        pytest.param(date(2024, 2, 4), id="国办发明电2023-7-sunday-2024-02-04-worked"),
        pytest.param(date(2024, 10, 12), id="国办发明电2023-7-saturday-2024-10-12-worked"),
        pytest.param(date(2025, 1, 26), id="国办发明电2024-12-sunday-2025-01-26-worked"),
        pytest.param(date(2025, 4, 27), id="国办发明电2024-12-sunday-2025-04-27-worked"),
        pytest.param(date(2026, 1, 4), id="2026-notice-sunday-2026-01-04-worked"),
        pytest.param(date(2026, 2, 28), id="2026-notice-saturday-2026-02-28-worked"),
    ],
)
def test_make_up_working_days_are_not_rest_days(day: date) -> None:
    assert day.weekday() >= 5
    assert not is_rest_day(day)


def test_every_make_up_day_is_a_weekend_and_no_day_is_both() -> None:
    for schedule in package_schedules().values():
        assert all(day.weekday() >= 5 for day in schedule.make_up_workdays)
        assert not set(schedule.days_off) & schedule.make_up_workdays
        assert all(day.year == schedule.year for day in set(schedule.days_off) | schedule.make_up_workdays)


def test_years_after_the_package_are_provisional_and_follow_the_rules() -> None:
    assert schedule_confirmed(2024) and schedule_confirmed(2025) and schedule_confirmed(2026)
    assert not schedule_confirmed(2027) and not schedule_confirmed(2030)
    # 2027: 除夕 is Friday 02-05 (放假办法 Art 2 as amended 2024: 除夕 to 初三); 初一 (Sat) and 初二 (Sun) fall on the weekend
    # and are made up on Tuesday 02-09 and Wednesday 02-10 (Art 6), so Thursday 02-11 is the first working day.
    assert all(is_rest_day(date(2027, 2, d)) for d in range(5, 11))
    assert next_working_day(date(2027, 2, 5)) == date(2027, 2, 11)
    assert is_rest_day(date(2030, 1, 5)) and not is_rest_day(date(2030, 1, 7))  # Saturday, Monday
