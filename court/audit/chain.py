"""The audit chain: record an event, and verify that no event was altered, deleted or reordered."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from court.audit.tables import AuditEvent
from court.counters import next_value
from court.db import write_transaction

if TYPE_CHECKING:
    from court.accounts.policy import Principal

GENESIS = "0" * 64
SYSTEM_CHAIN = "system"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who did it: a user (id and role), or the system itself (id None)."""

    user_id: int | None
    role: str
    court_code: str | None = None

    @staticmethod
    def system() -> Actor:
        return Actor(user_id=None, role="system", court_code=None)


def actor_of(p: Principal | None) -> Actor:
    """The principal acting, or the system (a job, a timer) where there is none."""
    if p is None:
        return Actor.system()
    return Actor(user_id=p.user_id, role=p.role.value, court_code=p.court_code)


def _canonical(event: dict[str, Any]) -> bytes:
    body = {
        "chain": event["chain"],
        "seq": int(event["seq"]),
        "occurred_at": _iso(event["occurred_at"]),
        "actor_id": event["actor_id"],
        "actor_role": event["actor_role"],
        "action": event["action"],
        "subject_type": event["subject_type"],
        "subject_id": event["subject_id"],
        "detail": _json_value(event["detail"]),
        "prev_hash": event["prev_hash"],
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _iso(value: datetime | str) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _json_value(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def event_hash(event: dict[str, Any]) -> str:
    return hashlib.sha256(_canonical(event)).hexdigest()


async def record(
    actor: Actor,
    action: str,
    *,
    subject_type: str = "",
    subject_id: str | int = "",
    court_code: str | None = None,
    detail: dict[str, Any] | None = None,
) -> int:
    """Append an event to the chain of `court_code` (or the system chain) and return its sequence number.

    Joins the caller's transaction when there is one, so the event commits or rolls back with the change.
    """
    chain = court_code or actor.court_code or SYSTEM_CHAIN
    async with write_transaction():
        seq = await next_value(f"audit:{chain}")
        prev = GENESIS
        if seq > 1:
            # A statement of its own, after the counter's: on PostgreSQL a statement that waited for the counter's
            # lock reads the snapshot from before the wait, and would miss the event its holder just committed.
            row = (
                await AuditEvent.select(AuditEvent.hash)
                .where((AuditEvent.chain == chain) & (AuditEvent.seq == seq - 1))
                .first()
            )
            prev = row["hash"] if row else GENESIS
        event = {
            "chain": chain,
            "seq": seq,
            # Whole microseconds survive both engines' timestamp types, so the hash can be recomputed.
            "occurred_at": datetime.now(UTC),
            "actor_id": actor.user_id,
            "actor_role": actor.role,
            "action": action,
            "subject_type": subject_type,
            "subject_id": str(subject_id),
            "detail": detail or {},
            "prev_hash": prev,
        }
        event["hash"] = event_hash(event)
        await AuditEvent.insert(AuditEvent.from_dict(event))
    return seq


class SubjectEvents(Protocol):
    """`record` for one kind of subject, its id, court and detail given in order."""

    async def __call__(
        self,
        actor: Actor,
        action: str,
        subject_id: str | int,
        court_code: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> int: ...


def subject_events(subject_type: str) -> SubjectEvents:
    """The audit events of one kind of subject (a fee charge, an appeal, a service, a matter), recorded alike."""

    async def record_of(
        actor: Actor,
        action: str,
        subject_id: str | int,
        court_code: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> int:
        return await record(
            actor,
            action,
            subject_type=subject_type,
            subject_id=subject_id,
            court_code=court_code,
            detail=detail,
        )

    return record_of


@dataclass(frozen=True, slots=True)
class ChainProblem:
    chain: str
    seq: int
    problem: str  # "altered", "missing", "reordered", "broken_link"

    def describe(self) -> str:
        return f"{self.chain} #{self.seq}: {self.problem}"


async def verify(chain: str | None = None) -> list[ChainProblem]:
    """Recompute every hash. An altered event fails its own hash; a deleted one leaves a gap in the
    sequence; a reordered or re-linked one breaks the link to its predecessor."""
    query = AuditEvent.select().order_by(AuditEvent.chain).order_by(AuditEvent.id)
    if chain:
        query = query.where(AuditEvent.chain == chain)
    rows = await query
    problems: list[ChainProblem] = []
    by_chain: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_chain.setdefault(row["chain"], []).append(row)
    for name, events in by_chain.items():
        expected_seq = 1
        prev_hash = GENESIS
        for event in events:
            seq = int(event["seq"])
            if seq != expected_seq:
                kind = "missing" if seq > expected_seq else "reordered"
                problems.append(ChainProblem(name, expected_seq if kind == "missing" else seq, kind))
            if event_hash(event) != event["hash"]:
                problems.append(ChainProblem(name, seq, "altered"))
            elif event["prev_hash"] != prev_hash and seq == expected_seq:
                problems.append(ChainProblem(name, seq, "broken_link"))
            prev_hash = event["hash"]
            expected_seq = seq + 1
    return problems
