"""The embedded default's engine (court.db.CourtSQLiteEngine) runs statements outside a transaction on kept
connections: one connection for many statements, never one connection for two statements at once, a failed
statement's connection dropped, commits of other connections seen, and every kept connection closed by close_pool."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from court.db import CourtSQLiteEngine, close_pool, make_engine
from court.settings import DatabaseLocation


@pytest.fixture
def engine(tmp_path: Path) -> CourtSQLiteEngine:
    made = make_engine(DatabaseLocation(engine="sqlite", path=tmp_path / "court.sqlite3"))
    assert isinstance(made, CourtSQLiteEngine)
    return made


@pytest.fixture
def connects(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many connections were opened (aiosqlite.connect calls)."""
    opened: list[int] = []
    real = aiosqlite.connect

    def counting(*args: Any, **kwargs: Any) -> Any:
        opened.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(aiosqlite, "connect", counting)
    return opened


async def test_many_statements_share_one_kept_connection(
    engine: CourtSQLiteEngine, connects: list[int]
) -> None:
    await engine._run_in_new_connection("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    for n in range(50):
        await engine._run_in_new_connection("INSERT INTO t (v) VALUES (?)", [str(n)])
    rows = await engine._run_in_new_connection("SELECT count(*) AS n FROM t")
    assert rows == [{"n": 50}]
    assert len(connects) == 1  # Piccolo's own engine opens 52 here
    await close_pool(engine)


async def test_concurrent_statements_never_share_a_connection(engine: CourtSQLiteEngine) -> None:
    await engine._run_in_new_connection("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    results = await asyncio.gather(
        *(
            engine._run_in_new_connection("INSERT INTO t (v) VALUES (?) RETURNING id", [str(n)])
            for n in range(20)
        )
    )
    assert sorted(r[0]["id"] for r in results) == list(range(1, 21))
    assert len(engine._idle) <= CourtSQLiteEngine.IDLE_MAX
    await close_pool(engine)


async def test_a_failed_statement_drops_its_connection_and_the_next_works(engine: CourtSQLiteEngine) -> None:
    await engine._run_in_new_connection("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
    kept = list(engine._idle)
    with pytest.raises(Exception, match="NOT NULL"):
        await engine._run_in_new_connection("INSERT INTO t (v) VALUES (NULL)")
    assert not any(c in engine._idle for c in kept)  # the connection that failed is not lent again
    await engine._run_in_new_connection("INSERT INTO t (v) VALUES ('x')")
    assert await engine._run_in_new_connection("SELECT v FROM t") == [{"v": "x"}]
    await close_pool(engine)


async def test_a_kept_connection_sees_what_a_transaction_committed(engine: CourtSQLiteEngine) -> None:
    await engine._run_in_new_connection("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    assert await engine._run_in_new_connection("SELECT count(*) AS n FROM t") == [{"n": 0}]
    async with engine.transaction() as tx:  # a connection of its own
        await tx.connection.execute("INSERT INTO t (v) VALUES ('committed')")
    assert await engine._run_in_new_connection("SELECT v FROM t") == [{"v": "committed"}]
    await close_pool(engine)


async def test_close_pool_closes_every_kept_connection(engine: CourtSQLiteEngine) -> None:
    before = threading.active_count()
    await asyncio.gather(*(engine._run_in_new_connection("SELECT 1 AS one") for _ in range(8)))
    assert 1 <= len(engine._idle) <= CourtSQLiteEngine.IDLE_MAX
    assert all(
        c._thread.daemon for c in engine._idle
    )  # an engine nobody closes cannot hold the process at exit
    await close_pool(engine)
    assert engine._idle == []
    for _ in range(100):
        if threading.active_count() <= before:
            break
        await asyncio.sleep(0.01)
    assert threading.active_count() <= before
