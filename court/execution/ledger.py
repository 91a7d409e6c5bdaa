"""Execution-money ledger (执行款台账): double-entry postings per matter that never go negative, never pay twice."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import ROUND_DOWN, Decimal
from enum import IntEnum, StrEnum

import msgspec

from court.amounts import parse_amount
from court.errors import Conflict, InvalidInput
from court.i18n import msg

FEN = Decimal("0.01")
ZERO = Decimal("0.00")


class InsufficientFunds(Conflict):
    """A payment out of the custody account (案款专户) would exceed what it holds."""

    code = "insufficient_funds"


class AccountKind(StrEnum):
    """Accounts of one matter. Custody is the court's asset; the others are counterparts of its movements."""

    CUSTODY = "custody"  # the court's custody account for case money (执行款专户)
    DEBTOR = "debtor"  # money received from or returned to the debtor (被执行人)
    APPLICANT = "applicant"  # paid out to one applicant (申请执行人); `party` names it
    FEES = "fees"  # enforcement fee and costs, borne by the debtor (诉讼费用交纳办法 Art 38)


class Account(msgspec.Struct, frozen=True, order=True):
    kind: AccountKind
    party: str = ""

    def __str__(self) -> str:
        return f"{self.kind}:{self.party}" if self.party else str(self.kind)


CUSTODY = Account(AccountKind.CUSTODY)
DEBTOR = Account(AccountKind.DEBTOR)
FEES = Account(AccountKind.FEES)


def applicant_account(applicant: str) -> Account:
    if not applicant:
        raise InvalidInput("an applicant account needs the applicant's id")
    return Account(AccountKind.APPLICANT, applicant)


class ReceiptSource(StrEnum):
    """Where money in comes from."""

    BANK_DEDUCTION = "bank_deduction"  # 划拨 from a frozen deposit
    AUCTION_PROCEEDS = "auction_proceeds"  # 拍卖/变卖 price paid by the buyer
    VOLUNTARY_PAYMENT = "voluntary_payment"  # the debtor pays (自动履行)


class EntryKind(StrEnum):
    RECEIPT = "receipt"
    DISBURSEMENT = "disbursement"
    FEE = "fee"
    RETURN_TO_DEBTOR = "return_to_debtor"  # surplus after every claim is met goes back to the debtor


class Line(msgspec.Struct, frozen=True):
    account: Account
    debit: Decimal = ZERO
    credit: Decimal = ZERO


class LedgerEntry(msgspec.Struct, frozen=True):
    """One balanced journal entry (记账凭证). `key` makes posting it idempotent."""

    key: str
    sequence: int
    kind: EntryKind
    on: date
    lines: tuple[Line, ...]
    source: str = ""  # a ReceiptSource for receipts
    reference: str = ""  # bank voucher, auction ruling number ...

    @property
    def total_debit(self) -> Decimal:
        return sum((line.debit for line in self.lines), ZERO)

    @property
    def total_credit(self) -> Decimal:
        return sum((line.credit for line in self.lines), ZERO)

    def payload(self) -> tuple[object, ...]:
        """What a replay must repeat exactly; the sequence number is assigned by the ledger, not the caller."""
        return (self.kind, self.on, self.lines, self.source, self.reference)


def money(amount: Decimal | int | str) -> Decimal:
    """A positive amount in yuan with fen precision; anything finer is refused, not silently rounded."""
    return parse_amount(amount, "amount", positive=True)


