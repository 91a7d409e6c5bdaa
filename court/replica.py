"""Reads that may lag (case search, leader dashboards, lists) on a streaming replica (COURT_DATABASE_REPLICA_URL).

Which reads: only those run inside `may_lag()` (a block: a whole dashboard or list with every query the services
make for it) or handed to `lagging()` (one query). Everything else, every write, and every read inside a transaction
stays on the primary; so does a statement the standby cannot run (SELECT ... FOR UPDATE, nextval, advisory locks).

Read your own writes: a page shown right after the user's own POST must show what the POST did, and the replica
may be a moment behind. `read_your_writes` (ASGI middleware, installed when a replica is configured) marks the
session: a successful unsafe request (POST, PUT, PATCH, DELETE; status below 400) answers with a `court_wrote`
cookie holding the time, and for WROTE_RECENTLY_SECONDS after it every read of that browser (or cookie-keeping API
client) goes to the primary, lists and dashboards included; the unsafe request itself reads from the primary too.
The cookie lives in the client, so it holds across web processes behind nginx. Forging it only sends one's own
reads to the primary. Other users' reads stay on the replica: they see the write once it is replayed (normally
well under a second; the window is ten times that).

A replica that cannot answer is left alone for RETRY_AFTER_SECONDS and its reads go to the primary meanwhile, so a
dead replica slows nothing down but the one read that found it dead.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, cast

import asyncpg
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine

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


# Errors of a statement the replica cannot answer but the primary can: a write or lock that slipped into a lagging
# block (25006), or a table or column a migration just made and the replica has not replayed yet (42P01, 42703).
# The statement is run again on the primary, which raises the same error if the statement itself is wrong.
PRIMARY_ONLY_STATEMENT: tuple[type[BaseException], ...] = (
    asyncpg.exceptions.ReadOnlySQLTransactionError,
    asyncpg.exceptions.UndefinedTableError,
    asyncpg.exceptions.UndefinedColumnError,
)
# Statements a hot standby refuses, kept on the primary without trying.
NOT_ON_STANDBY = re.compile(
    r"\bFOR\s+(?:UPDATE|SHARE|NO\s+KEY\s+UPDATE|KEY\s+SHARE)\b|\b(?:nextval|setval|pg_advisory\w*|pg_try_advisory\w*)\s*\(",
    re.IGNORECASE,
)

WROTE_COOKIE = "court_wrote"
WROTE_RECENTLY_SECONDS = 10
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

_MAY_LAG: ContextVar[bool] = ContextVar("court_reads_may_lag", default=False)
_PRIMARY_ONLY: ContextVar[bool] = ContextVar("court_reads_primary_only", default=False)


class _State:
    down_until = 0.0
    fallbacks = 0  # reads sent to the primary because the replica failed (for /ready and tests)
    replica_reads = 0  # statements the replica answered
    kept_on_primary = 0  # statements of a lagging block kept on the primary by the read-your-own-write mark


STATE = _State()


def attach(engine: Engine, replica: Engine | None) -> None:
    """Give the primary's engine a replica node (Piccolo's extra_nodes); nothing for SQLite or without a replica.
    The replica's engine is made by the caller (court.db.make_engine): court.db imports this module."""
    if replica is None or not isinstance(engine, PostgresEngine):
        return
    engine.extra_nodes = {
        **engine.extra_nodes,
        NODE: cast(PostgresEngine, replica),
    }  # make_engine gave PostgreSQL for a postgres URL


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


@contextmanager
def may_lag() -> Iterator[None]:
    """The reads of this block may be answered by the replica (a list or dashboard and the services it calls)."""
    token = _MAY_LAG.set(True)
    try:
        yield
    finally:
        _MAY_LAG.reset(token)


@contextmanager
def primary_only() -> Iterator[None]:
    """Every read of this block on the primary, lagging blocks inside it included (the caller wrote recently)."""
    token = _PRIMARY_ONLY.set(True)
    try:
        yield
    finally:
        _PRIMARY_ONLY.reset(token)


