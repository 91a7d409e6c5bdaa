"""PRC public holidays and make-up working days (节假日与调休), for periods that end on a rest day.

CPL Art 85: a period whose last day is a statutory rest day (法定休假日) ends on the first day after it. Courts read
"rest day" to include weekends as well as holidays; a weekend day that a State Council notice turns into a working
day (调休上班) is a working day, and a weekday it gives off is a rest day.

Where each year's schedule comes from, in order of precedence:
1. an official schedule loaded from a data file (`court calendar load FILE`, see `parse_schedule`);
2. the State Council General Office's yearly notice (国务院办公厅关于 YYYY 年部分节假日安排的通知) as transcribed by
   the maintained `chinese-calendar` package (2004 up to the last year its release knows);
3. for later years, a **provisional** schedule computed from the holiday rules (`provisional_schedule`): the
   statutory days of 全国年节及纪念日放假办法 (as amended by 国务院令第795号, in force 2025-01-01) on their solar or
   lunar dates, with a weekday in lieu (补假) for a statutory day that falls on a weekend. The notice will add
   bridge days and make-up working weekends that no rule predicts, so every day of such a year is provisional.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib.metadata import version
from typing import Any

from court.errors import InvalidInput
from court.i18n import msg

NEW_YEAR = "元旦"
SPRING_FESTIVAL = "春节"
QINGMING = "清明节"
LABOUR_DAY = "劳动节"
DRAGON_BOAT = "端午节"
MID_AUTUMN = "中秋节"
NATIONAL_DAY = "国庆节"
VICTORY_70TH = "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"  # 2015-09-03, 国发〔2015〕16号

HOLIDAY_NAMES = frozenset(
    {NEW_YEAR, SPRING_FESTIVAL, QINGMING, LABOUR_DAY, DRAGON_BOAT, MID_AUTUMN, NATIONAL_DAY, VICTORY_70TH}
)

# chinese-calendar names its holidays in English; the court shows the statutory Chinese name.
_PACKAGE_NAMES = {
    "New Year's Day": NEW_YEAR,
    "Spring Festival": SPRING_FESTIVAL,
    "Tomb-sweeping Day": QINGMING,
    "Labour Day": LABOUR_DAY,
    "Dragon Boat Festival": DRAGON_BOAT,
    "Mid-autumn Festival": MID_AUTUMN,
    "National Day": NATIONAL_DAY,
    "Anti-Fascist 70th Day": VICTORY_70TH,
}

# Before 2004 no transcribed notice exists, and the holiday rules of the time differed (three "golden weeks"
# until 2008): a deadline that old cannot be computed honestly.
FIRST_YEAR = 2004


@dataclass(frozen=True, slots=True)
class HolidaySchedule:
    """One year's holiday schedule (节假日安排): days off (with their holiday) and weekend days worked instead."""

    year: int
    source: str
    days_off: Mapping[date, str]  # day -> the holiday it belongs to (元旦, 春节, ...)
    make_up_workdays: frozenset[date]
    # True: computed from the rules, not taken from the year's notice (see the module docstring).
    provisional: bool = False

    @property
    def confirmed(self) -> bool:
        return not self.provisional


@dataclass(frozen=True, slots=True)
class DayStatus:
    """What a calendar day is for counting periods: `rest_day` decides CPL Art 85's roll-over."""

    day: date
    rest_day: bool
    holiday: str | None  # the Chinese name of the holiday the day belongs to, None for a plain day
    working_weekend: bool  # a Saturday or Sunday worked under the notice (调休上班)
    provisional: bool  # the year's notice is not known: computed from the rules
    source: str


def _lunar_to_solar(year: int, month: int, day: int) -> date:
    from lunar_python import Lunar

    solar = Lunar.fromYmd(year, month, day).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def _qingming(year: int) -> date:
    """The day of the Qingming solar term (清明, sun at 15° ecliptic longitude), China Standard Time."""
    from lunar_python import Lunar

    solar = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def statutory_days(year: int) -> list[tuple[date, str]]:
    """The statutory holidays of `year` under 全国年节及纪念日放假办法 Art 2 (2024 amendment, 国务院令第795号): 11 days."""
    new_year_of_next_lunar = _lunar_to_solar(year, 1, 1)
    eve = new_year_of_next_lunar - timedelta(days=1)  # 除夕: the last day of the 12th month (29th or 30th)
    days = [
        (date(year, 1, 1), NEW_YEAR),  # 新年, 1 day: 1 January
        *((eve + timedelta(days=n), SPRING_FESTIVAL) for n in range(4)),  # 春节, 4 days: 除夕 to 初三
        (_qingming(year), QINGMING),  # 清明节, 1 day: the day of the solar term
        (date(year, 5, 1), LABOUR_DAY),  # 劳动节, 2 days: 1-2 May
        (date(year, 5, 2), LABOUR_DAY),
        (_lunar_to_solar(year, 5, 5), DRAGON_BOAT),  # 端午节, 1 day: 5th of the 5th lunar month
        (_lunar_to_solar(year, 8, 15), MID_AUTUMN),  # 中秋节, 1 day: 15th of the 8th lunar month
        *((date(year, 10, 1 + n), NATIONAL_DAY) for n in range(3)),  # 国庆节, 3 days: 1-3 October
    ]
    return sorted(days)


