"""PRC public holidays and make-up working days (节假日与调休), for periods that end on a rest day.

CPL Art 85: a period whose last day is a statutory rest day (法定休假日) ends on the first day after it. Courts read
"rest day" to include weekends as well as holidays; a weekend day that a State Council notice turns into a working
day (调休上班) is a working day, and a weekday it gives off is a rest day. Each year's schedule comes from the State
Council General Office's notice (国务院办公厅关于 YYYY 年部分节假日安排的通知).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


def _days(first: date, last: date) -> frozenset[date]:
    return frozenset(first + timedelta(days=n) for n in range((last - first).days + 1))


@dataclass(frozen=True, slots=True)
class HolidaySchedule:
    """One year's holiday schedule (节假日安排): days off and weekend days worked instead."""

    year: int
    source: str
    days_off: frozenset[date]
    make_up_workdays: frozenset[date]
    # False: the year's notice was not available; only the statutory holidays are listed, without the
    # weekday substitutions and make-up working days the notice will add.
    confirmed: bool = True


def _schedule(
    year: int, source: str, off: list[tuple[date, date]], work: list[date], *, confirmed: bool = True
) -> HolidaySchedule:
    days_off: frozenset[date] = frozenset().union(*(_days(a, b) for a, b in off))
    return HolidaySchedule(year, source, days_off, frozenset(work), confirmed)


def _d(year: int, month: int, day: int) -> date:
    return date(year, month, day)


SCHEDULES: dict[int, HolidaySchedule] = {
    s.year: s
    for s in (
        _schedule(
            2024,
            "国务院办公厅关于2024年部分节假日安排的通知 (国办发明电〔2023〕7号, 2023-10-25)",
            [
                (_d(2024, 1, 1), _d(2024, 1, 1)),  # 元旦
                (_d(2024, 2, 10), _d(2024, 2, 17)),  # 春节
                (_d(2024, 4, 4), _d(2024, 4, 6)),  # 清明节
                (_d(2024, 5, 1), _d(2024, 5, 5)),  # 劳动节
                (_d(2024, 6, 10), _d(2024, 6, 10)),  # 端午节
                (_d(2024, 9, 15), _d(2024, 9, 17)),  # 中秋节
                (_d(2024, 10, 1), _d(2024, 10, 7)),  # 国庆节
            ],
            [
                _d(2024, 2, 4),
                _d(2024, 2, 18),
                _d(2024, 4, 7),
                _d(2024, 4, 28),
                _d(2024, 5, 11),
                _d(2024, 9, 14),
                _d(2024, 9, 29),
                _d(2024, 10, 12),
            ],  # fmt: skip
        ),
        _schedule(
            2025,
            "国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 2024-11-12)",
            [
                (_d(2025, 1, 1), _d(2025, 1, 1)),
                (_d(2025, 1, 28), _d(2025, 2, 4)),
                (_d(2025, 4, 4), _d(2025, 4, 6)),
                (_d(2025, 5, 1), _d(2025, 5, 5)),
                (_d(2025, 5, 31), _d(2025, 6, 2)),
                (_d(2025, 10, 1), _d(2025, 10, 8)),  # 国庆节 and 中秋节 together
            ],
            [_d(2025, 1, 26), _d(2025, 2, 8), _d(2025, 4, 27), _d(2025, 9, 28), _d(2025, 10, 11)],
        ),
        _schedule(
            2026,
            "国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)",
            [
                (_d(2026, 1, 1), _d(2026, 1, 3)),
                (_d(2026, 2, 15), _d(2026, 2, 23)),
                (_d(2026, 4, 4), _d(2026, 4, 6)),
                (_d(2026, 5, 1), _d(2026, 5, 5)),
                (_d(2026, 6, 19), _d(2026, 6, 21)),
                (_d(2026, 9, 25), _d(2026, 9, 27)),
                (_d(2026, 10, 1), _d(2026, 10, 7)),
            ],
            [
                _d(2026, 1, 4),
                _d(2026, 2, 14),
                _d(2026, 2, 28),
                _d(2026, 5, 9),
                _d(2026, 9, 20),
                _d(2026, 10, 10),
            ],
        ),
        # The 2027 notice was not available when this table was written. Listed: the statutory days of the
        # 全国年节及纪念日放假办法 (2024 revision, Art 2) on their 2027 dates; lunar dates from the lunar calendar
        # (除夕 2027-02-05, 清明 04-05, 端午 06-09, 中秋 09-15). Replace with the notice once published.
        _schedule(
            2027,
            "全国年节及纪念日放假办法 (2024 revision) Art 2 statutory days only; 2027 notice not yet transcribed",
            [
                (_d(2027, 1, 1), _d(2027, 1, 1)),
                (_d(2027, 2, 5), _d(2027, 2, 8)),
                (_d(2027, 4, 5), _d(2027, 4, 5)),
                (_d(2027, 5, 1), _d(2027, 5, 2)),
                (_d(2027, 6, 9), _d(2027, 6, 9)),
                (_d(2027, 9, 15), _d(2027, 9, 15)),
                (_d(2027, 10, 1), _d(2027, 10, 3)),
            ],
            [],
            confirmed=False,
        ),
    )
}


def schedule_confirmed(year: int) -> bool:
    """Whether `year`'s rest days come from its State Council notice (False: approximate or missing)."""
    schedule = SCHEDULES.get(year)
    return schedule is not None and schedule.confirmed


def is_rest_day(day: date) -> bool:
    """A weekend not worked under a notice, or a day off under a notice (法定休假日 in CPL Art 85's sense)."""
    schedule = SCHEDULES.get(day.year)
    if schedule is not None:
        if day in schedule.make_up_workdays:
            return False
        if day in schedule.days_off:
            return True
    return day.weekday() >= 5


def next_working_day(day: date) -> date:
    """`day` itself if it is a working day, else the first working day after it (CPL Art 85)."""
    while is_rest_day(day):
        day += timedelta(days=1)
    return day
