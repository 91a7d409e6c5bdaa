"""The database engine: chosen by URL, bound to every table, with one way to open a write transaction."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from court.settings import DatabaseLocation

os.environ.setdefault("PICCOLO_CONF", "court.piccolo_conf")


def make_engine(location: DatabaseLocation) -> Engine:
    if location.engine == "sqlite":
        assert location.path is not None
        location.path.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(location.path) as conn:
            # WAL lets readers go on while one writer commits; the mode is stored in the file.
            conn.execute("PRAGMA journal_mode=WAL")
        # Writers wait for the lock instead of failing at once under concurrent filings.
        return SQLiteEngine(path=str(location.path), timeout=60)
    return PostgresEngine(
        config={
            "host": location.host,
            "port": location.port,
            "user": location.user,
            "password": location.password or None,
            "database": location.database,
        }
    )


def activate(engine: Engine) -> None:
    """Make `engine` the one every table (ours and Piccolo's migration table) talks to."""
    from piccolo.apps.migrations.tables import Migration

    import court.piccolo_conf as conf
    from court.tables import all_tables

    conf.DB = engine
    for table in [*all_tables(), Migration]:
        table._meta.db = engine


def current_engine() -> Engine:
    import court.piccolo_conf as conf

    if conf.DB is None:
        raise RuntimeError("no database engine is active; call court.db.activate first")
    return conf.DB


def is_sqlite(engine: Engine | None = None) -> bool:
    return isinstance(engine or current_engine(), SQLiteEngine)


@asynccontextmanager
async def write_transaction() -> AsyncIterator[Any]:
    """One transaction for writes that belong together.

    On SQLite it is BEGIN IMMEDIATE, so the write lock is taken up front and two writers cannot both read
    a counter and then collide at commit. On PostgreSQL it is an ordinary transaction; rows that must be
    serialised are locked explicitly (SELECT ... FOR UPDATE) by the code that needs it.
    """
    engine = current_engine()
    existing = engine.current_transaction.get()
    if existing is not None:
        yield existing
        return
    if isinstance(engine, SQLiteEngine):
        async with engine.transaction(transaction_type=TransactionType.immediate) as tx:
            yield tx
    else:
        async with engine.transaction() as tx:
            yield tx


async def start_pool(engine: Engine) -> None:
    if isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(max_size=20)


async def close_pool(engine: Engine) -> None:
    if isinstance(engine, PostgresEngine) and engine.pool is not None:
        await engine.close_connection_pool()


async def ping(engine: Engine) -> None:
    await engine._run_in_new_connection("SELECT 1")


async def migrate() -> list[str]:
    """Run every migration not yet applied; returns nothing useful beyond success (Piccolo prints ids)."""
    from piccolo.apps.migrations.commands.forwards import run_forwards

    result = await run_forwards(app_name="all")
    if not result.success:
        raise RuntimeError(f"migration failed: {result.message}")
    return [result.message]
