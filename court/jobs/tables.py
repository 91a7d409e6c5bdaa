"""The job outbox: jobs recorded in the same transaction as the change that needs them (作业发件箱)."""

from piccolo.columns import JSON, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class OutboxJob(Table, tablename="court_outbox_job"):
    """A job to run: pending → queued (handed to RQ) → running → done, or failed after its retries."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    name = Varchar(length=64, index=True)
    # The court whose work the job does: its staff see and retry it. None for periodic sweeps (administrators').
    court_code = Varchar(length=16, null=True, default=None, index=True)
    payload = JSON(default={})
    dedupe_key = Varchar(length=160, unique=True, index=True)
    status = Varchar(length=16, default="pending", index=True)
    attempts = Integer(default=0)
    max_attempts = Integer(default=5)
    last_error = Text(default="")
    result = JSON(default={})
    created_at = Timestamptz(default=TimestamptzNow())
    available_at = Timestamptz(default=TimestamptzNow(), index=True)
    started_at = Timestamptz(null=True, default=None)
    finished_at = Timestamptz(null=True, default=None)
