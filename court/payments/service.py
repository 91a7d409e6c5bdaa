"""Fees paid (缴费): the charge opened with the fee notice, payment orders, the platform's callback, the reminder and
按撤诉处理 when the fee is not paid in time, and refunds recorded at closing.

Every state change runs in one write transaction behind the charge's or the payment's row lock (court.statemachine),
so that of parallel callbacks for one order exactly one records the payment and the others find it recorded.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from court.accounts.policy import Action, Principal
from court.audit.chain import Actor, actor_of, record, subject_events
from court.cases import service as cases
from court.cases.deadlines import deadline_for, deadline_to_json
from court.cases.lifecycle import CASE, CaseEventKind, CaseStatus
from court.cases.party_periods import PeriodKind
from court.cases.tables import Case
from court.db import write_transaction
from court.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from court.i18n import msg
from court.payments.platform import CallbackRefused, PaymentPlatform
from court.payments.settle import settle_once
from court.payments.status import FEE_CHARGE, FEE_PAYMENT, ChargeStatus, PaymentStatus
from court.payments.tables import FeeCharge, FeePayment, FeeRefund
from court.statemachine import current_state, transition

CENT = Decimal("0.01")
# The reminder (催缴) goes out this many days before the last day of the fee period, once.
REMIND_DAYS_BEFORE = 2


def _money(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(CENT)  # SQLite hands Numeric back without its scale


async def open_charge(
    case_id: int | None,
    *,
    court_code: str,
    amount: Decimal,
    notice_on: date,
    actor: Actor,
    appeal_id: int | None = None,
) -> int | None:
    """Open the case's fee charge as its fee notice is given (inside the caller's write transaction).

    The last day is the engine's `fee_payment` period (Fee Measures Art 22; CPL-Interp Art 213: 7 days from the
    notice). A case without a fee (criminal private prosecution, zero fee) has no charge.
    """
    if amount <= 0:
        return None
    due = deadline_for(PeriodKind.FEE_PAYMENT, notice_on)
    charge = FeeCharge(
        case=case_id,
        court_code=court_code,
        amount=amount,
        status=ChargeStatus.DUE.value,
        notice_on=notice_on,
        due_on=due.deadline,
        due_rule=deadline_to_json(due),
        appeal_id=appeal_id,
    )
    await charge.save()
    await _charge_event(
        actor,
        "fee.charged",
        int(charge.id),
        court_code,
        {
            "case": case_id,
            "amount": f"{amount:.2f}",
            "due_on": due.deadline.isoformat(),
            "article": due.article,
            **({"appeal": appeal_id} if appeal_id else {}),
        },
    )
    return int(charge.id)


_charge_event = subject_events("fee_charge")


async def _charge_of(case_id: int) -> dict[str, Any] | None:
    return await FeeCharge.select().where(FeeCharge.case == case_id).output(load_json=True).first()


def _charge_view(
    charge: dict[str, Any], payments: list[dict[str, Any]], refunds: list[dict[str, Any]]
) -> dict[str, Any]:
    paid = next((p for p in payments if p["id"] == charge["payment_id"]), None)
    return {
        "id": charge["id"],
        "status": charge["status"],
        "amount": f"{_money(charge['amount']):.2f}",
        "notice_on": charge["notice_on"].isoformat(),
        "due_on": charge["due_on"].isoformat(),
        "rule": charge["due_rule"].get("rule", ""),
        "article": charge["due_rule"].get("article", ""),
        "provisional": bool(charge["due_rule"].get("provisional", False)),
        "reminded_on": charge["reminded_on"].isoformat() if charge["reminded_on"] else None,
        "withdrawn_on": charge["withdrawn_on"].isoformat() if charge["withdrawn_on"] else None,
        "paid_at": charge["paid_at"].isoformat() if charge["paid_at"] else None,
        "payment": None
        if paid is None
        else {
            "order_no": paid["order_no"],
            "trade_no": paid["trade_no"],
            "platform": paid["platform"],
            "amount": f"{_money(paid['amount']):.2f}",
        },
        "payments_recorded": sum(1 for p in payments if p["status"] == PaymentStatus.PAID),
        "refunded": f"{sum((_money(r['amount']) for r in refunds), Decimal('0.00')):.2f}",
    }


async def fee_status(p: Principal, case_id: int) -> dict[str, Any] | None:
    """The case's fee charge as its parties and the court see it; None when the case has no fee to pay."""
    await cases.authorize(p, Action.VIEW, case_id)
    return await charge_view(case_id)


