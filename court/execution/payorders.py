"""The debtor pays voluntarily (自动履行) through the payment-platform adapter (court.payments.platform).

From the debtor's view of the matter: an amount up to what is still owed today opens a payment order at the
platform; the platform's signed callback — the same endpoint and the same signature check as fees paid — records the
receipt in the matter's ledger exactly once: a replayed callback finds its event recorded, a second report of a paid
order finds the order paid, and the ledger itself posts a key once (`platform:<order>`). A forged, stale or altered
callback is refused before anything is read (court.payments.platform.CallbackRefused, 400).
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from court.accounts.policy import Action, Principal
from court.amounts import parse_amount
from court.audit.chain import Actor
from court.db import write_transaction
from court.errors import InvalidInput, NotFound
from court.execution.service import audit_matter, authorize, court_day, require_open
from court.i18n import msg
from court.payments.platform import CallbackEvent, CallbackRefused, PaymentPlatform
from court.payments.settle import settle_once
from court.payments.status import PaymentStatus
from court.statemachine import Machine

CENT = Decimal("0.01")
ORDER_PREFIX = "EXE"  # order numbers of matter payments; fee orders start with FEE

MATTER_PAYMENT = Machine(
    name="matter_payment",
    table="court.execution.tables:MatterPaymentOrder",
    transitions={
        PaymentStatus.PENDING: frozenset({PaymentStatus.PAID, PaymentStatus.CANCELLED}),
        PaymentStatus.PAID: frozenset(),
        PaymentStatus.CANCELLED: frozenset(),
    },
    initial=frozenset({PaymentStatus.PENDING}),
)


def balance(statement: Any) -> Decimal:
    """What the debtor still has to pay today: everything owed, less what the custody account already holds and
    has not yet paid out (money held counts as paid by the debtor, CPL-Interp on 执行款 custody)."""
    return max(Decimal("0.00"), statement.outstanding - statement.custody_balance)


def is_matter_order(order_no: str) -> bool:
    return order_no.startswith(ORDER_PREFIX)


async def start_payment(
    p: Principal, matter_id: int, amount_text: Any, platform: PaymentPlatform, *, today: date
) -> dict[str, Any]:
    """The debtor opens a payment order for up to what is owed today; returns where to pay it."""
    from court.execution.money import owed_on
    from court.execution.portal import party_role
    from court.execution.tables import MatterPaymentOrder

    matter = await authorize(p, Action.VIEW, matter_id)
    if await party_role(p, matter_id) != "debtor":
        from court.errors import PermissionDenied

        raise PermissionDenied("only the debtor pays into the matter")
    require_open(matter)
    amount = parse_amount(amount_text, "amount", positive=True)
    owed = balance(await owed_on(matter_id, today))
    if amount > owed:
        raise InvalidInput(
            f"at most the {owed} yuan still owed",
            field="amount",
            message_key="matter_payment_over_balance",
            owed=f"{owed:.2f}",
        )
    order_no = f"{ORDER_PREFIX}{matter_id}X{secrets.token_hex(8).upper()}"
    async with write_transaction():
        order = MatterPaymentOrder(
            matter=matter_id,
            order_no=order_no,
            platform=platform.name,
            amount=amount,
            status=PaymentStatus.PENDING.value,
            payer_id=p.user_id,
        )
        await order.save()
        await audit_matter(
            Actor(user_id=p.user_id, role=p.role.value, court_code=p.court_code),
            "matter.payment_opened",
            matter_id,
            court_code=matter["court_code"],
            detail={"order_no": order_no, "amount": f"{amount:.2f}"},
        )
    return {
        "order_no": order_no,
        "amount": f"{amount:.2f}",
        "platform": platform.name,
        "simulated": platform.simulated,
        "checkout_url": platform.checkout_url(order_no),
    }


async def order(order_no: str) -> dict[str, Any]:
    from court.execution.tables import MatterPaymentOrder

    row = await MatterPaymentOrder.select().where(MatterPaymentOrder.order_no == order_no).first()
    if row is None:
        raise NotFound(msg("no payment order %(order_no)s", order_no=order_no))
    row["amount"] = Decimal(str(row["amount"])).quantize(CENT)
    return row


async def handle_event(platform: PaymentPlatform, event: CallbackEvent) -> dict[str, Any]:
    """A verified callback for a matter's order: the receipt enters the ledger once."""
    from court.execution.money import receive
    from court.execution.tables import MatterPaymentOrder

    row = await MatterPaymentOrder.select().where(MatterPaymentOrder.order_no == event.order_no).first()
    if row is None or row["platform"] != platform.name:
        raise CallbackRefused(f"no order {event.order_no} at {platform.name}", reason="unknown_order")
    if Decimal(event.amount).quantize(CENT) != Decimal(str(row["amount"])).quantize(CENT):
        raise CallbackRefused("the amount paid is not the amount of the order", reason="amount_mismatch")
    async with write_transaction():
        duplicate = await settle_once(platform, event, MATTER_PAYMENT, MatterPaymentOrder, int(row["id"]))
        if duplicate is not None:
            return duplicate
        paid_at = datetime.fromtimestamp(event.paid_at, UTC)
        amount = Decimal(event.amount).quantize(CENT)
        await receive(
            int(row["matter"]),
            f"platform:{event.order_no}",
            amount,
            _voluntary(),
            court_day(paid_at),
            f"{platform.name} {event.trade_no}",
        )
    return {"outcome": "paid", "order_no": event.order_no}


def _voluntary() -> Any:
    from court.execution.ledger import ReceiptSource

    return ReceiptSource.VOLUNTARY_PAYMENT


async def orders_of(matter_id: int) -> list[dict[str, Any]]:
    from court.execution.tables import MatterPaymentOrder

    rows = (
        await MatterPaymentOrder.select()
        .where(MatterPaymentOrder.matter == matter_id)
        .order_by(MatterPaymentOrder.id)
    )
    for r in rows:
        r["amount"] = Decimal(str(r["amount"])).quantize(CENT)
    return rows
