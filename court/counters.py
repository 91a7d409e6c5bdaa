"""Gapless counters (case-number serials, audit sequence numbers) that hold under concurrent writers."""

from __future__ import annotations

from piccolo.columns import BigInt, Varchar
from piccolo.table import Table

from court.db import current_engine


class Counter(Table, tablename="court_counter"):
    """The last value handed out in one scope, e.g. `case:浙0106:民初:2026` or `audit:浙0106`."""

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
    # The row is created once; the UPDATE then takes its lock (SQLite: the database write lock that BEGIN
    # IMMEDIATE already holds), so a second writer waits until the first commits or rolls back.
    await Counter.raw(
        "INSERT INTO court_counter (scope, value) VALUES ({}, 0) ON CONFLICT (scope) DO NOTHING", scope
    )
    rows = await Counter.raw("UPDATE court_counter SET value = value + 1 WHERE scope = {} RETURNING value", scope)
    return int(rows[0]["value"])


async def peek(scope: str) -> int:
    row = await Counter.select(Counter.value).where(Counter.scope == scope).first()
    return int(row["value"]) if row else 0
