"""The test harness's PostgreSQL clones (tests/templates.py): whatever a test writes, the next test of the process
gets the clone back exactly as its template holds it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import build_template
from tests.templates import SNAPSHOT, Level, postgres_database

pytestmark = pytest.mark.postgres


async def _contents(conn: Any) -> tuple[dict[str, int], dict[str, int]]:
    """Per table, how many of its rows differ from the template's copy (schema court_snapshot) either way, rows
    compared as text (json has no equality); per sequence, its state."""
    differences: dict[str, int] = {}
    for r in await conn.fetch(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    ):
        t = '"' + r["tablename"] + '"'
        differences[r["tablename"]] = int(
            await conn.fetchval(
                f"WITH now AS (SELECT r::text AS r FROM public.{t} r), was AS (SELECT r::text AS r FROM {SNAPSHOT}.{t} r) "
                "SELECT (SELECT count(*) FROM (TABLE now EXCEPT ALL TABLE was) a) "
                "+ (SELECT count(*) FROM (TABLE was EXCEPT ALL TABLE now) b)"
            )
        )
    sequences = {
        r["sequencename"]: r["last_value"]
        for r in await conn.fetch(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        )
    }
    return differences, sequences


async def test_a_clone_is_put_back_whatever_the_last_test_wrote(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    import asyncpg

    workdir: Path = tmp_path_factory.getbasetemp() / "court-templates"
    async with postgres_database(Level.SEEDED, workdir, build_template) as url:
        conn = await asyncpg.connect(url)
        try:
            before, sequences = await _contents(conn)
            assert not any(before.values()), before
            users = await conn.fetchval("SELECT count(*) FROM court_user")
            assert users > 1 and await conn.fetchval("SELECT count(*) FROM court_cause") > 1
            # Every kind of write, each to another table, committed: an insert, an update, a delete, a truncate.
            await conn.execute("INSERT INTO migration (name, app_name, ran_on) VALUES ('x', 'y', now())")
            await conn.execute("UPDATE court_user SET display_name = display_name || '!'")
            await conn.execute("DELETE FROM court_cause WHERE id IN (SELECT min(id) FROM court_cause)")
            await conn.execute("TRUNCATE court_division CASCADE")
            # A sequence moved by a transaction rolled back, and one by a bare nextval.
            try:
                async with conn.transaction():
                    await conn.execute("UPDATE court_court SET name = name || '!'")
                    await conn.execute("SELECT nextval(pg_get_serial_sequence('court_court', 'id'))")
                    raise RuntimeError("roll back")
            except RuntimeError:
                pass
            await conn.execute("SELECT nextval(pg_get_serial_sequence('court_user', 'id'))")
            changed, moved = await _contents(conn)
            assert {t for t, n in changed.items() if n} >= {
                "migration",
                "court_user",
                "court_cause",
                "court_division",
            }
            assert moved != sequences
        finally:
            await conn.close()
        # A session the test left open, as a live server or a pool would, is ended by the put-back.
        left_open = await asyncpg.connect(url)
    async with postgres_database(Level.SEEDED, workdir, build_template) as again:
        assert again == url
        assert not await _alive(left_open)
        await left_open.close()
        conn = await asyncpg.connect(again)
        try:
            after, sequences_after = await _contents(conn)
        finally:
            await conn.close()
    assert not any(after.values()), {t: n for t, n in after.items() if n}
    assert sequences_after == sequences


async def _alive(conn: Any) -> bool:
    try:
        await conn.fetchval("SELECT 1")
    except Exception:
        return False
    return True
