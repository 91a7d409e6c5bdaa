"""Every state machine of the court, gathered from the features that declare them (for the audit replay)."""

from __future__ import annotations

from court.statemachine import Machine


def all_machines() -> list[Machine]:
    from court.appeals.status import APPEAL
    from court.cases.lifecycle import CASE, HEARING, TIME_LIMIT_REQUEST
    from court.execution.agencies import AGENCY_TASK
    from court.execution.auction import AUCTION_ROUND
    from court.execution.measures import CONTROL_MEASURE
    from court.execution.payorders import MATTER_PAYMENT
    from court.execution.stages import MATTER, PROPERTY, STAGE
    from court.filing.status import FILING
    from court.payments.status import FEE_CHARGE, FEE_PAYMENT
    from court.serving.machine import SERVICE, SERVICE_ATTEMPT
    from court.terminals.lifecycle import TERMINAL

    return [
        FILING,
        CASE,
        HEARING,
        MATTER,
        STAGE,
        PROPERTY,
        AGENCY_TASK,
        AUCTION_ROUND,
        CONTROL_MEASURE,
        TERMINAL,
        TIME_LIMIT_REQUEST,
        SERVICE,
        SERVICE_ATTEMPT,
        FEE_CHARGE,
        FEE_PAYMENT,
        APPEAL,
        MATTER_PAYMENT,
    ]


def audited_machines() -> list[Machine]:
    """The machines whose moves write audit events of their own, so that `court audit verify` can replay them."""
    return [m for m in all_machines() if m.events]
