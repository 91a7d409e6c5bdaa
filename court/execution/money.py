"""Execution money (执行款) of a matter: the persisted ledger, what is owed to date, receipts and disbursement."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any

import msgspec

from court.accounts.policy import Action, Principal
from court.audit.chain import actor_of
from court.db import write_transaction
from court.execution.interest import Payment, delay_statement, first_day_of_delay
from court.execution.ledger import (
    FEES,
    FEN,
    ZERO,
    ClaimOnProceeds,
    EntryKind,
    Ledger,
    LedgerEntry,
    PriorityClass,
    ReceiptSource,
    Reconciliation,
    applicant_account,
    plan_disbursement,
    reconcile,
)
from court.execution.service import (
    add_event,
    audit_matter,
    authorize,
    load_matter,
    log_event,
    parties_of,
    require_open,
)
from court.execution.tables import LedgerEntryRow
from court.execution.views import Disbursement, PaidOut, entry_out

FEE_CLAIMANT = "enforcement_fee"


async def load_ledger(matter_id: int) -> Ledger:
    """Rebuild the ledger from its rows; Ledger.from_entries checks every invariant again."""
    rows = await LedgerEntryRow.select(LedgerEntryRow.entry).where(LedgerEntryRow.matter == matter_id)
    entries = [msgspec.convert(_json(r["entry"]), LedgerEntry) for r in rows]
    return Ledger.from_entries(str(matter_id), entries)


def _json(value: Any) -> Any:
    return msgspec.json.decode(value) if isinstance(value, str) else value


async def post(matter_id: int, posting: Callable[[Ledger], LedgerEntry]) -> tuple[LedgerEntry, bool]:
    """Apply one posting under the matter's lock; returns the entry and whether it is new (False: a replay)."""
    async with write_transaction():
        await load_matter(matter_id, lock=True)
        ledger = await load_ledger(matter_id)
        before = len(ledger.entries)
        entry = posting(ledger)
        if len(ledger.entries) == before:
            return entry, False
        await LedgerEntryRow.insert(
            LedgerEntryRow(
                matter=matter_id,
                key=f"{matter_id}:{entry.key}",
                sequence=entry.sequence,
                entry=msgspec.to_builtins(entry),
            )
        )
        return entry, True


async def receive(
    matter_id: int,
    key: str,
    amount: Decimal,
    source: ReceiptSource,
    on: date,
    reference: str = "",
    p: Principal | None = None,
) -> LedgerEntry:
    async with write_transaction():
        entry, new = await post(matter_id, lambda ledger: ledger.receive(key, amount, source, on, reference))
        if new:
            detail = {"amount": str(amount), "source": str(source), "reference": reference}
            await add_event(matter_id, "money_received", on, p, detail)
            matter = await load_matter(matter_id)
            await audit_matter(
                actor_of(p),
                "matter.money_received",
                matter_id,
                court_code=matter["court_code"],
                detail=detail,
            )
    return entry


async def record_voluntary_payment(
    p: Principal, matter_id: int, key: str, amount: Decimal, on: date, reference: str = ""
) -> LedgerEntry:
    """The debtor pays into the custody account (自动履行)."""
    matter = await authorize(p, Action.ENFORCE, matter_id)
    require_open(matter)
    return await receive(
        matter_id, f"voluntary:{key}", amount, ReceiptSource.VOLUNTARY_PAYMENT, on, reference, p
    )


class Owed(msgspec.Struct, frozen=True):
    """What the debtor owes each applicant on `on`: principal, costs, doubled delay interest, paid so far."""

    claimant: str  # the party id, as the ledger's applicant account names it
    name: str
    principal: Decimal
    costs: Decimal
    interest: Decimal
    paid: Decimal
    outstanding: Decimal
    priority: int
    rank: int


class Statement(msgspec.Struct, frozen=True):
    on: date
    applicants: list[Owed]
    fee: Decimal
    fee_paid: Decimal
    fee_outstanding: Decimal
    interest: Decimal
    interest_days: int
    custody_balance: Decimal
    received: Decimal
    outstanding: Decimal  # everything still owed, fee included

    @property
    def fully_performed(self) -> bool:
        return self.outstanding == 0


