"""The one deadline engine (期限): court time limits (审限) of every case type and the parties' periods, counted
under CPL Art 85 on the holiday calendar, each answer with its rule, article and whether it is provisional.

Pure functions over data tables; the article is beside each row. Abbreviations:
CPL = Civil Procedure Law (2023 amendment, in force 2024-01-01). The 2023 amendment inserted four articles on
  estate administrators (指定遗产管理人, Arts 194-197) into the special procedure, so every article from the old
  Art 194 on moved up by four: retrial review 2021 Art 211 -> 215, payment order 223 -> 227, application for
  enforcement 246 -> 250; the articles before it (85, 95, 126, 128, 152, 164, 168, 171, 183, 187) kept their numbers.
CPL-Interp = SPC Interpretation on the CPL (法释〔2022〕11号). ALL = Administrative Litigation Law (2017).
CrimPL = Criminal Procedure Law (2018). Registration rules = 法释〔2015〕8号 (登记立案若干问题的规定).
Enforcement rules = 法发〔2006〕35号 (关于人民法院办理执行案件若干期限的规定).
Evidence Rules = 法释〔2019〕19号 (关于民事诉讼证据的若干规定). Fee Measures = 诉讼费用交纳办法 (国务院令第481号).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

import msgspec

from court.cases.holiday_store import active_calendar
from court.cases.holidays import HolidayCalendar
from court.cases.party_periods import PARTY_PERIODS, PeriodKind
from court.cases.time_limits import (
    CASE_TIME_LIMITS,
    TIME_LIMIT_PROCEDURES,
    Approver,
    ExtensionRule,
    TimeLimit,
)
from court.errors import InvalidInput
from court.i18n import msg

__all__ = [
    "Deadline",
    "DeadlineStatus",
    "Extension",
    "Suspension",
    "SuspensionReason",
    "add_months",
    "assess_time_limit",
    "compute_deadline",
    "count_period",
    "deadline_for",
    "deadline_status",
    "deadline_to_json",
    "time_limit_for",
]


@dataclass(frozen=True, slots=True)
class Extension:
    """An approved extension (延长期限): who approved it, why, and by how much."""

    approver: Approver
    approved_by: str  # person key of the approver
    reason: str
    months: int = 0
    days: int = 0


class SuspensionReason(StrEnum):
    """Periods not counted in the trial limit (不计入审限), CPL-Interp Art 243."""

    PUBLIC_NOTICE = "public_notice"  # 公告期间
    APPRAISAL = "appraisal"  # 鉴定期间
    SETTLEMENT = "settlement"  # 双方当事人和解期间
    JURISDICTION_OBJECTION = "jurisdiction_objection"  # 审理管辖异议
    JURISDICTION_DISPUTE = "jurisdiction_dispute"  # 处理法院之间的管辖争议
    STAY = "stay"  # 中止诉讼 until resumed: not counted (法释〔2000〕29号 审限规定 Art 9)
    OTHER = "other"  # another period the law excludes; the note must say which


@dataclass(frozen=True, slots=True)
class Suspension:
    """A stretch of days, first and last inclusive, that the limit does not count."""

    first_day: date
    last_day: date
    reason: SuspensionReason
    note: str = ""


def add_months(start: date, months: int) -> date:
    """Civil Code Art 202: the corresponding day of the last month, or that month's last day if it has none."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _check_extensions(limit: TimeLimit, extensions: list[Extension]) -> None:
    rule = limit.rule
    used: dict[ExtensionRule, tuple[int, int]] = {}
    for ext in extensions:
        if not ext.reason.strip() or not ext.approved_by.strip():
            raise InvalidInput(
                msg("%(limit)s: an extension needs an approver and a reason", limit=limit), field="extensions"
            )
        if ext.months < 0 or ext.days < 0 or ext.months + ext.days == 0:
            raise InvalidInput(
                msg("%(limit)s: an extension must add a positive period", limit=limit), field="extensions"
            )
        allowed = next((r for r in rule.extensions if ext.approver in r.approvers), None)
        if allowed is None:
            raise InvalidInput(
                msg(
                    "%(limit)s: %(approver)s may not extend this limit (%(article)s)",
                    limit=limit,
                    approver=ext.approver,
                    article=rule.article,
                ),
                field="extensions",
            )
        months, days = used.get(allowed, (0, 0))
        months, days = months + ext.months, days + ext.days
        if (allowed.max_months is not None and months > allowed.max_months) or (
            allowed.max_days is not None and days > allowed.max_days
        ):
            raise InvalidInput(
                msg(
                    "%(limit)s: extensions exceed what %(article)s allows",
                    limit=limit,
                    article=allowed.article,
                ),
                field="extensions",
            )
        if allowed.max_days is None and allowed.max_months is not None and days:
            raise InvalidInput(
                msg("%(limit)s: %(article)s extends by months", limit=limit, article=allowed.article),
                field="extensions",
            )
        used[allowed] = (months, days)


