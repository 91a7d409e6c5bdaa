"""Holidays beyond the package's years: the rules of 全国年节及纪念日放假办法 on the lunar calendar (provisional),
and official schedules loaded from a data file (`court calendar load`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from court.cases.holiday_store import active_calendar, load_schedule_file, use_calendar_folder
from court.cases.holidays import (
    HolidayCalendar,
    package_schedules,
    parse_schedule,
    provisional_schedule,
    statutory_days,
)
from court.errors import InvalidInput


@pytest.fixture
def calendar_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "calendar"
    use_calendar_folder(folder)
    yield folder
    use_calendar_folder(None)


def test_the_package_knows_the_notices_up_to_2026() -> None:
    years = set(package_schedules())
    assert {2004, 2020, 2024, 2025, 2026} <= years
    cal = HolidayCalendar()
    assert cal.status(date(2026, 2, 17)).holiday == "春节" and not cal.status(date(2026, 2, 17)).provisional


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        # 除夕 (the eve), 清明 (solar term), 端午 (5/5), 中秋 (8/15) from the lunar calendar.
        pytest.param(2027, {"eve": date(2027, 2, 5), "qingming": date(2027, 4, 5), "duanwu": date(2027, 6, 9),
                            "zhongqiu": date(2027, 9, 15)}, id="lunar-2027"),
        pytest.param(2028, {"eve": date(2028, 1, 25), "qingming": date(2028, 4, 4), "duanwu": date(2028, 5, 28),
                            "zhongqiu": date(2028, 10, 3)}, id="lunar-2028-mid-autumn-on-national-day"),
        pytest.param(2030, {"eve": date(2030, 2, 2), "qingming": date(2030, 4, 5), "duanwu": date(2030, 6, 5),
                            "zhongqiu": date(2030, 9, 12)}, id="lunar-2030"),
    ],
)  # fmt: skip
def test_statutory_days_follow_the_2024_rules(year: int, expected: dict[str, date]) -> None:
    days = statutory_days(year)
    assert (
        len(days) == 13
    )  # 元旦1 + 春节4 + 清明1 + 劳动节2 + 端午1 + 中秋1 + 国庆3 = 13 (Art 2, 2024 amendment)
    by_name: dict[str, list[date]] = {}
    for day, name in days:
        by_name.setdefault(name, []).append(day)
    assert by_name["春节"][0] == expected["eve"] and len(by_name["春节"]) == 4
    assert by_name["清明节"] == [expected["qingming"]]
    assert by_name["端午节"] == [expected["duanwu"]]
    assert by_name["中秋节"] == [expected["zhongqiu"]]
    assert by_name["劳动节"] == [date(year, 5, 1), date(year, 5, 2)]
    assert by_name["国庆节"] == [date(year, 10, d) for d in (1, 2, 3)]


def test_2028_national_day_with_mid_autumn_is_made_up_to_a_six_day_break() -> None:
    # 2028-10-01 is a Sunday and 10-03 is both 国庆 and 中秋: two days in lieu (Art 6), 10-04 and 10-05.
    schedule = provisional_schedule(2028)
    assert schedule.provisional
    cal = HolidayCalendar()
    assert [cal.is_rest_day(date(2028, 10, d)) for d in range(1, 7)] == [True] * 5 + [False]
    assert cal.status(date(2028, 10, 3)).holiday in {"国庆节", "中秋节"}
    assert cal.status(date(2028, 10, 4)).provisional


def test_the_provisional_rule_reproduces_the_statutory_days_of_a_known_year() -> None:
    # 2026 under the same (2024) rules: every provisional day off is a day off in the 2026 notice.
    computed, notice = provisional_schedule(2026), package_schedules()[2026]
    extra = {d for d in computed.days_off if d.weekday() < 5} - set(notice.days_off)
    assert extra == set()


def _write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


OFFICIAL_2028 = {
    "year": 2028,
    "source": "a 2028 notice transcribed for the test",
    "days_off": [{"holiday": "国庆节", "first": "2028-10-01", "last": "2028-10-08"}],
    "make_up_workdays": ["2028-09-30", "2028-10-14"],
}


def test_a_loaded_schedule_replaces_the_provisional_year(calendar_folder: Path, tmp_path: Path) -> None:
    assert active_calendar().status(date(2028, 10, 6)).provisional
    schedule = load_schedule_file(_write(tmp_path / "2028.json", OFFICIAL_2028))
    assert schedule.year == 2028 and (calendar_folder / "2028.json").exists()
    status = active_calendar().status(date(2028, 10, 6))
    assert status.rest_day and status.holiday == "国庆节" and not status.provisional
    worked = active_calendar().status(date(2028, 9, 30))
    assert worked.working_weekend and not worked.rest_day
    # Only the days the notice lists are off: 2028-04-04 (清明 under the rules) is a working Tuesday now.
    assert not active_calendar().is_rest_day(date(2028, 4, 4))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param({**OFFICIAL_2028, "year": 1999}, "year", id="year-before-2004"),
        pytest.param({**OFFICIAL_2028, "source": ""}, "source", id="no-source"),
        pytest.param({**OFFICIAL_2028, "make_up_workdays": ["2028-10-09"]}, "weekday", id="weekday-worked"),
        pytest.param({**OFFICIAL_2028, "make_up_workdays": ["2028-10-07"]}, "both", id="off-and-worked"),
        pytest.param({**OFFICIAL_2028, "days_off": [{"holiday": "圣诞节", "first": "2028-12-25"}]}, "unknown holiday",
                     id="not-a-statutory-holiday"),
        pytest.param({**OFFICIAL_2028, "days_off": [{"holiday": "元旦", "first": "2029-01-01"}]}, "not in 2028",
                     id="day-of-another-year"),
    ],
)  # fmt: skip
def test_a_bad_schedule_file_is_refused(data: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_schedule(json.dumps(data))


def test_a_refused_file_changes_nothing(calendar_folder: Path, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput):
        load_schedule_file(
            _write(tmp_path / "bad.json", {**OFFICIAL_2028, "make_up_workdays": ["2028-10-09"]})
        )
    assert not calendar_folder.exists() or not list(calendar_folder.glob("*.json"))
    assert active_calendar().status(date(2028, 10, 6)).provisional
