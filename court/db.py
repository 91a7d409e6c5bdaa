"""The database engine: chosen by URL, bound to every table, with one way to open a write transaction."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType, dict_factory
from piccolo.table import Table

from court.errors import NotFound
from court.settings import DatabaseLocation

os.environ.setdefault("PICCOLO_CONF", "court.piccolo_conf")

log = logging.getLogger("court.db")


class CourtPostgresEngine(PostgresEngine):
    """Piccolo's PostgresEngine whose statements inside `court.replica.may_lag()` may be answered by the read
    replica (an extra node named "replica", attached by court.replica.attach); without one it is PostgresEngine."""

    async def run_querystring(self, querystring: Any, in_pool: bool = True) -> Any:
        if not self.extra_nodes:
            return await super().run_querystring(querystring, in_pool=in_pool)
        from court.replica import routed

        async def on_primary(qs: Any, pool: bool) -> Any:
            return await PostgresEngine.run_querystring(self, qs, in_pool=pool)

        return await routed(self, querystring, in_pool, on_primary)


class CourtSQLiteEngine(SQLiteEngine):
    """Piccolo's SQLiteEngine with its statements outside a transaction run on kept connections.

    Piccolo opens a new connection for every such statement — a thread, the file opened and the schema parsed again,
    ~2.5 ms of CPU — which was most of a page's cost on the embedded default (an enforcement matter's page: 26
    statements, 64 of its 70 ms). This engine keeps up to IDLE_MAX idle connections and lends one to each statement
    (never two statements at once: a connection is taken off the list while it works). Each statement still commits
    on its own, as Piccolo's do; transactions still open a connection of their own (BEGIN IMMEDIATE,
    write_transaction). A statement that fails or is cancelled closes its connection rather than return it in an
    unknown state. `close_pool` closes the kept ones; their threads are daemons, so an engine nobody closed (a
    command-line run) cannot keep the process alive at exit; an idle connection holds no lock or transaction."""

    IDLE_MAX = 4

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._idle: list[Any] = []
        self._idle_lock = threading.Lock()  # the app, a live server's thread and a test may share an engine

    async def _connection(self) -> Any:
        import aiosqlite

        with self._idle_lock:
            if self._idle:
                return self._idle.pop()
        connection = aiosqlite.connect(**self.connection_kwargs)
        connection._thread.daemon = True  # not started yet: the thread starts when the connection is awaited
        await connection
        await connection.execute("PRAGMA foreign_keys = 1")
        connection.row_factory = dict_factory  # type: ignore[assignment]  # sqlite3 takes any callable; aiosqlite types a class
        return connection

    async def _run_in_new_connection(
        self,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: type[Table] | None = None,
    ) -> Any:
        if query_type == "insert" and self.get_version_sync() < 3.35:  # no RETURNING: Piccolo's own way
            return await super()._run_in_new_connection(query, args, query_type, table)
        connection = await self._connection()
        try:
            async with connection.execute(query, args or []) as cursor:
                await connection.commit()
                rows = await cursor.fetchall()
        except BaseException:
            await _close_quietly(connection)
            raise
        with self._idle_lock:
            if len(self._idle) < self.IDLE_MAX:
                self._idle.append(connection)
                return rows
        await _close_quietly(connection)
        return rows

    async def close_idle(self) -> None:
        """Close the kept connections and wait for their threads to end (in this loop, before it closes)."""
        with self._idle_lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            await _close_quietly(connection)


async def _close_quietly(connection: Any) -> None:
    try:
        await connection.close()
    except Exception:  # noqa: BLE001 - closing a connection whose statement failed: the failure is what the caller sees
        log.debug("closing a SQLite connection failed", exc_info=True)


def make_engine(location: DatabaseLocation) -> Engine:
    if location.engine == "sqlite":
        assert location.path is not None
        location.path.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(location.path) as conn:
            # WAL lets readers go on while one writer commits; the mode is stored in the file.
            conn.execute("PRAGMA journal_mode=WAL")
        # Writers wait for the lock instead of failing at once under concurrent filings.
        return CourtSQLiteEngine(path=str(location.path), timeout=60)
    return CourtPostgresEngine(
        config={
            "host": location.host,
            "port": location.port,
            "user": location.user,
            "password": location.password or None,
            "database": location.database,
        }
    )


def activate(engine: Engine, tables: Iterable[type[Table]]) -> None:
    """Make `engine` the one every table (`tables`, court.tables.all_tables, and Piccolo's migration table) talks
    to. The tables are passed in: they import this module (court.counters), so it cannot import their list."""
    from piccolo.apps.migrations.tables import Migration

    import court.piccolo_conf as conf

    conf.DB = engine
    every: list[type[Table]] = [*tables, Migration]
    for table in every:
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
        tx = engine.transaction()
        try:
            async with tx:
                yield tx
        except BaseException:
            await _release_if_still_held(engine, tx)
            raise


async def _release_if_still_held(engine: Engine, tx: Any) -> None:
    """Piccolo releases a transaction's pooled connection only after COMMIT or ROLLBACK succeeded; when the
    connection itself died (server restart, pg_terminate_backend) it stays checked out forever, and twenty such
    faults exhaust the pool so that every later request hangs. Found by tests/security/test_faults.py."""
    connection = getattr(tx, "connection", None)
    pool = getattr(engine, "pool", None)
    # asyncpg's pool proxy drops its connection (_con) once released.
    if connection is None or pool is None or getattr(connection, "_con", None) is None:
        return
    try:
        await pool.release(connection)
    except Exception:  # noqa: BLE001 - the connection is already broken; freeing the pool slot is all that matters
        log.warning("could not release a broken database connection", exc_info=True)


MAX_OFFSET = 10**9  # SQLite refuses offsets past a 64-bit integer; no page lies that far anyway


def page_window(limit: int, offset: int, *, max_limit: int) -> tuple[int, int]:
    """A list query's LIMIT and OFFSET, clamped to what both engines accept (every list endpoint uses this)."""
    return min(max(limit, 1), max_limit), min(max(offset, 0), MAX_OFFSET)


# Connections a PostgreSQL pool opens when it starts (asyncpg's default); it grows to POOL_MAX_SIZE under load.
POOL_MIN_SIZE = 10
POOL_MAX_SIZE = 20


async def start_pool(engine: Engine, *, min_size: int = POOL_MIN_SIZE) -> None:
    """Open the engine's PostgreSQL pool. `min_size` is for the test harness (tests/conftest.py start_runtime): a
    test uses a connection or a few, and opening ten server sessions for each test cost more than most tests."""
    if isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(min_size=min_size, max_size=POOL_MAX_SIZE)
        from court.replica import start

        await start(engine)


async def close_pool(engine: Engine) -> None:
    if isinstance(engine, PostgresEngine) and engine.pool is not None:
        await engine.close_connection_pool()
    if isinstance(engine, CourtSQLiteEngine):
        await engine.close_idle()
    from court.replica import close

    await close(engine)


async def ping(engine: Engine) -> None:
    await engine._run_in_new_connection("SELECT 1")  # type: ignore[attr-defined]  # both engines have it; Engine does not declare it


async def applied_migrations() -> int:
    """How many migrations the database has recorded (0 on a new database, before Piccolo's table exists)."""
    from piccolo.apps.migrations.tables import Migration

    if not await Migration.table_exists():
        return 0
    return int(await Migration.count())


async def migrate(*, verbose: bool = False) -> int:
    """Run every migration not yet applied and return how many ran.

    Piccolo prints a line per app ("6 migrations already complete", "6 migrations not yet run"), which on a new
    database reads as a contradiction; its output is kept and shown only with `verbose` or when it fails."""
    import contextlib
    import io

    from piccolo.apps.migrations.commands.forwards import run_forwards

    before = await applied_migrations()
    captured = io.StringIO()
    with contextlib.redirect_stdout(captured):
        result = await run_forwards(app_name="all")
    if verbose or not result.success:
        print(captured.getvalue(), end="")
    if not result.success:
        raise RuntimeError(f"migration failed: {result.message}")
    return await applied_migrations() - before


def must_exist(row: dict[str, Any] | None) -> dict[str, Any]:
    """A row read by its key that this transaction has locked or written, so it exists; if it does not (deleted
    under a caller that forgot the lock) the request ends in a 404 problem rather than a TypeError."""
    if row is None:
        raise NotFound("the record was removed while this request used it")
    return row
