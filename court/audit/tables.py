"""The append-only audit log: one hash chain per court (审计日志)."""

from piccolo.columns import JSON, BigInt, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class AuditEvent(Table, tablename="court_audit_event"):
    """One state change or document read. `hash` covers the event and the previous event's hash."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    chain = Varchar(length=32, index=True)
    seq = BigInt(index=True)
    occurred_at = Timestamptz(default=TimestamptzNow())
    actor_id = Integer(null=True, default=None)
    actor_role = Varchar(length=32, default="")
    action = Varchar(length=64, index=True)
    subject_type = Varchar(length=32, default="")
    subject_id = Varchar(length=64, default="", index=True)
    detail = JSON(default={})
    prev_hash = Varchar(length=64)
    hash = Varchar(length=64)