def statement(matter: dict[str, Any], parties: list[dict[str, Any]], ledger: Ledger, on: date) -> Statement:
    """Owed to date. Doubled interest (CPL 2023 Art 264, 法释〔2014〕8号) runs on the unpaid money debt from the
    day after the performance period; each receipt into custody stops it on the part it pays from the next
    day (Art 3: a deduction counts on the day of deduction). Interest is shared among applicants pro rata to
    their principal."""
    applicants = [x for x in parties if x["role"] == "applicant"]
    principal_total = sum((Decimal(x["principal"]) for x in applicants), ZERO)
    receipts = [e for e in ledger.entries if e.kind is EntryKind.RECEIPT and e.on <= on]
    first = first_day_of_delay(matter["performance_due"])
    early = sum((e.total_debit for e in receipts if e.on < first), ZERO)
    base = principal_total - early
    interest, days = ZERO, 0
    if base > 0 and on >= first:
        payments = [Payment(e.on, e.total_debit) for e in receipts if e.on >= first]
        result = delay_statement(base, first, on, payments)
        interest, days = result.accrued, result.days_counted
    owed: list[Owed] = []
    shared = ZERO
    for i, x in enumerate(applicants):
        principal = Decimal(x["principal"])
        if i == len(applicants) - 1:
            share = interest - shared
        else:
            share = (interest * principal / principal_total).quantize(FEN, rounding=ROUND_DOWN)
        shared += share
        claimant = str(x["id"])
        costs = Decimal(x["costs"] or 0)
        paid = ledger.balance(applicant_account(claimant))
        owed.append(
            Owed(
                claimant,
                x["name"],
                principal,
                costs,
                share,
                paid,
                max(principal + costs + share - paid, ZERO),
                int(x["priority"]),
                int(x["rank"]),
            )
        )
    fee = Decimal(matter["enforcement_fee"]).quantize(FEN)
    fee_paid = ledger.balance(FEES)
    fee_outstanding = max(fee - fee_paid, ZERO)
    return Statement(
        on=on,
        applicants=owed,
        fee=fee,
        fee_paid=fee_paid,
        fee_outstanding=fee_outstanding,
        interest=interest,
        interest_days=days,
        custody_balance=ledger.custody_balance,
        received=sum((e.total_debit for e in ledger.entries if e.kind is EntryKind.RECEIPT), ZERO),
        outstanding=fee_outstanding + sum((o.outstanding for o in owed), ZERO),
    )


async def owed_on(matter_id: int, on: date) -> Statement:
    return statement(
        await load_matter(matter_id), await parties_of(matter_id), await load_ledger(matter_id), on
    )


async def disburse(p: Principal | None, matter_id: int, on: date, key: str) -> Disbursement:
    """Pay out what custody holds (执行款发放): the fee first, then applicants by priority and rank
    (court.execution.ledger.plan_disbursement); once everyone is paid, a surplus goes back to the debtor.
    The key makes a retried disbursement a no-op."""
    async with write_transaction():
        matter = await load_matter(matter_id, lock=True)
        if p is not None:
            from court.accounts.policy import require
            from court.execution.service import resource_of

            require(p, Action.ENFORCE, await resource_of(matter))
        ledger = await load_ledger(matter_id)
        done = [e for e in ledger.entries if e.key.startswith(f"payout:{key}")]
        if done:
            return Disbursement(replayed=True, entries=[entry_out(e) for e in done])
        owed = statement(matter, await parties_of(matter_id), ledger, on)
        claims = [
            ClaimOnProceeds(o.claimant, o.outstanding, PriorityClass(o.priority), o.rank)
            for o in owed.applicants
            if o.outstanding > 0
        ]
        if owed.fee_outstanding > 0:
            claims.insert(
                0, ClaimOnProceeds(FEE_CLAIMANT, owed.fee_outstanding, PriorityClass.EXECUTION_COSTS)
            )
        balance = ledger.custody_balance
        payouts = [x for x in plan_disbursement(balance, claims) if x.amount > 0]
        entries: list[LedgerEntry] = []
        if payouts:
            entry, _ = await post(matter_id, lambda lg: lg.pay_out(f"payout:{key}", payouts, on))
            entries.append(entry)
        left = balance - sum((x.amount for x in payouts), ZERO)
        all_paid = sum((x.shortfall for x in payouts), ZERO) == 0 and len(payouts) == len(claims)
        if left > 0 and all_paid:
            entry, _ = await post(
                matter_id, lambda lg: lg.return_to_debtor(f"payout:{key}:surplus", left, on)
            )
            entries.append(entry)
        names = {o.claimant: o.name for o in owed.applicants}
        paid = [PaidOut(to=names.get(x.claimant, x.claimant), amount=str(x.amount)) for x in payouts]
        returned = str(left) if left > 0 and all_paid else "0"
        detail = {"paid": msgspec.to_builtins(paid), "returned_to_debtor": returned}
        if entries:
            await log_event(
                matter_id,
                "money_disbursed",
                on,
                p,
                detail,
                court_code=matter["court_code"],
                audit="matter.disbursed",
            )
    return Disbursement(
        replayed=False,
        entries=[entry_out(e) for e in entries],
        paid=paid,
        returned_to_debtor=returned,
    )


async def reconcile_matter(matter_id: int, statement_balance: Decimal | None = None) -> Reconciliation:
    return reconcile(await load_ledger(matter_id), statement_balance)
