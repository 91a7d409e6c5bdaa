"""One mechanism for every state machine: legal transitions declared once as data, each move a compare-and-set.

A machine names the table and column that hold an object's state, the moves the law and the court's workflow
allow (a plain mapping, declared beside the feature's enum), and which audit actions report which state. Moving an
object is `transition(...)` inside the caller's write transaction: the row is locked (`SELECT … FOR UPDATE` on
PostgreSQL; SQLite's BEGIN IMMEDIATE already holds the database's write lock), its state is checked against the
machine, and only then changed — so of concurrent requests exactly one finds the state it needs; the others get a
409 problem naming the state they found. Whatever the winner does next in the same transaction (number allocation,
audit event, outbox job) is therefore done once. `replay` checks a recorded history against the same declaration,
which is how `court audit verify` finds an impossible sequence.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from court.errors import Conflict, NotFound
from court.i18n import label_msg, msg

if TYPE_CHECKING:
    from piccolo.table import Table

# The declarations are pure data (rule modules such as execution/agencies.py declare their machine here without
# importing any I/O); only `transition` and `current_state` reach the database, importing it when called.


@dataclass(frozen=True)
class Machine:
    """A state machine: where its state lives and which moves are legal.

    `transitions` maps each state to the states it may move to. `initial` are the states an object is created in.
    `events` maps an audit action (e.g. `filing.submitted`) to the state it reports, for replaying histories.
    `state_sql` is an SQL expression for a state kept implicitly (a terminal is revoked when `revoked_at` is set);
    such a machine's caller passes the columns to set in `values`.
    """

    name: str
    table: str  # "module:Class", imported when first used (feature tables import the feature's status enums)
    transitions: Mapping[
        Any, frozenset[Any]
    ]  # keyed by state: str, or the StrEnum a feature declares (Mapping keys are invariant)
    initial: frozenset[str]
    column: str = "status"
    state_sql: str | None = None
    subject_type: str = ""
    events: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        states = set(self.transitions)
        for source, targets in self.transitions.items():
            unknown = set(targets) - states
            if unknown:
                raise ValueError(f"{self.name}: {source} moves to undeclared states {sorted(unknown)}")
        if not set(self.initial) <= states or not set(self.events.values()) <= states:
            raise ValueError(f"{self.name}: initial states and event states must be declared states")

    @property
    def states(self) -> frozenset[str]:
        return frozenset(self.transitions)

    def can_move(self, current: str, target: str) -> bool:
        return str(target) in self.transitions.get(str(current), frozenset())

    def sources(self, target: str) -> frozenset[str]:
        """The states from which `target` may be reached."""
        return frozenset(s for s, targets in self.transitions.items() if str(target) in targets)

    def table_class(self) -> type[Table]:
        module, _, name = self.table.partition(":")
        cls: type[Table] = getattr(importlib.import_module(module), name)
        return cls


class IllegalTransition(Conflict):
    """The object is not in a state from which the requested move is allowed (409, naming the current state)."""

    code = "conflict"


async def current_state(machine: Machine, object_id: int, *, lock: bool = False) -> str:
    """The object's state; with `lock`, its row is held until the surrounding write transaction ends."""
    from court.db import is_sqlite

    table = machine.table_class()
    expression = machine.state_sql or f'"{machine.column}"'
    suffix = " FOR UPDATE" if lock and not is_sqlite() else ""
    rows = await table.raw(
        f"SELECT {expression} AS state FROM {table._meta.tablename} WHERE id = {{}}{suffix}", object_id
    )
    if not rows:
        raise NotFound(
            msg("no %(name)s %(object_id)s", name=label_msg("object", machine.name), object_id=object_id),
            **{f"{machine.name}_id": object_id},
        )
    return str(rows[0]["state"])