class Ledger:
    """The execution-money ledger of one enforcement matter (执行案件)."""

    def __init__(self, matter_id: str) -> None:
        self.matter_id = matter_id
        self._entries: list[LedgerEntry] = []
        self._by_key: dict[str, LedgerEntry] = {}
        # Running balances, kept beside the entries the way a database keeps a balance column;
        # reconcile() recomputes them from the entries.
        self._balances: dict[Account, Decimal] = {}

    @classmethod
    def from_entries(cls, matter_id: str, entries: Iterable[LedgerEntry]) -> Ledger:
        """Rebuild a ledger from stored entries, checking every invariant again on the way."""
        ledger = cls(matter_id)
        for entry in sorted(entries, key=lambda e: e.sequence):
            ledger._post(entry.key, entry.kind, entry.on, entry.lines, entry.source, entry.reference)
        return ledger

    @property
    def entries(self) -> tuple[LedgerEntry, ...]:
        return tuple(self._entries)

    def balance(self, account: Account) -> Decimal:
        """Debits minus credits: what custody holds, what an applicant has been paid, minus what the debtor paid."""
        return self._balances.get(account, ZERO)

    @property
    def custody_balance(self) -> Decimal:
        return self.balance(CUSTODY)

    def receive(
        self, key: str, amount: Decimal, source: ReceiptSource, on: date, reference: str = ""
    ) -> LedgerEntry:
        value = money(amount)
        lines = (Line(CUSTODY, debit=value), Line(DEBTOR, credit=value))
        return self._post(key, EntryKind.RECEIPT, on, lines, str(source), reference)

    def disburse(
        self, key: str, applicant: str, amount: Decimal, on: date, reference: str = ""
    ) -> LedgerEntry:
        value = money(amount)
        lines = (Line(applicant_account(applicant), debit=value), Line(CUSTODY, credit=value))
        return self._post(key, EntryKind.DISBURSEMENT, on, lines, "", reference)

    def deduct_fee(self, key: str, amount: Decimal, on: date, reference: str = "") -> LedgerEntry:
        """Take the enforcement fee out of case money: the debtor bears it (诉讼费用交纳办法 Art 20, Art 38)."""
        value = money(amount)
        lines = (Line(FEES, debit=value), Line(CUSTODY, credit=value))
        return self._post(key, EntryKind.FEE, on, lines, "", reference)

    def return_to_debtor(self, key: str, amount: Decimal, on: date, reference: str = "") -> LedgerEntry:
        value = money(amount)
        lines = (Line(DEBTOR, debit=value), Line(CUSTODY, credit=value))
        return self._post(key, EntryKind.RETURN_TO_DEBTOR, on, lines, "", reference)

    def pay_out(self, key: str, payouts: Sequence[Payout], on: date, reference: str = "") -> LedgerEntry:
        """Post a whole distribution plan as one entry, so it is paid entirely or not at all."""
        lines: list[Line] = []
        for payout in payouts:
            if payout.amount == 0:
                continue
            value = money(payout.amount)
            target = (
                FEES
                if payout.priority is PriorityClass.EXECUTION_COSTS
                else applicant_account(payout.claimant)
            )
            lines.append(Line(target, debit=value))
        if not lines:
            raise InvalidInput("a distribution with nothing to pay")
        total = sum((line.debit for line in lines), ZERO)
        lines.append(Line(CUSTODY, credit=total))
        return self._post(key, EntryKind.DISBURSEMENT, on, tuple(lines), "", reference)

    def _post(
        self, key: str, kind: EntryKind, on: date, lines: tuple[Line, ...], source: str, reference: str
    ) -> LedgerEntry:
        if not key:
            raise InvalidInput("every posting needs an idempotency key")
        entry = LedgerEntry(key, len(self._entries) + 1, kind, on, lines, source, reference)
        previous = self._by_key.get(key)
        if previous is not None:
            if previous.payload() != entry.payload():
                raise Conflict(
                    msg("idempotency key %(key)s was used for a different posting", key=repr(key)), key=key
                )
            return previous
        _check_balanced(entry)
        deltas: dict[Account, Decimal] = {}
        for line in lines:
            deltas[line.account] = deltas.get(line.account, ZERO) + line.debit - line.credit
        after = self.custody_balance + deltas.get(CUSTODY, ZERO)
        if after < 0:
            raise InsufficientFunds(
                msg(
                    "custody holds %(custody_balance)s, the posting takes %(value)s",
                    custody_balance=self.custody_balance,
                    value=-deltas[CUSTODY],
                ),
                balance=str(self.custody_balance),
                requested=str(-deltas[CUSTODY]),
            )
        for account, delta in deltas.items():
            self._balances[account] = self._balances.get(account, ZERO) + delta
        self._entries.append(entry)
        self._by_key[key] = entry
        return entry


def _check_balanced(entry: LedgerEntry) -> None:
    for line in entry.lines:
        if line.debit < 0 or line.credit < 0 or (line.debit and line.credit):
            raise InvalidInput(
                msg("a line is either a positive debit or a positive credit: %(line)s", line=line)
            )
    if entry.total_debit != entry.total_credit:
        raise InvalidInput(
            msg(
                "entry %(key)s does not balance: %(total_debit)s != %(total_credit)s",
                key=repr(entry.key),
                total_debit=entry.total_debit,
                total_credit=entry.total_credit,
            )
        )