async def charge_view(case_id: int) -> dict[str, Any] | None:
    charge = await _charge_of(case_id)
    if charge is None:
        return None
    payments = await FeePayment.select().where(FeePayment.charge == charge["id"]).order_by(FeePayment.id)
    refunds = await FeeRefund.select().where(FeeRefund.charge == charge["id"])
    return _charge_view(charge, payments, refunds)


async def _require_payer(p: Principal, case_id: int) -> dict[str, Any]:
    """Only the case's filer or a party's own account pays; staff see the charge but pay nothing."""
    case = await cases.authorize(p, Action.VIEW, case_id)
    resource = await cases.resource_of(case)
    if p.user_id != resource.owner_user_id and p.user_id not in resource.party_user_ids:
        raise PermissionDenied("only a party of the case pays its fee")
    return case


async def start_payment(p: Principal, case_id: int, platform: PaymentPlatform) -> dict[str, Any]:
    """Open a payment order for the due charge (or return the pending one) and where to pay it."""
    await _require_payer(p, case_id)
    charge = await _charge_of(case_id)
    if charge is None:
        raise NotFound(msg("case %(case_id)s has no fee to pay", case_id=case_id), case_id=case_id)
    return await start_charge_payment(p, charge, platform, label=str(case_id))


async def start_charge_payment(
    p: Principal, charge: dict[str, Any], platform: PaymentPlatform, *, label: str
) -> dict[str, Any]:
    """Open a payment order for a due charge (or return the pending one): a case's fee, or an appeal's
    (court.appeals checks the payer); `label` goes into the order number."""
    async with write_transaction():
        state = await current_state(FEE_CHARGE, int(charge["id"]), lock=True)  # one open order at a time
        if state != ChargeStatus.DUE:
            raise Conflict(msg("the fee %(label)s is %(state)s", label=label, state=state), status=state)
        pending = (
            await FeePayment.select()
            .where(
                (FeePayment.charge == charge["id"])
                & (FeePayment.status == PaymentStatus.PENDING.value)
                & (FeePayment.platform == platform.name)
            )
            .first()
        )
        if pending is None:
            order_no = f"FEE{label}X{secrets.token_hex(8).upper()}"
            payment = FeePayment(
                charge=charge["id"],
                order_no=order_no,
                platform=platform.name,
                amount=_money(charge["amount"]),
                status=PaymentStatus.PENDING.value,
                payer_id=p.user_id,
            )
            await payment.save()
            await record(
                actor_of(p),
                "fee.payment_opened",
                subject_type="fee_payment",
                subject_id=int(payment.id),
                court_code=charge["court_code"],
                detail={
                    "case": charge["case"],
                    "order_no": order_no,
                    **({"appeal": charge["appeal_id"]} if charge.get("appeal_id") else {}),
                },
            )
        else:
            order_no = pending["order_no"]
    return {
        "order_no": order_no,
        "amount": f"{_money(charge['amount']):.2f}",
        "platform": platform.name,
        "simulated": platform.simulated,
        "checkout_url": platform.checkout_url(order_no),
    }


async def order(order_no: str) -> dict[str, Any]:
    row = (
        await FeePayment.select(
            *FeePayment.all_columns(),
            FeePayment.charge.case.as_alias("case_id"),
            FeePayment.charge.appeal_id.as_alias("appeal_id"),
        )
        .where(FeePayment.order_no == order_no)
        .first()
    )
    if row is None:
        raise NotFound(msg("no payment order %(order_no)s", order_no=order_no))
    return row