def _suspended_days(start: date, until: date, suspensions: list[Suspension]) -> int:
    days: set[date] = set()
    for s in suspensions:
        first, last = max(s.first_day, start + timedelta(days=1)), min(s.last_day, until)
        days.update(first + timedelta(days=n) for n in range((last - first).days + 1))
    return len(days)


class Deadline(msgspec.Struct, frozen=True, kw_only=True):
    """One answer of the engine: the last day, the rule and article it rests on, and whether it is provisional.

    `provisional`: a day between the period's nominal end and the deadline (both included) lies in a year whose
    holiday notice is not known, so the State Council's schedule may still move it. `bound` says how to read a
    period the court sets itself: `at_least` (the earliest last day it may set), `at_most` (the latest).
    """

    kind: str
    start: date
    deadline: date
    rule: str
    article: str
    provisional: bool
    nominal_end: date  # before CPL Art 85's roll-over past rest days
    bound: str = "deadline"
    procedure: str | None = None
    note: str | None = None


def count_period(
    start: date, months: int, days: int, *, calendar_: HolidayCalendar | None = None, roll_over: bool = True
) -> tuple[date, date, bool]:
    """(nominal end, deadline, provisional) of a period of `months` and `days` from the event on `start`.

    CPL Art 85 (and Civil Code Arts 201-203): the start day is not counted; months end on the corresponding day;
    a period whose last day is a statutory holiday or rest day ends on the next working day.
    """
    cal = calendar_ or active_calendar()
    nominal = add_months(start, months) + timedelta(days=days)
    deadline = cal.next_working_day(nominal) if roll_over else nominal
    spanned = (nominal + timedelta(days=n) for n in range((deadline - nominal).days + 1))
    return nominal, deadline, cal.any_provisional(spanned)


def _validate(limit: TimeLimit, extensions: list[Extension], suspensions: list[Suspension]) -> None:
    _check_extensions(limit, extensions)
    for s in suspensions:
        if s.last_day < s.first_day:
            raise InvalidInput(
                msg("suspension %(reason)s: it ends before it begins", reason=s.reason), field="suspensions"
            )


def assess_time_limit(
    start: date,
    limit: TimeLimit | str,
    *,
    extensions: list[Extension] | None = None,
    suspensions: list[Suspension] | None = None,
    roll_over_rest_days: bool = True,
    calendar_: HolidayCalendar | None = None,
) -> Deadline:
    """The last day of `limit` counted from the event on `start` (registration, receipt of the application).

    CPL Art 85 counting (see `count_period`). Extensions are added after the limit; suspended days (CPL-Interp
    Art 243) push the deadline back day for day, counting only days before the deadline reached.
    """
    limit = TimeLimit(limit)
    extensions = extensions or []
    suspensions = suspensions or []
    _validate(limit, extensions, suspensions)
    rule = limit.rule
    months = rule.months + sum(e.months for e in extensions)
    days = rule.days + sum(e.days for e in extensions)
    base = add_months(start, months) + timedelta(days=days)
    nominal = base
    while True:  # each pass can only move the deadline later, and suspensions are finite
        moved = base + timedelta(days=_suspended_days(start, nominal, suspensions))
        if moved == nominal:
            break
        nominal = moved
    # The suspensions are already inside `nominal`: count it as a plain day period from `start`.
    _, deadline, provisional = count_period(
        start,
        0,
        (nominal - start).days,
        calendar_=calendar_,
        roll_over=roll_over_rest_days and rule.roll_over,
    )
    return Deadline(
        kind="time_limit",
        start=start,
        deadline=deadline,
        rule=rule.rule,
        article=rule.article,
        provisional=provisional,
        nominal_end=nominal,
        procedure=limit.value,
        note=rule.note,
    )


