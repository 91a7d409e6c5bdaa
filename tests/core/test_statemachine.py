"""The declared state machines and the one compare-and-set that moves them (court/statemachine.py)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from court.db import write_transaction
from court.filing.status import FILING, FilingStatus
from court.filing.tables import Filing
from court.machines import all_machines
from court.statemachine import IllegalTransition, Machine, legal_history, replay, transition

MACHINES = {m.name: m for m in all_machines()}


def reachable(machine: Machine) -> set[str]:
    seen, frontier = set(machine.initial), list(machine.initial)
    while frontier:
        for nxt in machine.transitions[frontier.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    return seen


@pytest.mark.parametrize("name", sorted(MACHINES))
def test_every_declared_state_can_be_reached_and_some_state_is_final(name: str) -> None:
    machine = MACHINES[name]
    assert reachable(machine) == set(machine.states)
    assert any(not targets for targets in machine.transitions.values()), "a machine whose objects never end"


def test_the_filing_machine_is_the_one_of_the_law() -> None:
    # CPL Art 126: registered or refused is the decision, and it is final; a returned filing comes back submitted.
    assert FILING.sources(FilingStatus.SUBMITTED) == {FilingStatus.DRAFT, FilingStatus.RETURNED}
    assert not FILING.transitions[FilingStatus.REGISTERED] and not FILING.transitions[FilingStatus.REFUSED]
    assert not FILING.can_move(FilingStatus.REGISTERED, FilingStatus.REFUSED)


@st.composite
def requests(draw: st.DrawFn) -> tuple[Machine, str, list[str]]:
    machine = MACHINES[draw(st.sampled_from(sorted(MACHINES)))]
    start = draw(st.sampled_from(sorted(machine.initial)))
    return machine, start, draw(st.lists(st.sampled_from(sorted(machine.states)), max_size=25))


@given(requests())
def test_any_sequence_of_requests_leaves_a_legal_history_that_replays_clean(
    case: tuple[Machine, str, list[str]],
) -> None:
    machine, state, wanted = case
    history = [state]
    for target in wanted:  # what `transition` does: a move happens only when the machine allows it
        if machine.can_move(history[-1], target):
            history.append(target)
    assert legal_history(machine, history)
    if machine.events:
        action_of = {state: action for action, state in machine.events.items()}
        events = [(action_of[s], f"#{i}") for i, s in enumerate(history) if s in action_of]
        if len(events) == len(history):
            assert replay(machine, "1", events) == []


@given(requests(), st.data())
def test_replay_names_exactly_the_illegal_step(
    case: tuple[Machine, str, list[str]], data: st.DataObject
) -> None:
    machine, start, wanted = case
    if not machine.events:
        return
    action_of = {state: action for action, state in machine.events.items()}
    history = [start]
    for target in wanted:
        if machine.can_move(history[-1], target) and target in action_of:
            history.append(target)
    bad = [s for s in machine.states if s in action_of and not machine.can_move(history[-1], s)]
    if start not in action_of or not bad:
        return
    illegal = data.draw(st.sampled_from(sorted(bad)))
    events = [(action_of[s], f"#{i}") for i, s in enumerate([*history, illegal])]
    problems = replay(machine, "7", events)
    assert [(p.position, p.found, p.target) for p in problems] == [(len(history), history[-1], illegal)]


# --- the compare-and-set itself, on both engines ----------------------------------------------------------------


async def new_filing() -> int:
    from court.accounts.tables import User

    user = await User.select(User.id).first()
    async with write_transaction():
        filing = Filing(filer=user["id"], receiving_court_code="浙0106", status=FilingStatus.DRAFT.value)
        await filing.save()
    return int(filing.id)


async def status_of(fid: int) -> str:
    return str((await Filing.select(Filing.status).where(Filing.id == fid).first())["status"])


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(wanted=st.lists(st.sampled_from(sorted(FilingStatus)), min_size=1, max_size=12))
async def test_transition_moves_only_along_the_machine(seeded: Any, wanted: list[str]) -> None:
    fid = await new_filing()
    history = [FilingStatus.DRAFT.value]
    for target in wanted:
        try:
            async with write_transaction():
                left = await transition(FILING, fid, target)
        except IllegalTransition as refused:
            assert not FILING.can_move(history[-1], target)
            assert refused.params["status"] == history[-1]  # the 409 names the state found
            assert await status_of(fid) == history[-1]  # and nothing moved
            continue
        assert left == history[-1]
        history.append(target)
        assert await status_of(fid) == target
    assert legal_history(FILING, history)


async def test_of_concurrent_moves_from_one_state_exactly_one_wins(seeded: Any) -> None:
    fid = await new_filing()

    async def submit() -> str:
        async with write_transaction():
            await transition(FILING, fid, FilingStatus.SUBMITTED)
            return "won"

    outcomes = await asyncio.gather(*(submit() for _ in range(12)), return_exceptions=True)
    assert outcomes.count("won") == 1
    assert all(
        isinstance(o, IllegalTransition) and o.params["status"] == "submitted" for o in outcomes if o != "won"
    )


async def test_a_move_outside_a_write_transaction_is_refused(seeded: Any) -> None:
    fid = await new_filing()
    with pytest.raises(RuntimeError, match="write transaction"):
        await transition(FILING, fid, FilingStatus.SUBMITTED)
    assert await status_of(fid) == "draft"
