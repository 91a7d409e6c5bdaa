"""Stages of an enforcement matter (执行一件事) and the time limits that run from registration."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from court.errors import Conflict
from court.i18n import msg
from court.statemachine import Machine


class Stage(StrEnum):
    REGISTRATION = "registration"  # 立案 (执 number)
    NOTICE_AND_REPORT = "notice_and_report"  # 执行通知 + 报告财产令
    INQUIRY_AND_CONTROL = "inquiry_and_control"  # 网络查控, freeze / seize
    DISPOSAL = "disposal"  # valuation, auction, sale, transfer in lieu
    MONEY = "money"  # 执行款 in, disbursement out
    CLOSING = "closing"  # the closing decision is being made
    CLOSED = "closed"  # 结案; a resumption (执恢) opens a new matter


# Forward steps, plus the usual returns: a disposal or a payout that leaves debt unpaid sends the matter back to
# look for property; deposits deducted go straight to money; any stage may move to closing (withdrawal,
# settlement performed, nothing found → 终本); a closing that is refused returns to inquiry.
TRANSITIONS: dict[Stage, frozenset[Stage]] = {
    # The network inquiry may be launched on registration, before the notice is served (court/execution/tasks.py).
    Stage.REGISTRATION: frozenset({Stage.NOTICE_AND_REPORT, Stage.INQUIRY_AND_CONTROL, Stage.CLOSING}),
    Stage.NOTICE_AND_REPORT: frozenset({Stage.INQUIRY_AND_CONTROL, Stage.MONEY, Stage.CLOSING}),
    Stage.INQUIRY_AND_CONTROL: frozenset({Stage.DISPOSAL, Stage.MONEY, Stage.CLOSING}),
    Stage.DISPOSAL: frozenset({Stage.MONEY, Stage.INQUIRY_AND_CONTROL, Stage.CLOSING}),
    Stage.MONEY: frozenset({Stage.INQUIRY_AND_CONTROL, Stage.DISPOSAL, Stage.CLOSING}),
    Stage.CLOSING: frozenset({Stage.CLOSED, Stage.INQUIRY_AND_CONTROL}),
    Stage.CLOSED: frozenset(),
}


STAGE = Machine(
    name="matter_stage",
    table="court.execution.tables:EnforcementMatter",
    column="stage",
    transitions=TRANSITIONS,
    initial=frozenset({Stage.REGISTRATION}),
)


class MatterStatus(StrEnum):
    OPEN = "open"  # 在办
    CLOSED = "closed"  # 已结案: a resumption (执恢) is a new matter, so a closed matter stays closed


MATTER = Machine(
    name="matter",
    table="court.execution.tables:EnforcementMatter",
    transitions={MatterStatus.OPEN: frozenset({MatterStatus.CLOSED}), MatterStatus.CLOSED: frozenset()},
    initial=frozenset({MatterStatus.OPEN}),
    subject_type="matter",
    events={"matter.registered": MatterStatus.OPEN, "matter.closed": MatterStatus.CLOSED},
)


def can_advance(current: Stage, target: Stage) -> bool:
    return STAGE.can_move(current, target)


def advance(current: Stage, target: Stage) -> Stage:
    if not can_advance(current, target):
        raise Conflict(
            msg(
                "an enforcement matter cannot go from %(current)s to %(target)s",
                current=current,
                target=target,
            ),
            current=current,
            target=target,
        )
    return target


# The periods themselves (CPL-Interp Art 480: notice within 10 days; 法发〔2006〕35号 Art 1: close within 6 months
# with property, 3 for non-litigation cases) are rows of the one deadline engine, court.cases.deadlines.


def notice_due(registered_on: date) -> date:
    """Counted by the deadline engine (CPL Art 85: a last day on a rest day rolls to the next working day)."""
    from court.cases.deadlines import compute_deadline
    from court.cases.time_limits import TimeLimit

    return compute_deadline(registered_on, TimeLimit.EXECUTION_NOTICE)


def closing_due(registered_on: date, has_property: bool, non_litigation: bool = False) -> date | None:
    """Target closing date, or None when the debtor has no property to enforce (no time limit applies)."""
    from court.cases.deadlines import compute_deadline
    from court.cases.time_limits import TimeLimit

    if non_litigation:
        return compute_deadline(registered_on, TimeLimit.ENFORCEMENT_NON_LITIGATION)
    if not has_property:
        return None
    return compute_deadline(registered_on, TimeLimit.ENFORCEMENT)


class PropertyStatus(StrEnum):
    FOUND = "found"  # 查询到
    CONTROLLED = "controlled"  # 已控制 (frozen, sealed or seized)
    SOLD = "sold"  # 已拍卖/变卖
    TRANSFERRED = "transferred"  # 以物抵债
    EXHAUSTED = "exhausted"  # deposits deducted to nothing


# A found property is controlled, then disposed of once: sold (auction or sale), transferred in lieu, or, for
# deposits, deducted until nothing is left (a partial deduction leaves it where it was).
PROPERTY = Machine(
    name="property",
    table="court.execution.tables:MatterProperty",
    transitions={
        PropertyStatus.FOUND: frozenset({PropertyStatus.CONTROLLED, PropertyStatus.EXHAUSTED}),
        PropertyStatus.CONTROLLED: frozenset(
            {PropertyStatus.SOLD, PropertyStatus.TRANSFERRED, PropertyStatus.EXHAUSTED}
        ),
        PropertyStatus.SOLD: frozenset(),
        PropertyStatus.TRANSFERRED: frozenset(),
        PropertyStatus.EXHAUSTED: frozenset(),
    },
    initial=frozenset({PropertyStatus.FOUND}),
)
