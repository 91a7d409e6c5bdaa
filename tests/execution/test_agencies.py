"""Agency adapter: the simulated gateway and the agency task state machine."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from court.errors import Conflict
from court.execution.agencies import (
    Action,
    AgencyKind,
    AgencyRequest,
    AgencyTask,
    Answered,
    Asset,
    Failed,
    Pending,
    SimulatedGateway,
    TaskState,
    backoff,
    inquire,
    record_poll,
    request_control,
    step,
)

NOW = datetime(2025, 3, 3, 1, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=6)


def outcomes(gateway: SimulatedGateway, n: int = 40) -> list[object]:
    results = []
    for i in range(n):
        ticket = inquire(gateway, f"t{i}", list(AgencyKind)[i % 6], f"debtor-{i}", NOW)
        results.append(gateway.poll(ticket, LATER))
    return results


def test_same_seed_same_answers_and_another_seed_differs() -> None:
    assert outcomes(SimulatedGateway(7)) == outcomes(SimulatedGateway(7))
    assert outcomes(SimulatedGateway(7)) != outcomes(SimulatedGateway(8))


def test_the_simulation_produces_failures_partial_answers_and_delays() -> None:
    results = outcomes(SimulatedGateway(3, failure_rate=0.3, partial_rate=0.5), n=120)
    assert any(isinstance(r, Failed) for r in results)
    assert any(isinstance(r, Answered) and not r.answer.complete for r in results)
    gateway = SimulatedGateway(3)
    ticket = inquire(gateway, "t", AgencyKind.REAL_ESTATE_REGISTRY, "d", NOW)
    assert isinstance(gateway.poll(ticket, NOW + timedelta(hours=23)), Pending)  # registries take ≥ 24 h


def test_freeze_takes_what_the_account_holds() -> None:
    acct = Asset(AgencyKind.BANK, "ACC-1", "deposit", Decimal("3000.00"))
    gateway = SimulatedGateway(1, holdings={"d": [acct]}, failure_rate=0)
    ticket = request_control(gateway, "f1", Action.FREEZE, acct, "d", NOW, amount=Decimal("5000"))
    result = gateway.poll(ticket, LATER)
    assert isinstance(result, Answered)
    assert result.answer.amount_done == Decimal("3000.00") and not result.answer.complete


def test_task_retries_with_backoff_then_gives_up_at_the_deadline() -> None:
    class AlwaysFails:
        def submit(self, request: AgencyRequest, now: datetime):  # type: ignore[no-untyped-def]
            return SimulatedGateway(0).submit(request, now)

        def poll(self, ticket, now):  # type: ignore[no-untyped-def]
            return Failed("down")

    adapter = AlwaysFails()
    request = AgencyRequest("t1", AgencyKind.BANK, Action.INQUIRE, "d")
    task = AgencyTask(request, deadline=NOW + timedelta(hours=1), max_attempts=10)
    task = step(task, adapter, NOW)
    assert task.state is TaskState.SENT and task.attempts == 1
    task = step(task, adapter, NOW)
    assert task.state is TaskState.FAILED and task.next_attempt_at == NOW + backoff(1)
    assert step(task, adapter, NOW) is task  # not yet due: nothing happens
    now = NOW
    while task.state not in (TaskState.GAVE_UP, TaskState.ANSWERED):
        now = task.next_attempt_at or now
        task = step(step(task, adapter, now), adapter, now)
    assert task.state is TaskState.GAVE_UP and task.last_error == "down"
    assert [backoff(n) for n in (1, 2, 3)] == [
        timedelta(minutes=10),
        timedelta(minutes=20),
        timedelta(minutes=40),
    ]
    assert backoff(30) == timedelta(hours=12)


def test_task_reaches_answered_through_the_gateway() -> None:
    gateway = SimulatedGateway(5, failure_rate=0)
    task = AgencyTask(
        AgencyRequest("t", AgencyKind.BANK, Action.INQUIRE, "d"), deadline=NOW + timedelta(days=7)
    )
    task = step(task, gateway, NOW)
    task = step(task, gateway, NOW + timedelta(hours=1))
    assert task.state in (TaskState.SENT, TaskState.ANSWERED)
    task = step(task, gateway, NOW + timedelta(days=2))
    assert task.state is TaskState.ANSWERED and task.answer is not None
    assert step(task, gateway, NOW + timedelta(days=3)) is task
    with pytest.raises(Conflict):
        record_poll(task, Pending(), NOW)


def test_unanswered_task_gives_up_after_the_deadline() -> None:
    gateway = SimulatedGateway(5, failure_rate=0)
    req = AgencyRequest("t", AgencyKind.SOCIAL_INSURANCE, Action.INQUIRE, "d")
    task = step(AgencyTask(req, deadline=NOW + timedelta(hours=1)), gateway, NOW)
    task = step(task, gateway, NOW + timedelta(hours=2))  # social insurance needs ≥ 48 h
    assert task.state is TaskState.GAVE_UP and "deadline" in task.last_error