def provisional_schedule(year: int) -> HolidaySchedule:
    """`year`'s rest days computed from the rules, for a year whose notice is not known.

    放假办法 Art 6: a statutory day that falls on a Saturday or Sunday is made up on a working day (补假); the
    notices give it on the next weekday, and do the same where two holidays share a day (中秋 on 1-3 October, as
    in 2020, 2025 and 2028). Make-up working weekends (调休) are set by each notice and are not predicted.
    """
    statutory = statutory_days(year)
    statutory_set = {day for day, _ in statutory}
    off: dict[date, str] = {}
    for day, name in statutory:
        if day.weekday() < 5 and day not in off:
            off[day] = name
            continue
        lieu = day + timedelta(days=1)
        while lieu.weekday() >= 5 or lieu in off or lieu in statutory_set:
            lieu += timedelta(days=1)
        off[lieu] = name
    # A weekend inside or beside a holiday block is a rest day anyway; naming it after the holiday lets
    # `court calendar` say that 2028-09-30 .. 10-06 is one National Day break.
    for day in sorted(off):
        for step in (-1, 1):
            side = day + timedelta(days=step)
            while side.weekday() >= 5 and side not in off and side.year == year:
                off[side] = off[day]
                side += timedelta(days=step)
    return HolidaySchedule(
        year,
        f"computed from 全国年节及纪念日放假办法 Arts 2 and 6 (国务院令第795号); the {year} notice is not known",
        dict(sorted(off.items())),
        frozenset(),
        provisional=True,
    )


@lru_cache(maxsize=1)
def package_schedules() -> dict[int, HolidaySchedule]:
    """The schedules the installed chinese-calendar release transcribes from the State Council notices."""
    from chinese_calendar import constants

    release = version("chinese-calendar")
    off: dict[int, dict[date, str]] = {}
    work: dict[int, set[date]] = {}
    for day, name in constants.holidays.items():
        off.setdefault(day.year, {})[day] = _PACKAGE_NAMES.get(str(name), str(name))
    for day in constants.workdays:
        work.setdefault(day.year, set()).add(day)
    return {
        year: HolidaySchedule(
            year,
            f"国务院办公厅关于{year}年部分节假日安排的通知 (via chinese-calendar {release})",
            dict(sorted(days.items())),
            frozenset(work.get(year, ())),
        )
        for year, days in off.items()
    }


