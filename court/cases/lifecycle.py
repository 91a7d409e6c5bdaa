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
    CLERK_ASSIGNED = "clerk_assigned"  # 指定书记员
    EVIDENCE_DEADLINE = "evidence_deadline"  # 指定举证期限
    HEARING_CANCELLED = "hearing_cancelled"  # 开庭撤销（改期）
    LIMIT_REQUESTED = "limit_requested"  # 申请延长/扣除审限
    LIMIT_REFUSED = "limit_refused"  # 审限变更申请未获批准


OPEN_STATUSES = frozenset(
    {
        CaseStatus.REGISTERED,
        CaseStatus.ASSIGNED,
        CaseStatus.HEARING_SCHEDULED,
        CaseStatus.HEARD,
        CaseStatus.JUDGED,
    }
)

# From each status, the statuses an event may move it to. Several hearings may be held, so a heard case can be
# scheduled again; a case may close without a hearing (withdrawal, mediation) once a judge has it.
_ALLOWED: dict[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.REGISTERED: frozenset({CaseStatus.ASSIGNED}),
    CaseStatus.ASSIGNED: frozenset({CaseStatus.HEARING_SCHEDULED, CaseStatus.JUDGED, CaseStatus.CLOSED}),
    CaseStatus.HEARING_SCHEDULED: frozenset(
        {CaseStatus.HEARD, CaseStatus.HEARING_SCHEDULED, CaseStatus.CLOSED}
    ),
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


class ClosingMethod(StrEnum):
    """How a case is closed (结案方式), as the court's statistics count closures."""

    JUDGMENT = "judgment"  # 判决
    MEDIATION = "mediation"  # 调解
    WITHDRAWAL = "withdrawal"  # 撤诉 (CPL Art 148)
    DEEMED_WITHDRAWAL = "deemed_withdrawal"  # 按撤诉处理 (CPL Art 146; CPL-Interp Art 213)
    DISMISSAL = "dismissal"  # 驳回起诉 (CPL Art 157(1)(3); CPL-Interp Art 208)
    TRANSFER = "transfer"  # 移送 (CPL Art 37)
    TERMINATION = "termination"  # 终结诉讼 (CPL Art 154)


_BEFORE_JUDGMENT = frozenset({CaseStatus.ASSIGNED, CaseStatus.HEARING_SCHEDULED, CaseStatus.HEARD})

# From which statuses each closing method may close a case; each pair is also a move of CASE, so the machine stays
# the one authority and this table only narrows it. A judgment follows a hearing (CPL Art 139: civil cases are
# heard in court); a withdrawal is allowed before judgment is pronounced (CPL Art 148); 按撤诉处理 follows a
# plaintiff who does not pay (CPL-Interp Art 213) or does not appear at a hearing (CPL Art 146), so before or at
# the hearing; a transfer for want of jurisdiction (CPL Art 37) comes before the merits are heard.
CLOSING_FROM: dict[ClosingMethod, frozenset[CaseStatus]] = {
    ClosingMethod.JUDGMENT: frozenset({CaseStatus.HEARD, CaseStatus.JUDGED}),
    ClosingMethod.MEDIATION: _BEFORE_JUDGMENT,
    ClosingMethod.WITHDRAWAL: _BEFORE_JUDGMENT,
    ClosingMethod.DEEMED_WITHDRAWAL: frozenset({CaseStatus.ASSIGNED, CaseStatus.HEARING_SCHEDULED}),
    ClosingMethod.DISMISSAL: _BEFORE_JUDGMENT,
    ClosingMethod.TRANSFER: frozenset({CaseStatus.ASSIGNED, CaseStatus.HEARING_SCHEDULED}),
    ClosingMethod.TERMINATION: _BEFORE_JUDGMENT,
}
for _method, _sources in CLOSING_FROM.items():  # import-time check: every pair must be a move CASE declares
    assert all(CASE.can_move(s, CaseStatus.CLOSED) for s in _sources), _method


class RequestStatus(StrEnum):
    PENDING = "pending"  # 待审批
    APPROVED = "approved"  # 已批准
    REFUSED = "refused"  # 未批准


# A leader decides a time-limit request once: approved or refused, never both, never twice.
TIME_LIMIT_REQUEST = Machine(
    name="time_limit_request",
    table="court.cases.tables:TimeLimitRequest",
    transitions={
        RequestStatus.PENDING: frozenset({RequestStatus.APPROVED, RequestStatus.REFUSED}),
        RequestStatus.APPROVED: frozenset(),
        RequestStatus.REFUSED: frozenset(),
    },
    initial=frozenset({RequestStatus.PENDING}),
    subject_type="time_limit_request",
    events={f"time_limit_request.{s}": s for s in RequestStatus},
)


def can_move(current: CaseStatus | str, target: CaseStatus | str) -> bool:
    return CASE.can_move(CaseStatus(current), CaseStatus(target))
