"""Control measures (控制措施): legal durations, renewal before expiry, lapse warnings, release."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum

import msgspec

from court.errors import Conflict, DeadlinePassed, InvalidInput
from court.i18n import msg
from court.statemachine import Machine


class MeasureKind(StrEnum):
    FREEZE_DEPOSIT = "freeze_deposit"  # 冻结银行存款
    SEIZE_MOVABLE = "seize_movable"  # 查封、扣押动产
    SEAL_REAL_ESTATE = "seal_real_estate"  # 查封不动产
    FREEZE_PROPERTY_RIGHT = "freeze_property_right"  # 冻结其他财产权 (equity, receivables, IP ...)


# CPL-Interp (2022) Art 485 (Art 487 in 2015): deposits ≤ 1 year, movables ≤ 2 years, real estate and other
# property rights ≤ 3 years; a renewal (续行) may again run up to the same period. The 2004 seizure rules'
# 6 months / 1 year / 2 years with half-length renewals are superseded.
MAX_TERM_YEARS: dict[MeasureKind, int] = {
    MeasureKind.FREEZE_DEPOSIT: 1,
    MeasureKind.SEIZE_MOVABLE: 2,
    MeasureKind.SEAL_REAL_ESTATE: 3,
    MeasureKind.FREEZE_PROPERTY_RIGHT: 3,
}


class MeasureStatus(StrEnum):
    ACTIVE = "active"
    RELEASED = "released"  # 解除
    LAPSED = "lapsed"  # expired without renewal (失效)


# What is stored of a measure's life: in force until released. Lapsing is read from the dates (`status`), and a
# renewal is a move from in force to in force with a later expiry (CPL-Interp Art 485).
CONTROL_MEASURE = Machine(
    name="control_measure",
    table="court.execution.tables:ControlMeasureRow",
    transitions={
        MeasureStatus.ACTIVE: frozenset({MeasureStatus.ACTIVE, MeasureStatus.RELEASED}),
        MeasureStatus.RELEASED: frozenset(),
    },
    initial=frozenset({MeasureStatus.ACTIVE}),
    state_sql="CASE WHEN released_on IS NULL THEN 'active' ELSE 'released' END",
)


class Renewal(msgspec.Struct, frozen=True):
    """One renewal (续封/续冻), done on `done_on`, running from `starts_on` to `expires_on`."""

    done_on: date
    starts_on: date
    expires_on: date


class ControlMeasure(msgspec.Struct, frozen=True):
    """Control measure (控制措施): freeze, seizure or sealing of a debtor's property.

    In force from `starts_on` through `expires_on`, both inclusive; renewals extend `expires_on`.
    """

    id: str
    kind: MeasureKind
    property_ref: str  # account number, title number, plate number ...
    starts_on: date
    expires_on: date
    renewals: tuple[Renewal, ...] = ()
    released_on: date | None = None
    amount: str = ""  # frozen sum for deposits, as a Decimal string; empty for things

    def status(self, today: date) -> MeasureStatus:
        if self.released_on is not None and self.released_on <= today:
            return MeasureStatus.RELEASED
        if today > self.expires_on:
            return MeasureStatus.LAPSED
        return MeasureStatus.ACTIVE


def term_end(starts_on: date, years: int) -> date:
    """Last day in force of a term of `years` starting on `starts_on`, the start day counted as the first day
    (freeze rulings write "自2025年3月1日起至2026年2月28日止"): the day before the same date `years` later.
    A term starting on 29 February ends on 28 February."""
    year = starts_on.year + years
    if starts_on.month == 2 and starts_on.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, starts_on.month, starts_on.day) - timedelta(days=1)


def impose(
    id: str, kind: MeasureKind, property_ref: str, starts_on: date, years: int | None = None, amount: str = ""
) -> ControlMeasure:
    """A new measure for `years` (default and maximum: the legal term of its kind)."""
    limit = MAX_TERM_YEARS[kind]
    term = limit if years is None else years
    if not 1 <= term <= limit:
        # CPL-Interp (2022) Art 485
        raise InvalidInput(
            msg(
                "a %(kind)s runs at most %(limit)s year(s) (CPL-Interp 2022 Art 485), asked %(term)s",
                kind=kind,
                limit=limit,
                term=term,
            )
        )
    return ControlMeasure(id, kind, property_ref, starts_on, term_end(starts_on, term), amount=amount)


def renew(measure: ControlMeasure, on: date, years: int | None = None) -> ControlMeasure:
    """Renew before expiry for up to the same legal period again (CPL-Interp 2022 Art 485 para 2).

    The renewal runs on from the day after the current expiry, so there is no gap. On the last day in force
    renewal is still possible; from the next day the measure has lapsed and a new measure is needed.
    """
    if measure.released_on is not None and measure.released_on <= on:
        raise Conflict(
            msg(
                "measure %(id)s was released on %(released_on)s",
                id=measure.id,
                released_on=measure.released_on,
            )
        )
    if on > measure.expires_on:
        raise DeadlinePassed(
            msg(
                "measure %(id)s lapsed after %(expires_on)s; renewal must be done before expiry (CPL-Interp 2022 Art 485)",
                id=measure.id,
                expires_on=measure.expires_on,
            ),
            expired_on=measure.expires_on.isoformat(),
        )
    if on < measure.starts_on:
        raise InvalidInput("a renewal cannot predate the measure")
    limit = MAX_TERM_YEARS[measure.kind]
    term = limit if years is None else years
    if not 1 <= term <= limit:
        raise InvalidInput(
            msg(
                "a renewal of a %(kind)s runs at most %(limit)s year(s), asked %(term)s",
                kind=measure.kind,
                limit=limit,
                term=term,
            )
        )
    starts_on = measure.expires_on + timedelta(days=1)
    renewal = Renewal(done_on=on, starts_on=starts_on, expires_on=term_end(starts_on, term))
    return msgspec.structs.replace(
        measure, expires_on=renewal.expires_on, renewals=(*measure.renewals, renewal)
    )


def release(measure: ControlMeasure, on: date) -> ControlMeasure:
    """Release (解除) a measure still in force, e.g. after full performance or a successful sale."""
    if measure.released_on is not None:
        if measure.released_on == on:
            return measure  # releasing twice is harmless
        raise Conflict(
            msg(
                "measure %(id)s already released on %(released_on)s",
                id=measure.id,
                released_on=measure.released_on,
            )
        )
    if on > measure.expires_on:
        raise Conflict(
            msg(
                "measure %(id)s lapsed after %(expires_on)s; nothing to release",
                id=measure.id,
                expires_on=measure.expires_on,
            )
        )
    return msgspec.structs.replace(measure, released_on=on)


class LapseWarning(msgspec.Struct, frozen=True):
    measure_id: str
    kind: MeasureKind
    expires_on: date
    days_left: int


def measures_needing_warning(
    measures: Iterable[ControlMeasure], today: date, warn_days: int = 30
) -> list[LapseWarning]:
    """Active measures that lapse within `warn_days` (today included), soonest first, for the warning job."""
    if warn_days < 0:
        raise InvalidInput("warn_days cannot be negative")
    warnings = [
        LapseWarning(m.id, m.kind, m.expires_on, (m.expires_on - today).days)
        for m in measures
        if m.status(today) is MeasureStatus.ACTIVE and (m.expires_on - today).days <= warn_days
    ]
    return sorted(warnings, key=lambda w: (w.expires_on, w.measure_id))
