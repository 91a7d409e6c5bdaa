"""The rate limiter's counters in the database: one row per bucket and time slot, shared by every web process."""

from __future__ import annotations

from piccolo.columns import Integer, Serial, Varchar
from piccolo.table import Table


class RateLimitHit(Table, tablename="court_rate_limit"):
    """Requests counted in one slot (a fixed window) of one bucket (e.g. sign-ins from one address)."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    name = Varchar(length=200, unique=True)  # bucket + "#" + slot: the row the upsert increments
    bucket = Varchar(length=180, index=True)
    slot = Integer(index=True)  # floor(unix time / window seconds)
    hits = Integer(default=0)