def _date(value: Any, what: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(
            msg("%(what)s: %(value)s is not a date YYYY-MM-DD", what=what, value=repr(value)),
            field="schedule",
        ) from None


def parse_schedule(raw: bytes | str) -> HolidaySchedule:
    """Read an official year schedule (the notice transcribed as JSON) and check it.

    {"year": 2027, "source": "国务院办公厅关于2027年部分节假日安排的通知 (国办发明电〔…〕…号)",
     "days_off": [{"holiday": "春节", "first": "2027-02-05", "last": "2027-02-12"}, ...],
     "make_up_workdays": ["2027-02-14", ...]}
    """
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput(msg("the schedule is not JSON: %(exc)s", exc=exc), field="schedule") from None
    if not isinstance(data, dict):
        raise InvalidInput("the schedule must be a JSON object", field="schedule")
    year, source = data.get("year"), data.get("source")
    if not isinstance(year, int) or not FIRST_YEAR <= year <= 2200:
        raise InvalidInput(
            msg(
                "year must be a whole number from %(FIRST_YEAR)s, got %(year)s",
                FIRST_YEAR=FIRST_YEAR,
                year=repr(year),
            ),
            field="schedule",
        )
    if not isinstance(source, str) or not source.strip():
        raise InvalidInput("source must name the notice the schedule transcribes", field="schedule")
    blocks, workdays = data.get("days_off"), data.get("make_up_workdays", [])
    if not isinstance(blocks, list) or not blocks or not isinstance(workdays, list):
        raise InvalidInput("days_off must be a non-empty list and make_up_workdays a list", field="schedule")
    off: dict[date, str] = {}
    for block in blocks:
        if not isinstance(block, dict):
            raise InvalidInput("each entry of days_off is an object", field="schedule")
        name = block.get("holiday")
        if name not in HOLIDAY_NAMES:
            raise InvalidInput(
                msg(
                    "unknown holiday %(name)s; one of %(HOLIDAY_NAMES)s",
                    name=repr(name),
                    HOLIDAY_NAMES=sorted(HOLIDAY_NAMES),
                ),
                field="schedule",
            )
        first = _date(block.get("first"), str(name))
        last = _date(block.get("last", block.get("first")), str(name))
        if last < first or (last - first).days > 14:
            raise InvalidInput(
                msg(
                    "%(name)s: %(first)s .. %(last)s is not a holiday block",
                    name=name,
                    first=first,
                    last=last,
                ),
                field="schedule",
            )
        for n in range((last - first).days + 1):
            day = first + timedelta(days=n)
            if day in off:
                raise InvalidInput(msg("%(day)s is listed twice", day=day), field="schedule")
            off[day] = str(name)
    work = frozenset(_date(d, "make_up_workdays") for d in workdays)
    for day in (*off, *work):
        if day.year != year:
            raise InvalidInput(msg("%(day)s is not in %(year)s", day=day, year=year), field="schedule")
    for day in work:
        if day.weekday() < 5:
            raise InvalidInput(
                msg("%(day)s is a weekday: only a weekend day can be a make-up working day", day=day),
                field="schedule",
            )
        if day in off:
            raise InvalidInput(
                msg("%(day)s cannot be both a day off and a working day", day=day), field="schedule"
            )
    return HolidaySchedule(year, source.strip(), dict(sorted(off.items())), work)


def schedule_to_json(schedule: HolidaySchedule) -> dict[str, Any]:
    """The data-file form of a schedule (one block per run of consecutive days of the same holiday)."""
    blocks: list[dict[str, str]] = []
    for day, name in sorted(schedule.days_off.items()):
        if (
            blocks
            and blocks[-1]["holiday"] == name
            and date.fromisoformat(blocks[-1]["last"]) + timedelta(1) == day
        ):
            blocks[-1]["last"] = day.isoformat()
        else:
            blocks.append({"holiday": name, "first": day.isoformat(), "last": day.isoformat()})
    return {
        "year": schedule.year,
        "source": schedule.source,
        "days_off": blocks,
        "make_up_workdays": sorted(d.isoformat() for d in schedule.make_up_workdays),
    }


@dataclass(slots=True)
class HolidayCalendar:
    """Rest days of every year from 2004: loaded schedules first, then the package's, then provisional ones."""

    loaded: Mapping[int, HolidaySchedule] = field(default_factory=dict)
    _computed: dict[int, HolidaySchedule] = field(default_factory=dict)

    def schedule(self, year: int) -> HolidaySchedule:
        if year < FIRST_YEAR:
            raise InvalidInput(
                msg("no holiday schedule before %(FIRST_YEAR)s: %(year)s", FIRST_YEAR=FIRST_YEAR, year=year),
                field="date",
            )
        if year in self.loaded:
            return self.loaded[year]
        known = package_schedules()
        if year in known:
            return known[year]
        if year not in self._computed:
            self._computed[year] = provisional_schedule(year)
        return self._computed[year]

    def status(self, day: date) -> DayStatus:
        schedule = self.schedule(day.year)
        holiday = schedule.days_off.get(day)
        weekend = day.weekday() >= 5
        worked = day in schedule.make_up_workdays
        rest = holiday is not None or (weekend and not worked)
        return DayStatus(day, rest, holiday, weekend and worked, schedule.provisional, schedule.source)

    def is_rest_day(self, day: date) -> bool:
        return self.status(day).rest_day

    def is_provisional(self, day: date) -> bool:
        return self.schedule(day.year).provisional

    def next_working_day(self, day: date) -> date:
        """`day` itself if it is a working day, else the first working day after it (CPL Art 85)."""
        while self.is_rest_day(day):
            day += timedelta(days=1)
        return day

    def any_provisional(self, days: Iterable[date]) -> bool:
        return any(self.is_provisional(d) for d in days)
