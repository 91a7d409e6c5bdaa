"""What an appeal's fee charge settling does to the appeal: paid, it moves on; not paid in time, it is withdrawn.
court.payments calls these inside its own transaction (its paid callback, its sweep of unpaid charges). They need
only the appeal's machine and the audit chain, not court.appeals.service, which charges the fee through
court.payments: kept apart so that payments and appeals do not import each other."""

from __future__ import annotations

from datetime import date

from court.appeals.status import APPEAL, AppealStatus
from court.audit.chain import Actor, record, subject_events
from court.statemachine import transition

# One recorder of an appeal's audit events, for this module and court.appeals.service.
appeal_event = subject_events("appeal")


async def fee_paid(appeal_id: int, court_code: str) -> None:
    """The appeal's fee charge was paid (court.payments' callback, inside its transaction): the appeal moves on."""
    await transition(APPEAL, appeal_id, AppealStatus.PAID, stay=True)
    await record(
        Actor.system(), "appeal.paid", subject_type="appeal", subject_id=appeal_id, court_code=court_code
    )


async def fee_not_paid(appeal_id: int, court_code: str, today: date) -> None:
    """Not paid in time: the appeal is treated as withdrawn (按自动撤回上诉处理, CPL-Interp Art 318)."""
    await transition(APPEAL, appeal_id, AppealStatus.WITHDRAWN)
    await appeal_event(
        Actor.system(),
        "appeal.withdrawn",
        appeal_id,
        court_code,
        {"reason": "fee_not_paid", "article": "CPL-Interp Art 318", "on": today.isoformat()},
    )
