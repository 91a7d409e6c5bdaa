"""Gapless counters (case-number serials, audit sequence numbers) that hold under concurrent writers."""

from __future__ import annotations

from piccolo.columns import BigInt, Serial, Varchar
from piccolo.table import Table

from court.db import current_engine


class Counter(Table, tablename="court_counter"):
    """The last value handed out in one scope, e.g. `case:浙0106:民初:2026` or `audit:浙0106`."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    scope = Varchar(length=96, unique=True, index=True)
    value = BigInt(default=0)


async def next_value(scope: str) -> int:
    """Take the next value of `scope`. Must run inside a write transaction (court.db.write_transaction).

    The counter row is locked until the transaction ends, so a rolled-back transaction gives its number
    back and no two transactions can take the same one: no gaps, no duplicates.
    """
    engine = current_engine()
    if engine.current_transaction.get() is None:
        raise RuntimeError("next_value needs a write transaction")
    # One upsert: it creates the row at 1, or takes the row's lock and increments it (SQLite: the database write
    # lock that BEGIN IMMEDIATE already holds), so a second writer waits until the first commits or rolls back;
    # on PostgreSQL the conflicting row is re-read at its latest committed value once the lock is granted.
    rows = await Counter.raw(
        "INSERT INTO court_counter (scope, value) VALUES ({}, 1) "
        "ON CONFLICT (scope) DO UPDATE SET value = court_counter.value + 1 RETURNING value",
        scope,
    )
    return int(rows[0]["value"])


async def peek(scope: str) -> int:
    row = await Counter.select(Counter.value).where(Counter.scope == scope).first()
    return int(row["value"]) if row else 0