def compute_deadline(
    start: date,
    limit: TimeLimit | str,
    *,
    extensions: list[Extension] | None = None,
    suspensions: list[Suspension] | None = None,
    roll_over_rest_days: bool = True,
) -> date:
    """The last day of `limit` from `start` (see `assess_time_limit`, which also says rule, article, provisional)."""
    return assess_time_limit(
        start, limit, extensions=extensions, suspensions=suspensions, roll_over_rest_days=roll_over_rest_days
    ).deadline


def deadline_for(
    kind: PeriodKind | str,
    start: date,
    procedure: str | None = None,
    *,
    calendar_: HolidayCalendar | None = None,
) -> Deadline:
    """The deadline of a time limit (`kind` time_limit with `procedure`) or a party period from `start`."""
    try:
        kind = PeriodKind(kind)
    except ValueError:
        raise InvalidInput(
            msg(
                "unknown kind %(kind)s; one of %(value)s",
                kind=repr(kind),
                value=", ".join(k.value for k in PeriodKind),
            ),
            field="kind",
        ) from None
    if kind is PeriodKind.TIME_LIMIT:
        limit = TIME_LIMIT_PROCEDURES.get(procedure or "")
        if limit is None:
            raise InvalidInput(
                msg(
                    "time_limit needs --procedure, one of %(TIME_LIMIT_PROCEDURES)s",
                    TIME_LIMIT_PROCEDURES=", ".join(TIME_LIMIT_PROCEDURES),
                ),
                field="procedure",
            )
        return msgspec.structs.replace(
            assess_time_limit(start, limit, calendar_=calendar_), procedure=procedure
        )
    row = PARTY_PERIODS.get((kind, procedure)) or PARTY_PERIODS.get((kind, None))
    if row is None:
        choices = sorted(p for k, p in PARTY_PERIODS if k is kind and p)
        raise InvalidInput(
            msg(
                "%(value)s needs --procedure, one of %(choices)s",
                value=kind.value,
                choices=", ".join(choices),
            ),
            field="procedure",
        )
    nominal, deadline, provisional = count_period(start, row.months, row.days, calendar_=calendar_)
    return Deadline(
        kind=kind.value,
        start=start,
        deadline=deadline,
        rule=row.rule,
        article=row.article,
        provisional=provisional,
        nominal_end=nominal,
        bound=row.bound,
        procedure=procedure,
        note=row.note,
    )


def deadline_to_json(d: Deadline) -> dict[str, object]:
    return msgspec.to_builtins(d)


class DeadlineStatus(StrEnum):
    OK = "ok"
    NEAR = "near"
    OVERDUE = "overdue"


def deadline_status(deadline: date, today: date, warn_days: int = 7) -> DeadlineStatus:
    """`overdue` after the last day, `near` within `warn_days` of it (the last day included), else `ok`."""
    if warn_days < 0:
        raise InvalidInput("warn_days may not be negative", field="warn_days")
    if today > deadline:
        return DeadlineStatus.OVERDUE
    if (deadline - today).days <= warn_days:
        return DeadlineStatus.NEAR
    return DeadlineStatus.OK


def time_limit_for(case_type: str, procedure: str) -> TimeLimit | None:
    """The trial or enforcement limit that starts at registration, or None when the table has none."""
    return CASE_TIME_LIMITS.get((case_type, procedure)) or CASE_TIME_LIMITS.get((case_type, None))