async def handle_callback(
    platform: PaymentPlatform, body: bytes, signature: str | None, *, now: float | None = None
) -> dict[str, Any]:
    """Process a platform's notification. A forged or stale one is refused (400) before anything is read; a
    replayed one (same event id) or a second report of a paid order changes nothing and is answered as before."""
    event = platform.verify(body, signature, now=now)
    from court.execution import payorders

    if payorders.is_matter_order(event.order_no):
        # The debtor's voluntary payment into an enforcement matter (issue 20): the ledger records it once.
        return await payorders.handle_event(platform, event)
    payment = await FeePayment.select().where(FeePayment.order_no == event.order_no).first()
    if payment is None or payment["platform"] != platform.name:
        raise CallbackRefused(
            msg("no order %(order_no)s at %(name)s", order_no=event.order_no, name=platform.name),
            reason="unknown_order",
        )
    if Decimal(event.amount).quantize(CENT) != _money(payment["amount"]):
        raise CallbackRefused("the amount paid is not the amount of the order", reason="amount_mismatch")
    async with write_transaction():
        duplicate = await settle_once(platform, event, FEE_PAYMENT, FeePayment, int(payment["id"]))
        if duplicate is not None:
            return duplicate
        paid_at = datetime.fromtimestamp(event.paid_at, UTC)
        charge_id = int(payment["charge"])
        charge = await FeeCharge.select().where(FeeCharge.id == charge_id).first()
        assert charge is not None
        detail = {
            "case": charge["case"],
            "order_no": event.order_no,
            "trade_no": event.trade_no,
            "amount": event.amount,
            "platform": platform.name,
        }
        charge_state = await current_state(FEE_CHARGE, charge_id, lock=True)
        if charge_state == ChargeStatus.DUE:
            await transition(
                FEE_CHARGE,
                charge_id,
                ChargeStatus.PAID,
                values={FeeCharge.paid_at: paid_at, FeeCharge.payment_id: int(payment["id"])},
            )
            await _charge_event(Actor.system(), "fee.paid", charge_id, charge["court_code"], detail)
            if charge["appeal_id"]:
                from court.appeals.fee import fee_paid

                await fee_paid(
                    int(charge["appeal_id"]), charge["court_code"]
                )  # the appeal moves on with its fee
            return {"outcome": "paid", "order_no": event.order_no}
        # The money moved although the charge was already settled or the case treated as withdrawn: it is owed back.
        await FeeRefund.insert(
            FeeRefund(
                charge=charge_id,
                amount=_money(payment["amount"]),
                reason=f"payment {event.order_no} received after the charge was {charge_state}",
                article="Fee Measures Art 15",
            )
        )
        await record(
            Actor.system(),
            "fee.payment_refund_due",
            subject_type="fee_payment",
            subject_id=int(payment["id"]),
            court_code=charge["court_code"],
            detail=detail,
        )
        return {"outcome": "refund_due", "order_no": event.order_no}


async def record_refund(
    p: Principal | None, case_id: int, amount: Decimal, *, reason: str, article: str
) -> dict[str, Any]:
    """Record a refund of fees paid (退费), e.g. half the acceptance fee on withdrawal or mediation (Fee Measures
    Art 15), for closing (结案). Inside or outside the caller's transaction; never more than was paid."""
    amount = _money(amount)
    if amount <= 0:
        raise InvalidInput("a refund is a positive amount of yuan", field="amount")
    charge = await _charge_of(case_id)
    if charge is None or charge["status"] != ChargeStatus.PAID:
        raise Conflict(msg("case %(case_id)s has no fee paid to refund", case_id=case_id))
    async with write_transaction():
        await current_state(FEE_CHARGE, int(charge["id"]), lock=True)
        refunds = await FeeRefund.select(FeeRefund.amount).where(FeeRefund.charge == charge["id"])
        refunded = sum((_money(r["amount"]) for r in refunds), Decimal("0.00"))
        if refunded + amount > _money(charge["amount"]):
            raise Conflict(
                msg("refunds would exceed the %(amount)s yuan paid", amount=charge["amount"]),
                refunded=f"{refunded:.2f}",
            )
        await FeeRefund.insert(
            FeeRefund(
                charge=charge["id"],
                amount=amount,
                reason=reason,
                article=article,
                recorded_by=p.user_id if p else None,
            )
        )
        await _charge_event(
            actor_of(p),
            "fee.refund_recorded",
            int(charge["id"]),
            charge["court_code"],
            {"case": case_id, "amount": f"{amount:.2f}", "article": article},
        )
    view = await charge_view(case_id)
    assert view is not None
    return view


async def sweep_unpaid(today: date) -> dict[str, int]:
    """The periodic job: remind once shortly before the last day; the day after it, treat the case as withdrawn
    (按撤诉处理, CPL-Interp Art 213: notified to prepay and still not prepaid) once a judge has the case. Running it twice changes nothing
    twice: each move is a compare-and-set under the charge's lock."""
    due = await FeeCharge.select(
        FeeCharge.id, FeeCharge.case, FeeCharge.due_on, FeeCharge.reminded_on, FeeCharge.appeal_id
    ).where(
        (FeeCharge.status == ChargeStatus.DUE.value)
        & (FeeCharge.due_on <= today + timedelta(days=REMIND_DAYS_BEFORE))
    )
    reminded = withdrawn = 0
    for row in due:
        if row["case"] is None:  # an appeal's fee (court.appeals): not paid in time, the appeal is withdrawn
            if row["due_on"] < today and row["appeal_id"]:
                withdrawn += await _appeal_not_paid(int(row["id"]), int(row["appeal_id"]), today)
            continue
        if row["due_on"] < today:
            withdrawn += await _deem_withdrawn(int(row["id"]), int(row["case"]), today)
        elif row["reminded_on"] is None:
            reminded += await _remind(int(row["id"]), int(row["case"]), today)
    return {"checked": len(due), "reminded": reminded, "withdrawn": withdrawn}


