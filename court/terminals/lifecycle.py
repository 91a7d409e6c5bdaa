"""The life of a terminal (共享法庭终端): active from registration until its device key is revoked, for good."""

from __future__ import annotations

from enum import StrEnum

from court.statemachine import Machine


class TerminalState(StrEnum):
    ACTIVE = "active"  # 在用
    REVOKED = "revoked"  # 已停用: the device key no longer opens anything; a replacement is a new terminal


# The state is not a column of its own: a terminal is revoked once `revoked_at` is set.
TERMINAL = Machine(
    name="terminal",
    table="court.terminals.tables:Terminal",
    transitions={
        TerminalState.ACTIVE: frozenset({TerminalState.REVOKED}),
        TerminalState.REVOKED: frozenset(),
    },
    initial=frozenset({TerminalState.ACTIVE}),
    state_sql="CASE WHEN revoked_at IS NULL THEN 'active' ELSE 'revoked' END",
    subject_type="terminal",
    events={"terminal.registered": TerminalState.ACTIVE, "terminal.revoked": TerminalState.REVOKED},
)
