"""One paid event, once: what every payment order does when its platform reports it paid (fees, appeal fees, a
debtor's voluntary payment into an enforcement matter)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from piccolo.table import Table

from court.payments.platform import CallbackEvent, PaymentPlatform
from court.payments.status import PaymentStatus
from court.payments.tables import FeeCallback
from court.statemachine import Machine, current_state, transition


async def settle_once(
    platform: PaymentPlatform, event: CallbackEvent, machine: Machine, table: type[Table], order_id: int
) -> dict[str, Any] | None:
    """Inside the caller's write transaction. The order's row lock orders parallel callbacks: the first event of a
    pending order moves it to paid and answers None (the caller then records what the payment does); an event seen
    before, or any event of an order no longer pending, is stored once as a duplicate and answered so."""
    event_key = f"{platform.name}:{event.event_id}"
    state = await current_state(machine, order_id, lock=True)
    if await FeeCallback.exists().where(FeeCallback.event_id == event_key):
        return {"outcome": "duplicate", "order_no": event.order_no}
    if state != PaymentStatus.PENDING:
        await FeeCallback.insert(
            FeeCallback(
                platform=platform.name, event_id=event_key, order_no=event.order_no, outcome="duplicate"
            )
        )
        return {"outcome": "duplicate", "order_no": event.order_no}
    columns = table._meta
    await transition(
        machine,
        order_id,
        PaymentStatus.PAID,
        values={
            columns.get_column_by_name("trade_no"): event.trade_no,
            columns.get_column_by_name("paid_at"): datetime.fromtimestamp(event.paid_at, UTC),
        },
    )
    await FeeCallback.insert(
        FeeCallback(platform=platform.name, event_id=event_key, order_no=event.order_no, outcome="paid")
    )
    return None
