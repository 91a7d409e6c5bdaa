"""Official holiday schedules loaded from data files (`court calendar load FILE`), kept in the data folder.

The folder is `<COURT_VAR_DIR>/calendar`, one `<year>.json` per year in the form `holidays.parse_schedule` reads.
Every process re-reads it when a file in it changes (a `stat` per lookup), so a schedule loaded by the command is
seen by running web processes and workers without a restart. A deployment with several hosts puts the folder on
shared storage or loads the file on each host.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path
from threading import Lock

from court.cases.holidays import HolidayCalendar, HolidaySchedule, parse_schedule, schedule_to_json
from court.errors import InvalidInput
from court.i18n import msg

_lock = Lock()
_folder: Path | None = None
_cache: tuple[tuple[tuple[str, int], ...], HolidayCalendar] | None = None


def calendar_folder() -> Path:
    """The data folder of loaded schedules (settings.var_dir/calendar unless `use_calendar_folder` set one)."""
    global _folder
    if _folder is None:
        from court.settings import load_settings

        _folder = Path(load_settings().var_dir) / "calendar"
    return _folder


def use_calendar_folder(folder: Path | str | None) -> None:
    """Point this process at another folder (tests, tools); None goes back to the settings' folder."""
    global _folder, _cache
    with _lock:
        _folder = Path(folder) if folder is not None else None
        _cache = None


def _snapshot(folder: Path) -> tuple[tuple[str, int], ...]:
    try:
        entries = sorted(folder.glob("*.json"))
    except OSError:
        return ()
    return tuple((p.name, p.stat().st_mtime_ns) for p in entries if p.is_file())


def read_loaded_schedules(folder: Path) -> dict[int, HolidaySchedule]:
    schedules: dict[int, HolidaySchedule] = {}
    for path in sorted(folder.glob("*.json")):
        schedule = parse_schedule(path.read_bytes())
        schedules[schedule.year] = schedule
    return schedules


def current_calendar(builtin: HolidayCalendar) -> HolidayCalendar:
    """`builtin` when nothing is loaded, else a calendar with the loaded schedules taking precedence."""
    global _cache
    folder = calendar_folder()
    snapshot = _snapshot(folder)
    if not snapshot:
        return builtin
    with _lock:
        if _cache is not None and _cache[0] == snapshot:
            return _cache[1]
        calendar = HolidayCalendar(loaded=read_loaded_schedules(folder))
        _cache = (snapshot, calendar)
        return calendar


def load_schedule_file(path: Path | str) -> HolidaySchedule:
    """Check the file and store it as the year's official schedule (replacing a previous one for that year)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidInput(
            msg("cannot read %(path)s: %(strerror)s", path=path, strerror=exc.strerror), field="file"
        ) from None
    schedule = parse_schedule(raw)
    folder = calendar_folder()
    folder.mkdir(parents=True, exist_ok=True)
    import json

    text = json.dumps(schedule_to_json(schedule), ensure_ascii=False, indent=1)
    # Written whole to a temporary file and renamed: a reader never sees half a schedule.
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".load-", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(tmp, folder / f"{schedule.year}.json")
    return schedule


_BUILTIN = HolidayCalendar()


def active_calendar() -> HolidayCalendar:
    """The calendar deadlines are counted on: the built-in one plus the schedules loaded into the data folder. Here
    rather than in court.cases.holidays, which this module builds on (the rules stay free of the data folder)."""
    return current_calendar(_BUILTIN)


def schedule_confirmed(year: int) -> bool:
    """Whether `year`'s rest days come from its State Council notice (False: computed, provisional)."""
    return active_calendar().schedule(year).confirmed


def is_rest_day(day: date) -> bool:
    """A weekend not worked under a notice, or a day off under a notice (法定休假日 in CPL Art 85's sense)."""
    return active_calendar().is_rest_day(day)


def next_working_day(day: date) -> date:
    """`day` itself if it is a working day, else the first working day after it (CPL Art 85)."""
    return active_calendar().next_working_day(day)
