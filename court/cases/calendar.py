"""Hearing calendar (庭审排期): a new hearing may not double-book a courtroom, a judge or a party's agent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from court.errors import InvalidInput
from court.i18n import msg


class RoomKind(StrEnum):
    PHYSICAL = "physical"  # 实体法庭
    ONLINE = "online"  # 在线庭审 virtual room (互联网法庭)


class ConflictKind(StrEnum):
    ROOM = "room"
    JUDGE = "judge"
    AGENT = "agent"


@dataclass(frozen=True, slots=True)
class Courtroom:
    """A courtroom (法庭): a physical room, or a virtual room for online hearings; the two never clash."""

    room_id: str
    kind: RoomKind = RoomKind.PHYSICAL


@dataclass(frozen=True, slots=True)
class Hearing:
    """A hearing (开庭) on the calendar over the half-open interval [starts_at, ends_at)."""

    hearing_id: str
    case_id: str
    room: Courtroom
    starts_at: datetime  # timezone-aware
    ends_at: datetime
    judges: frozenset[str]  # panel members (合议庭/独任法官), person keys
    agents: frozenset[str] = frozenset()  # parties appearing and their agents (诉讼代理人), person keys

    def __post_init__(self) -> None:
        if self.starts_at.tzinfo is None or self.ends_at.tzinfo is None:
            raise InvalidInput(
                msg("hearing %(hearing_id)s: times must be timezone-aware", hearing_id=self.hearing_id),
                field="starts_at",
            )
        if self.ends_at <= self.starts_at:
            raise InvalidInput(
                msg("hearing %(hearing_id)s: it must end after it starts", hearing_id=self.hearing_id),
                field="ends_at",
            )


@dataclass(frozen=True, slots=True)
class Conflict:
    """One clash of the new hearing with a booked one: what is double-booked and for how long."""

    kind: ConflictKind
    resource: str  # room id or person key
    other_hearing_id: str
    overlap_start: datetime
    overlap_end: datetime


def find_conflicts(new: Hearing, existing: list[Hearing]) -> list[Conflict]:
    """Every clash of `new` with `existing`; a booked hearing with the same id (being rescheduled) is skipped."""
    conflicts: list[Conflict] = []
    for other in existing:
        if other.hearing_id == new.hearing_id:
            continue
        start, end = max(new.starts_at, other.starts_at), min(new.ends_at, other.ends_at)
        if start >= end:  # half-open: one ending at 10:00 and the next starting at 10:00 do not overlap
            continue
        if new.room == other.room:
            conflicts.append(Conflict(ConflictKind.ROOM, new.room.room_id, other.hearing_id, start, end))
        for judge in sorted(new.judges & other.judges):
            conflicts.append(Conflict(ConflictKind.JUDGE, judge, other.hearing_id, start, end))
        for agent in sorted(new.agents & other.agents):
            conflicts.append(Conflict(ConflictKind.AGENT, agent, other.hearing_id, start, end))
    return conflicts
