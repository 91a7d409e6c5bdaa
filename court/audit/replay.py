"""Replay each object's audit events against its state machine: a history the machine forbids is named.

The hash chain proves that no event was altered, deleted or reordered; this proves that what the events say
happened could have happened — two `filing.submitted` for one filing, or `filing.registered` followed by
`filing.refused`, are named even though every hash is right (they were, before the compare-and-set: issue 15).
"""

from __future__ import annotations

from collections import defaultdict

from court.audit.tables import AuditEvent
from court.machines import audited_machines
from court.statemachine import HistoryProblem, replay


async def replay_histories(subject_type: str | None = None) -> list[HistoryProblem]:
    """Every illegal sequence in the audit log, per object, in the order the events happened."""
    machines = {m.subject_type: m for m in audited_machines() if subject_type in (None, m.subject_type)}
    if not machines:
        return []
    actions = sorted({action for m in machines.values() for action in m.events})
    # An object's events may sit on several chains (a forwarded filing moves to the competent court's chain),
    # so the order is the time of the event, then the row id for events of the same microsecond.
    rows = (
        await AuditEvent.select(
            AuditEvent.chain,
            AuditEvent.seq,
            AuditEvent.action,
            AuditEvent.subject_type,
            AuditEvent.subject_id,
        )
        .where(AuditEvent.subject_type.is_in(sorted(machines)) & AuditEvent.action.is_in(actions))
        .order_by(AuditEvent.occurred_at)
        .order_by(AuditEvent.id)
    )
    histories: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for row in rows:
        histories[(row["subject_type"], row["subject_id"])].append(
            (row["action"], f"{row['chain']} #{row['seq']}")
        )
    problems: list[HistoryProblem] = []
    for (kind, subject_id), history in histories.items():
        problems.extend(replay(machines[kind], subject_id, history))
    return problems
