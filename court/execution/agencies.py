"""Assisting agencies of network inquiry and control (网络执行查控): the adapter interface, a simulated gateway,
and the state machine of one agency task."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

import msgspec

from court.errors import Conflict, InvalidInput
from court.i18n import msg
from court.statemachine import Machine


class AgencyKind(StrEnum):
    BANK = "bank"  # 银行 (deposits, online funds)
    REAL_ESTATE_REGISTRY = "real_estate_registry"  # 不动产登记
    VEHICLE_ADMINISTRATION = "vehicle_administration"  # 车辆管理
    SECURITIES = "securities"  # 证券登记结算
    MARKET_REGULATION = "market_regulation"  # 市场监管 (equity in companies)
    SOCIAL_INSURANCE = "social_insurance"  # 社保 (employer, hence income)


class Action(StrEnum):
    INQUIRE = "inquire"  # 查询
    FREEZE = "freeze"  # 冻结
    SEIZE = "seize"  # 查封 / 扣押
    DEDUCT = "deduct"  # 扣划


class AgencyRequest(msgspec.Struct, frozen=True):
    task_id: str
    agency: AgencyKind
    action: Action
    debtor: str  # resident ID or credit code
    asset_ref: str = ""  # the account / title / plate acted on; empty for an inquiry
    amount: Decimal | None = None  # for freeze and deduct
    institution: str = (
        ""  # the one bank (or registry) addressed, e.g. ICBC; empty: every institution of the kind
    )


class Asset(msgspec.Struct, frozen=True):
    agency: AgencyKind
    asset_ref: str
    description: str
    value: Decimal  # balance for deposits, assessed value otherwise
    institution: str = ""  # the bank holding the account, e.g. ICBC; empty where the kind has one registry


class Answer(msgspec.Struct, frozen=True):
    assets: tuple[Asset, ...] = ()  # inquiry results
    complete: bool = True  # False: some branches or registries did not answer
    amount_done: Decimal | None = None  # frozen or deducted, which may be less than asked
    receipt: str = ""  # the agency's reference for a freeze, seizure or deduction


class Ticket(msgspec.Struct, frozen=True):
    """What a submission returns; it carries everything needed to poll it, so a job in any process can."""

    ticket_id: str
    request: AgencyRequest
    submitted_at: datetime


class Pending(msgspec.Struct, frozen=True, tag="pending"):
    pass


class Answered(msgspec.Struct, frozen=True, tag="answered"):
    answer: Answer


class Failed(msgspec.Struct, frozen=True, tag="failed"):
    reason: str


PollResult = Pending | Answered | Failed


class AgencyAdapter(Protocol):
    """One assisting agency, or a gateway to many. Requests are answered later: submit, then poll."""

    def submit(self, request: AgencyRequest, now: datetime) -> Ticket: ...

    def poll(self, ticket: Ticket, now: datetime) -> PollResult: ...


def inquire(adapter: AgencyAdapter, task_id: str, agency: AgencyKind, debtor: str, now: datetime) -> Ticket:
    return adapter.submit(AgencyRequest(task_id, agency, Action.INQUIRE, debtor), now)


def request_control(
    adapter: AgencyAdapter,
    task_id: str,
    action: Action,
    asset: Asset,
    debtor: str,
    now: datetime,
    amount: Decimal | None = None,
) -> Ticket:
    """Ask for a freeze, seizure or deduction of a found asset; the ticket is the task receipt."""
    if action is Action.INQUIRE:
        raise InvalidInput("use inquire() for inquiries")
    if action in (Action.FREEZE, Action.DEDUCT) and (amount is None or amount <= 0):
        raise InvalidInput(msg("a %(action)s names a positive amount", action=action))
    request = AgencyRequest(task_id, asset.agency, action, debtor, asset.asset_ref, amount, asset.institution)
    return adapter.submit(request, now)


# --- the simulation ----------------------------------------------------------------------------------------

# Answer delays in hours by agency. Made-up but shaped on reported practice: national bank links answer in
# about a day, registries in one to a few days (domain-rules §6.1: average feedback 1.83 days in 嵊州).
DELAY_HOURS: dict[AgencyKind, tuple[int, int]] = {
    AgencyKind.BANK: (2, 30),
    AgencyKind.REAL_ESTATE_REGISTRY: (24, 72),
    AgencyKind.VEHICLE_ADMINISTRATION: (12, 48),
    AgencyKind.SECURITIES: (12, 48),
    AgencyKind.MARKET_REGULATION: (24, 72),
    AgencyKind.SOCIAL_INSURANCE: (48, 120),
}
# Banks of the simulated world; a generated account is held by one of them, chosen from its reference.
SIMULATED_BANKS = ("ICBC", "ABC", "BOC", "CCB")
FAILURE_REASONS = (
    "agency did not answer in time",
    "debtor identity not matched",
    "agency system maintenance",
)


def _rng(*parts: object) -> random.Random:
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


class SimulatedGateway:
    """A deterministic stand-in for the agencies: the same seed gives the same assets, delays and failures.

    `holdings` fixes the assets of named debtors (for scenarios); other debtors get assets drawn from the seed.
    Nothing is kept between calls, so two processes with the same seed agree.
    """

    def __init__(
        self,
        seed: int,
        holdings: Mapping[str, Sequence[Asset]] | None = None,
        failure_rate: float = 0.1,
        partial_rate: float = 0.15,
    ) -> None:
        if not (0 <= failure_rate <= 1 and 0 <= partial_rate <= 1):
            raise InvalidInput("rates are between 0 and 1")
        self.seed = seed
        self.holdings = {k: tuple(v) for k, v in (holdings or {}).items()}
        self.failure_rate = failure_rate
        self.partial_rate = partial_rate

    def submit(self, request: AgencyRequest, now: datetime) -> Ticket:
        if now.tzinfo is None:
            raise InvalidInput("times are timezone-aware")
        ticket_id = hashlib.sha256(
            f"{self.seed}|{msgspec.json.encode(request).decode()}|{now.isoformat()}".encode()
        ).hexdigest()[:20]
        return Ticket(ticket_id, request, now)

    def poll(self, ticket: Ticket, now: datetime) -> PollResult:
        rng = _rng(self.seed, ticket.ticket_id)
        low, high = DELAY_HOURS[ticket.request.agency]
        ready_at = ticket.submitted_at + timedelta(minutes=rng.randint(low * 60, high * 60))
        failed = rng.random() < self.failure_rate
        reason = rng.choice(FAILURE_REASONS)
        partial = rng.random() < self.partial_rate
        if now < ready_at:
            return Pending()
        if failed:
            return Failed(reason)
        return self._answer(ticket.request, partial, rng)

    def assets_of(self, debtor: str) -> tuple[Asset, ...]:
        if debtor in self.holdings:
            return self.holdings[debtor]
        rng = _rng(self.seed, "assets", debtor)
        assets: list[Asset] = []
        for i in range(rng.randint(0, 3)):
            assets.append(
                Asset(
                    AgencyKind.BANK,
                    f"BANK-{debtor[-4:]}-{i}",
                    "活期存款账户",  # the bank's own words: the simulated agencies answer in Chinese, as real ones do
                    Decimal(rng.randint(0, 5_000_000)) / 100,
                    SIMULATED_BANKS[int(hashlib.sha256(f"{debtor}|{i}".encode()).hexdigest(), 16) % 4],
                )
            )
        if rng.random() < 0.3:
            value = Decimal(rng.randint(300_000, 3_000_000))
            assets.append(Asset(AgencyKind.REAL_ESTATE_REGISTRY, f"RE-{debtor[-4:]}", "住宅", value))
        if rng.random() < 0.3:
            value = Decimal(rng.randint(20_000, 200_000))
            assets.append(Asset(AgencyKind.VEHICLE_ADMINISTRATION, f"VEH-{debtor[-4:]}", "小型汽车", value))
        return tuple(assets)

    def _answer(self, request: AgencyRequest, partial: bool, rng: random.Random) -> PollResult:
        held = [
            a
            for a in self.assets_of(request.debtor)
            if a.agency == request.agency
            and not (request.institution and a.institution and a.institution != request.institution)
        ]
        if request.action is Action.INQUIRE:
            if partial and held:
                kept = tuple(a for a in held if rng.random() < 0.5)
                return Answered(Answer(assets=kept, complete=False))
            return Answered(Answer(assets=tuple(held)))
        target = next((a for a in held if a.asset_ref == request.asset_ref), None)
        if target is None:
            return Failed(f"no asset {request.asset_ref!r} held for this debtor")
        receipt = f"{request.action}-{request.task_id}"
        if request.action is Action.SEIZE:
            return Answered(Answer(receipt=receipt))
        # A deposit may hold less than asked: the bank freezes or deducts what there is.
        done = min(request.amount or Decimal(0), target.value)
        return Answered(Answer(amount_done=done, complete=done == request.amount, receipt=receipt))


# --- the task state machine --------------------------------------------------------------------------------


class TaskState(StrEnum):
    PENDING = "pending"  # created, not yet sent
    SENT = "sent"  # submitted, waiting for the answer
    ANSWERED = "answered"
    FAILED = "failed"  # this attempt failed; retried after the backoff
    GAVE_UP = "gave_up"  # out of attempts or past the deadline: a clerk must look


# The moves `step` makes: sent when due, answered or failed when polled, retried after a failure, given up past
# the deadline or out of attempts. An answered or abandoned task never moves again.
AGENCY_TASK = Machine(
    name="agency_task",
    table="court.execution.tables:AgencyTaskRow",
    column="state",
    transitions={
        TaskState.PENDING: frozenset({TaskState.SENT, TaskState.GAVE_UP}),
        TaskState.SENT: frozenset({TaskState.ANSWERED, TaskState.FAILED, TaskState.GAVE_UP}),
        TaskState.FAILED: frozenset({TaskState.SENT, TaskState.GAVE_UP}),
        TaskState.ANSWERED: frozenset(),
        TaskState.GAVE_UP: frozenset(),
    },
    initial=frozenset({TaskState.PENDING}),
)


BACKOFF_BASE = timedelta(minutes=10)
BACKOFF_CAP = timedelta(hours=12)


def backoff(attempt: int) -> timedelta:
    """Wait before attempt `attempt + 1`: 10 min, 20 min, 40 min ... at most 12 hours."""
    return min(BACKOFF_BASE * 2 ** max(attempt - 1, 0), BACKOFF_CAP)


class AgencyTask(msgspec.Struct, frozen=True):
    """Agency task (查控任务): one request to one agency, retried with backoff until answered or the deadline."""

    request: AgencyRequest
    deadline: datetime
    state: TaskState = TaskState.PENDING
    attempts: int = 0
    max_attempts: int = 5
    ticket: Ticket | None = None
    next_attempt_at: datetime | None = None
    answer: Answer | None = None
    last_error: str = ""


def due_to_send(task: AgencyTask, now: datetime) -> bool:
    if task.state is TaskState.PENDING:
        return True
    return task.state is TaskState.FAILED and task.next_attempt_at is not None and now >= task.next_attempt_at


def mark_sent(task: AgencyTask, ticket: Ticket, now: datetime) -> AgencyTask:
    if not due_to_send(task, now):
        raise Conflict(
            msg(
                "task %(task_id)s is %(state)s, not due to be sent",
                task_id=task.request.task_id,
                state=task.state,
            )
        )
    return msgspec.structs.replace(
        task, state=TaskState.SENT, ticket=ticket, attempts=task.attempts + 1, next_attempt_at=None
    )


def _fail(task: AgencyTask, reason: str, now: datetime) -> AgencyTask:
    retry_at = now + backoff(task.attempts)
    if task.attempts >= task.max_attempts or retry_at > task.deadline:
        return msgspec.structs.replace(task, state=TaskState.GAVE_UP, last_error=reason, next_attempt_at=None)
    return msgspec.structs.replace(task, state=TaskState.FAILED, last_error=reason, next_attempt_at=retry_at)


def record_poll(task: AgencyTask, result: PollResult, now: datetime) -> AgencyTask:
    if task.state is not TaskState.SENT:
        raise Conflict(
            msg(
                "task %(task_id)s is %(state)s; only a sent task is polled",
                task_id=task.request.task_id,
                state=task.state,
            )
        )
    if isinstance(result, Answered):
        return msgspec.structs.replace(task, state=TaskState.ANSWERED, answer=result.answer, last_error="")
    if isinstance(result, Failed):
        return _fail(task, result.reason, now)
    if now > task.deadline:
        return msgspec.structs.replace(task, state=TaskState.GAVE_UP, last_error="no answer by the deadline")
    return task


def step(task: AgencyTask, adapter: AgencyAdapter, now: datetime) -> AgencyTask:
    """What the polling job does for one task: send it when due, poll it when sent; idempotent otherwise."""
    if task.state in (TaskState.PENDING, TaskState.FAILED) and now > task.deadline:
        return msgspec.structs.replace(
            task,
            state=TaskState.GAVE_UP,
            next_attempt_at=None,
            last_error=task.last_error or "not sent before the deadline",
        )
    if due_to_send(task, now):
        return mark_sent(task, adapter.submit(task.request, now), now)
    if task.state is TaskState.SENT and task.ticket is not None:
        return record_poll(task, adapter.poll(task.ticket, now), now)
    return task