async def claim(
    machine: Machine,
    object_id: int,
    target: str,
    *,
    allowed_from: Iterable[str] | None = None,
    stay: bool = False,
) -> str:
    """Lock the object and check that it may move to `target`; return its state. Needs a write transaction.

    For an action whose move is written later in the same transaction (registration: the case is made, then the
    filing moves): the lock holds until commit, so the check stays true and a concurrent request waits, then finds
    the new state and gets its 409.
    """
    from court.db import current_engine

    if current_engine().current_transaction.get() is None:
        raise RuntimeError(f"moving a {machine.name} needs a write transaction (court.db.write_transaction)")
    target = str(target)
    if target not in machine.states:
        raise ValueError(f"{machine.name} has no state {target}")
    legal = machine.sources(target)
    if allowed_from is not None:
        legal &= frozenset(str(s) for s in allowed_from)
    found = await current_state(machine, object_id, lock=True)
    if stay and found == target:
        return found
    if found not in legal:
        raise _illegal(machine, object_id, found, target)
    return found


def _illegal(machine: Machine, object_id: int, found: str, target: str) -> IllegalTransition:
    """The 409 naming the state the object was found in, in the reader's words."""
    return IllegalTransition(
        msg(
            "%(name)s %(object_id)s is %(found)s; it cannot become %(target)s",
            name=label_msg("object", machine.name),
            object_id=object_id,
            found=label_msg(machine.name, found),
            target=label_msg(machine.name, target),
        ),
        status=found,
        machine=machine.name,
        target=target,
    )


async def transition(
    machine: Machine,
    object_id: int,
    target: str,
    *,
    values: Mapping[Any, Any] | None = None,
    allowed_from: Iterable[str] | None = None,
    stay: bool = False,
) -> str:
    """Move one object to `target` as a compare-and-set; return the state it left. Needs a write transaction.

    `allowed_from` narrows the machine's sources for this action (submitting needs a draft or a returned filing,
    although nothing else leads to `submitted`). With `stay`, an object already in `target` is left as it is and
    no error is raised (a stage reached twice). Zero legal rows → `IllegalTransition` (409) naming the state found.
    """
    found = await claim(machine, object_id, target, allowed_from=allowed_from, stay=stay)
    if stay and found == str(target):
        return found
    target = str(target)
    table = machine.table_class()
    update: dict[Any, Any] = dict(values or {})
    if machine.state_sql is None:
        update[table._meta.get_column_by_name(machine.column)] = target
    if update:
        # The row is locked and its state read above; the guard repeats the compare so that the update can never
        # apply to another state even if a caller forgets the transaction's lock (the row count tells).
        where: Any = table._meta.primary_key == object_id
        if machine.state_sql is None:
            where = where & (table._meta.get_column_by_name(machine.column) == found)
        changed = await table.update(update).where(where).returning(table._meta.primary_key)
        if not changed:
            now = await current_state(machine, object_id)
            raise _illegal(machine, object_id, now, target)
    return found


# --- replaying recorded histories ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HistoryProblem:
    """An object's recorded history that its machine does not allow, e.g. `registered` followed by `refused`."""

    machine: str
    subject_id: str
    position: int  # index of the offending event in the object's history
    action: str
    found: str | None  # the state before the event (None: no event has created the object yet)
    target: str
    reference: str = ""  # where the event is: `chain #seq`

    def describe(self) -> str:
        before = self.found or "nothing"
        where = f" ({self.reference})" if self.reference else ""
        return f"{self.machine} {self.subject_id}: {self.action} moves {before} to {self.target}, which is not allowed{where}"


def replay(machine: Machine, subject_id: str, history: Sequence[tuple[str, str]]) -> list[HistoryProblem]:
    """Walk one object's events (action, reference) in order and name every move its machine forbids.

    Events that report no state of this machine (a party added, a document read) are skipped. The first state
    event must be one the object can be created in; after that, each must be a legal move from the state before.
    After an illegal move the state is taken as reported, so one bad event is named once, not on every later one.
    """
    problems: list[HistoryProblem] = []
    state: str | None = None
    for index, (action, reference) in enumerate(history):
        target = machine.events.get(action)
        if target is None:
            continue
        legal = target in machine.initial if state is None else machine.can_move(state, target)
        if not legal:
            problems.append(HistoryProblem(machine.name, subject_id, index, action, state, target, reference))
        state = target
    return problems


def legal_history(machine: Machine, states: Sequence[str]) -> bool:
    """Whether a sequence of states (the first one created, each later one reached by one move) is allowed."""
    if not states:
        return True
    if states[0] not in machine.initial:
        return False
    return all(machine.can_move(a, b) for a, b in zip(states, states[1:], strict=False))
