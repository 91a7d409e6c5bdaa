"""Reads that may lag (case search, leader dashboards, lists) on a streaming replica (COURT_DATABASE_REPLICA_URL).

Writes, and reads that must see the caller's own write (a filing just made, anything inside a transaction), stay on
the primary: only a query handed to `lagging()` goes to the replica. A replica that cannot answer is left alone for
RETRY_AFTER_SECONDS and its reads go to the primary meanwhile, so a dead replica slows nothing down but the one read
that found it dead.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, cast

import asyncpg
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine

from court.db import current_engine, make_engine

log = logging.getLogger("court.replica")

NODE = "replica"
RETRY_AFTER_SECONDS = 5.0
POOL_SIZE = 20
# What a replica that is down, restarting, promoting or cancelling a query for replay conflicts raises; a query
# error (bad SQL) is not among them and is raised as on the primary.
UNAVAILABLE: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    asyncio.TimeoutError,
    asyncpg.InterfaceError,  # ConnectionDoesNotExistError: the server went away under an open connection
    asyncpg.PostgresConnectionError,  # SQLSTATE class 08
    asyncpg.exceptions.OperatorInterventionError,  # class 57: admin shutdown, cannot connect now (starting up)
    asyncpg.exceptions.SerializationError,  # 40001: canceled due to conflict with recovery
)


class _State:
    down_until = 0.0
    fallbacks = 0  # reads sent to the primary because the replica failed (for /ready and tests)


STATE = _State()


def attach(engine: Engine, replica_url: str) -> None:
    """Give the primary's engine a replica node (Piccolo's extra_nodes); nothing for SQLite or an empty URL."""
    if not replica_url or not isinstance(engine, PostgresEngine):
        return
    from court.settings import parse_database_url

    replica = make_engine(parse_database_url(replica_url))
    engine.extra_nodes = {**engine.extra_nodes, NODE: cast(PostgresEngine, replica)}  # make_engine gave PostgreSQL for a postgres URL


def replica_of(engine: Engine) -> PostgresEngine | None:
    nodes = getattr(engine, "extra_nodes", None) or {}
    node = nodes.get(NODE)
    return node if isinstance(node, PostgresEngine) else None


async def start(engine: Engine) -> None:
    """Open the replica's pool. A replica down at start is not fatal: its reads go to the primary until it answers
    (each try then opens a connection of its own)."""
    replica = replica_of(engine)
    if replica is None:
        return
    try:
        await replica.start_connection_pool(max_size=POOL_SIZE)
    except UNAVAILABLE as exc:
        _mark_down(exc)


async def close(engine: Engine) -> None:
    replica = replica_of(engine)
    if replica is not None and replica.pool is not None:
        await replica.close_connection_pool()


def _mark_down(exc: BaseException) -> None:
    STATE.down_until = time.monotonic() + RETRY_AFTER_SECONDS
    STATE.fallbacks += 1
    log.warning("read replica unavailable, reading from the primary for %.0f s: %s", RETRY_AFTER_SECONDS, exc)


async def lagging(query: Any) -> Any:
    """Run a Piccolo read that may be a little behind: on the replica when there is one and it is up, else on the
    primary. Inside a transaction it stays on the primary (the transaction's own writes must be seen)."""
    engine = current_engine()
    replica = replica_of(engine)
    if replica is None or engine.current_transaction.get() is not None or time.monotonic() < STATE.down_until:
        return await query
    try:
        return await query.run(node=NODE)
    except UNAVAILABLE as exc:
        _mark_down(exc)
        return await query