class Reconciliation(msgspec.Struct, frozen=True):
    """The result of checking a matter's recorded balance against its postings (对账)."""

    matter_id: str
    recorded_balance: Decimal
    computed_balance: Decimal
    total_received: Decimal
    total_disbursed: Decimal
    total_fees: Decimal
    total_returned: Decimal
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def reconcile(ledger: Ledger, statement_balance: Decimal | None = None) -> Reconciliation:
    """Recompute the custody balance from the entries and compare it with the recorded one (and a bank statement)."""
    problems: list[str] = []
    running = ZERO
    totals = dict.fromkeys(EntryKind, ZERO)
    seen: set[str] = set()
    for entry in ledger.entries:
        if entry.key in seen:
            problems.append(f"key {entry.key!r} posted twice")
        seen.add(entry.key)
        if entry.total_debit != entry.total_credit:
            problems.append(f"entry {entry.key!r} does not balance")
        movement = sum((ln.debit - ln.credit for ln in entry.lines if ln.account == CUSTODY), ZERO)
        running += movement
        totals[entry.kind] += abs(movement)
        if running < 0:
            problems.append(f"custody negative ({running}) after entry {entry.key!r}")
    recorded = ledger.custody_balance
    if recorded != running:
        problems.append(f"recorded custody balance {recorded} differs from postings {running}")
    if statement_balance is not None and statement_balance != running:
        problems.append(f"bank statement shows {statement_balance}, postings give {running}")
    return Reconciliation(
        matter_id=ledger.matter_id,
        recorded_balance=recorded,
        computed_balance=running,
        total_received=totals[EntryKind.RECEIPT],
        total_disbursed=totals[EntryKind.DISBURSEMENT],
        total_fees=totals[EntryKind.FEE],
        total_returned=totals[EntryKind.RETURN_TO_DEBTOR],
        problems=tuple(problems),
    )


# --- distribution of proceeds (执行款分配) ---------------------------------------------------------------


class PriorityClass(IntEnum):
    """Order in which proceeds are paid (lower first).

    CPL-Interp (2022) Art 508 [K for the number; Art 510 in the 2015 text]: execution costs are deducted,
    then creditors with priority or security rights are paid, then ordinary creditors.
    """

    EXECUTION_COSTS = 0  # 执行费用
    SECURED = 1  # 优先受偿权、担保物权 (mortgages rank among themselves by registration, Civil Code Art 414)
    ORDINARY = 2  # 普通债权


class ClaimOnProceeds(msgspec.Struct, frozen=True):
    """A claim to share in the proceeds (参与分配).

    `rank` orders claims inside a class: equal ranks share pro rata (natural-person debtor, CPL-Interp 2022
    Art 508), increasing ranks are paid in turn (enterprise debtor not sent to bankruptcy: by order of
    seizure, CPL-Interp 2022 Art 514 [K for the number]; mortgages by registration order).
    """

    claimant: str
    amount: Decimal
    priority: PriorityClass = PriorityClass.ORDINARY
    rank: int = 0


class Payout(msgspec.Struct, frozen=True):
    claimant: str
    amount: Decimal
    claimed: Decimal
    priority: PriorityClass
    rank: int

    @property
    def shortfall(self) -> Decimal:
        return self.claimed - self.amount


def plan_disbursement(balance: Decimal, claims: Sequence[ClaimOnProceeds]) -> list[Payout]:
    """Split `balance` over `claims` by class, then rank, pro rata inside a tie; sums never exceed the balance.

    Pro-rata shares are cut to whole fen and the fen left over go to the largest remainders (ties broken by
    claimant id), so the group receives exactly what is available, to the fen, and nobody more than claimed.
    Payouts come back in the order of `claims`.
    """
    if balance < 0:
        raise InvalidInput("balance cannot be negative")
    for claim in claims:
        money(claim.amount)
    claimants = [c.claimant for c in claims]
    if len(set(claimants)) != len(claimants):
        raise InvalidInput("each claimant appears once; merge its claims first")
    available = balance.quantize(FEN, rounding=ROUND_DOWN)
    paid: dict[str, Decimal] = {}
    for group_key in sorted({(c.priority, c.rank) for c in claims}):
        group = [c for c in claims if (c.priority, c.rank) == group_key]
        shares = _pro_rata(available, group)
        paid.update(shares)
        available -= sum(shares.values(), ZERO)
    return [Payout(c.claimant, paid[c.claimant], c.amount, c.priority, c.rank) for c in claims]


def _pro_rata(available: Decimal, group: Sequence[ClaimOnProceeds]) -> dict[str, Decimal]:
    total = sum((c.amount for c in group), ZERO)
    if available >= total:
        return {c.claimant: c.amount for c in group}
    exact = {c.claimant: available * c.amount / total for c in group}
    floors = {k: v.quantize(FEN, rounding=ROUND_DOWN) for k, v in exact.items()}
    leftover_fen = int((available - sum(floors.values(), ZERO)) / FEN)
    by_remainder = sorted(exact, key=lambda k: (-(exact[k] - floors[k]), k))
    for claimant in by_remainder[:leftover_fen]:
        floors[claimant] += FEN
    return floors
