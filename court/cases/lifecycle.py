"""The life of a case (案件流程): its statuses, the events that move it, and which moves are allowed."""

from __future__ import annotations

from enum import StrEnum

from court.statemachine import Machine


class CaseStatus(StrEnum):
    REGISTERED = "registered"  # 已立案
    ASSIGNED = "assigned"  # 已分案
    HEARING_SCHEDULED = "hearing_scheduled"  # 已排期
    HEARD = "heard"  # 已开庭
    JUDGED = "judged"  # 已裁判
    CLOSED = "closed"  # 已结案
    ARCHIVED = "archived"  # 已归档


class CaseEventKind(StrEnum):
    """What can appear on a case's timeline. The first seven move the case; the rest are recorded beside."""

    REGISTERED = "registered"
    ASSIGNED = "assigned"
    HEARING_SCHEDULED = "hearing_scheduled"
    HEARD = "heard"
    JUDGED = "judged"
    CLOSED = "closed"
    ARCHIVED = "archived"
    REASSIGNED = "reassigned"
    RECUSAL = "recusal"  # 回避
    EXTENSION = "extension"  # 延长审限
    SUSPENSION = "suspension"  # 扣除审限
    REMINDER = "reminder"  # 审限预警


OPEN_STATUSES = frozenset(
    {CaseStatus.REGISTERED, CaseStatus.ASSIGNED, CaseStatus.HEARING_SCHEDULED, CaseStatus.HEARD, CaseStatus.JUDGED}
)

# From each status, the statuses an event may move it to. Several hearings may be held, so a heard case can be
# scheduled again; a case may close without a hearing (withdrawal, mediation) once a judge has it.
_ALLOWED: dict[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.REGISTERED: frozenset({CaseStatus.ASSIGNED}),
    CaseStatus.ASSIGNED: frozenset({CaseStatus.HEARING_SCHEDULED, CaseStatus.JUDGED, CaseStatus.CLOSED}),
    CaseStatus.HEARING_SCHEDULED: frozenset({CaseStatus.HEARD, CaseStatus.HEARING_SCHEDULED, CaseStatus.CLOSED}),
    CaseStatus.HEARD: frozenset({CaseStatus.HEARING_SCHEDULED, CaseStatus.JUDGED, CaseStatus.CLOSED}),
    CaseStatus.JUDGED: frozenset({CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset({CaseStatus.ARCHIVED}),
    CaseStatus.ARCHIVED: frozenset(),
}


CASE = Machine(
    name="case",
    table="court.cases.tables:Case",
    transitions=_ALLOWED,
    initial=frozenset({CaseStatus.REGISTERED}),
    subject_type="case",
    events={f"case.{s}": s for s in CaseStatus},
)


class HearingStatus(StrEnum):
    SCHEDULED = "scheduled"  # 已排期
    HELD = "held"  # 已开庭
    CANCELLED = "cancelled"  # 已撤销


# A hearing is held once; a cancelled one stays cancelled (a new hearing is booked instead).
HEARING = Machine(
    name="hearing",
    table="court.cases.tables:CaseHearing",
    transitions={
        HearingStatus.SCHEDULED: frozenset({HearingStatus.HELD, HearingStatus.CANCELLED}),
        HearingStatus.HELD: frozenset(),
        HearingStatus.CANCELLED: frozenset(),
    },
    initial=frozenset({HearingStatus.SCHEDULED}),
)


def can_move(current: CaseStatus | str, target: CaseStatus | str) -> bool:
    return CASE.can_move(CaseStatus(current), CaseStatus(target))