async def lagging(query: Any) -> Any:
    """Run one Piccolo read that may be a little behind (see `may_lag`)."""
    with may_lag():
        return await query


def _target(engine: Engine, sql: str) -> PostgresEngine | None:
    """The replica for this statement, or None for the primary."""
    replica = replica_of(engine)
    if replica is None or engine.current_transaction.get() is not None or time.monotonic() < STATE.down_until:
        return None
    if not sql.lstrip()[:6].upper() == "SELECT" or NOT_ON_STANDBY.search(sql):
        return None
    if _PRIMARY_ONLY.get():
        STATE.kept_on_primary += 1
        return None
    return replica


async def routed(
    engine: Engine, querystring: Any, in_pool: bool, on_primary: Callable[[Any, bool], Awaitable[Any]]
) -> Any:
    """Run a statement of `engine` (court.db.CourtPostgresEngine.run_querystring): on the replica inside a lagging
    block when it may, else (and when the replica fails) with `on_primary`."""
    if not _MAY_LAG.get():
        return await on_primary(querystring, in_pool)
    sql, _ = querystring.compile_string(engine_type=engine.engine_type)
    replica = _target(engine, sql)
    if replica is None:
        return await on_primary(querystring, in_pool)
    try:
        rows = await replica.run_querystring(querystring, in_pool=in_pool)
    except UNAVAILABLE as exc:
        _mark_down(exc)
        return await on_primary(querystring, in_pool)
    except PRIMARY_ONLY_STATEMENT as exc:
        log.info("statement run on the primary, the replica could not: %s", exc)
        return await on_primary(querystring, in_pool)
    STATE.replica_reads += 1
    return rows


def wrote_recently(cookie_header: str, now: float | None = None) -> bool:
    """Whether a Cookie header carries a `court_wrote` mark younger than WROTE_RECENTLY_SECONDS."""
    from http.cookies import CookieError, SimpleCookie

    if WROTE_COOKIE not in cookie_header:
        return False
    try:
        jar = SimpleCookie(cookie_header)
    except CookieError:
        return False
    morsel = jar.get(WROTE_COOKIE)
    if morsel is None or not morsel.value.isdigit():
        return False
    age = (time.time() if now is None else now) - int(morsel.value)
    return -1 <= age < WROTE_RECENTLY_SECONDS  # -1: another web process's clock a little ahead


def wrote_cookie(secure: bool, now: float | None = None) -> str:
    stamp = int(time.time() if now is None else now)
    return f"{WROTE_COOKIE}={stamp}; Max-Age={WROTE_RECENTLY_SECONDS}; Path=/; HttpOnly; SameSite=Lax" + (
        "; Secure" if secure else ""
    )


def read_your_writes(app: Any) -> Any:
    """ASGI middleware: an unsafe request and any request within WROTE_RECENTLY_SECONDS of the session's last
    successful unsafe one read from the primary only; a successful unsafe request sets the mark."""
    from litestar.datastructures import MutableScopeHeaders

    async def middleware(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        unsafe = scope.get("method", "GET") not in SAFE_METHODS
        cookies = b"; ".join(v for k, v in scope.get("headers", ()) if k == b"cookie").decode("latin-1")
        secure = scope.get("scheme") == "https" or any(
            k == b"x-forwarded-proto" and v == b"https" for k, v in scope.get("headers", ())
        )

        async def marking(message: Any) -> None:
            if message["type"] == "http.response.start" and message["status"] < 400:
                MutableScopeHeaders.from_message(message).add("set-cookie", wrote_cookie(secure))
            await send(message)

        token = _PRIMARY_ONLY.set(unsafe or wrote_recently(cookies))
        try:
            await app(scope, receive, marking if unsafe else send)
        finally:
            _PRIMARY_ONLY.reset(token)

    return middleware