async def _appeal_not_paid(charge_id: int, appeal_id: int, today: date) -> int:
    from court.appeals.fee import fee_not_paid

    async with write_transaction():
        if await current_state(FEE_CHARGE, charge_id, lock=True) != ChargeStatus.DUE:
            return 0
        charge = await FeeCharge.select().where(FeeCharge.id == charge_id).first()
        assert charge is not None
        await transition(
            FEE_CHARGE, charge_id, ChargeStatus.WITHDRAWN, values={FeeCharge.withdrawn_on: today}
        )
        await _charge_event(
            Actor.system(),
            "fee.withdrawn",
            charge_id,
            charge["court_code"],
            {"appeal": appeal_id, "article": "CPL-Interp Art 318"},
        )
        await fee_not_paid(appeal_id, charge["court_code"], today)
    return 1


async def _remind(charge_id: int, case_id: int, today: date) -> int:
    async with write_transaction():
        if await current_state(FEE_CHARGE, charge_id, lock=True) != ChargeStatus.DUE:
            return 0
        changed = (
            await FeeCharge.update({FeeCharge.reminded_on: today})
            .where((FeeCharge.id == charge_id) & FeeCharge.reminded_on.is_null())
            .returning(FeeCharge.id)
        )
        if not changed:
            return 0
        charge = await FeeCharge.select().where(FeeCharge.id == charge_id).first()
        assert charge is not None
        detail = {
            "kind": "fee_payment",
            "due_on": charge["due_on"].isoformat(),
            "amount": f"{_money(charge['amount']):.2f}",
        }
        await cases.add_event(case_id, CaseEventKind.REMINDER, None, detail)
        await _charge_event(
            Actor.system(), "fee.reminded", charge_id, charge["court_code"], {"case": case_id, **detail}
        )
    return 1


async def _deem_withdrawn(charge_id: int, case_id: int, today: date) -> int:
    async with write_transaction():
        if await current_state(FEE_CHARGE, charge_id, lock=True) != ChargeStatus.DUE:
            return 0  # paid meanwhile: the payment's transaction holds the same lock
        case_state = await current_state(CASE, case_id, lock=True)
        if not CASE.can_move(case_state, CaseStatus.CLOSED):
            # 按撤诉处理 is a ruling of the trying judge: a case no judge has yet waits for its assignment (and is
            # taken on the next sweep); a judged case is left to its judge.
            return 0
        await transition(
            FEE_CHARGE, charge_id, ChargeStatus.WITHDRAWN, values={FeeCharge.withdrawn_on: today}
        )
        await transition(CASE, case_id, CaseStatus.CLOSED, values={Case.closed_on: today})
        charge = await FeeCharge.select().where(FeeCharge.id == charge_id).first()
        assert charge is not None
        detail = {
            "manner": "withdrawal_deemed",
            "reason": "fee_not_paid",
            "due_on": charge["due_on"].isoformat(),
            "article": "CPL-Interp Art 213",
        }
        await cases.add_event(case_id, CaseEventKind.CLOSED, None, detail)
        await record(
            Actor.system(),
            "case.closed",
            subject_type="case",
            subject_id=case_id,
            court_code=charge["court_code"],
            detail=detail,
        )
        await _charge_event(
            Actor.system(), "fee.withdrawn", charge_id, charge["court_code"], {"case": case_id, **detail}
        )
    return 1


async def receipt_pdf(p: Principal, case_id: int) -> bytes:
    """The electronic receipt of the fee paid (the case's parties and its court may download it)."""
    from court.accounts.tables import User
    from court.payments.platform import SimulatedPlatform
    from court.payments.receipt import render_receipt
    from court.reference.tables import Court

    case = await cases.authorize(p, Action.VIEW, case_id)
    charge = await _charge_of(case_id)
    if charge is None or charge["status"] != ChargeStatus.PAID or charge["payment_id"] is None:
        raise NotFound(msg("case %(case_id)s has no fee paid", case_id=case_id), case_id=case_id)
    payment = await FeePayment.select().where(FeePayment.id == charge["payment_id"]).first()
    assert payment is not None
    court = await Court.select(Court.name).where(Court.code == case["court_code"]).first()
    payer = (
        await User.select(User.display_name).where(User.id == payment["payer_id"]).first()
        if payment["payer_id"]
        else None
    )
    return render_receipt(
        court_name=court["name"] if court else case["court_code"],
        case_number=case["number"],
        payer=(payer or {}).get("display_name") or "—",
        amount=f"{_money(payment['amount']):.2f}",
        order_no=payment["order_no"],
        trade_no=payment["trade_no"] or "",
        paid_at=payment["paid_at"],
        platform=payment["platform"],
        simulated=payment["platform"] == SimulatedPlatform.name,
    )
