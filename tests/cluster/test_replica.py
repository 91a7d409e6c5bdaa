"""COURT_DATABASE_REPLICA_URL against a real streaming replica of the test PostgreSQL, started on a second port by
the test (pg_basebackup, pg_ctl): lagging reads go to it, writes and transactions stay on the primary, and a
replica that stops answering sends reads back to the primary until it is back."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from court import replica
from court.cluster import free_port
from court.db import write_transaction
from court.jobs.tables import OutboxJob
from court.streaming_replica import ReplicaUnavailable, StreamingReplica
from testkit.services import PG_HOST, PG_PORT, PG_USER, fresh_postgres_database, port_open, service_missing

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[2]
IN_RECOVERY = "SELECT pg_is_in_recovery() AS standby"
# The replica replays every database of the server, other tests' too (a CREATE DATABASE from a template is logged
# whole): on a busy machine catching up takes a while.
REPLAY_WAIT_SECONDS = 300


class Replica(StreamingReplica):
    # Of the test's database (the `replicated` fixture):
    runtime: Any = None
    primary_url = replica_url = ""


@pytest.fixture(scope="module")
def streaming_replica() -> Iterator[Replica]:
    if not port_open(PG_HOST, PG_PORT):
        service_missing("PostgreSQL", f"nothing listens on {PG_HOST}:{PG_PORT}")
    try:
        made = StreamingReplica.create(PG_HOST, PG_PORT, PG_USER, free_port())
    except ReplicaUnavailable as exc:
        service_missing("a PostgreSQL replica", str(exc))
    r = Replica(made.folder, made.port)
    try:
        yield r
    finally:
        r.remove()


@pytest.fixture
async def replicated(
    streaming_replica: Replica, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Replica]:
    """A fresh migrated database on the primary, streamed to the replica, and this process's engine using both.

    The database is a clone of this process's migrated template (tests/templates.py; the clone is logged whole, so
    the replica gets it like any other write) rather than a `court migrate` of its own per test, and it is dropped
    in the background (testkit/services.py) instead of the test waiting for DROP DATABASE's checkpoint."""
    from court.bootstrap import build_runtime
    from court.db import close_pool, start_pool
    from court.settings import load_settings
    from tests.conftest import build_template
    from tests.templates import Level, postgres_template

    template = await postgres_template(
        Level.MIGRATED, tmp_path_factory.getbasetemp() / "court-templates", build_template
    )
    async with fresh_postgres_database(template) as primary_url:
        name = primary_url.rsplit("/", 1)[1]
        replica_url = f"postgres://{PG_USER}@127.0.0.1:{streaming_replica.port}/{name}"
        await _until_replayed(replica_url)
        runtime = build_runtime(
            load_settings(
                {},
                database_url=primary_url,
                database_replica_url=replica_url,
                storage_url="file:" + str(streaming_replica.folder / "blobs"),
                secret_key="x" * 20,
            )
        )
        replica.STATE.down_until = 0.0
        await start_pool(runtime.engine)
        streaming_replica.runtime, streaming_replica.primary_url, streaming_replica.replica_url = (
            runtime,
            primary_url,
            replica_url,
        )
        try:
            yield streaming_replica
        finally:
            await close_pool(runtime.engine)


async def _until_replayed(replica_url: str) -> None:
    """The replica has the database and the outbox table the migration made (replay is asynchronous)."""
    import asyncpg

    deadline = time.monotonic() + REPLAY_WAIT_SECONDS
    while True:
        try:
            conn = await asyncpg.connect(replica_url)
            try:
                if await conn.fetchval("SELECT to_regclass('court_outbox_job') IS NOT NULL"):
                    return
            finally:
                await conn.close()
        except (OSError, asyncpg.PostgresError):
            pass
        assert time.monotonic() < deadline, "the replica never caught up"
        await asyncio.sleep(0.2)


async def _standby(query_on_replica: bool = True) -> bool:
    query = OutboxJob.raw(IN_RECOVERY)
    rows = await (replica.lagging(query) if query_on_replica else query)
    return bool(rows[0]["standby"])


async def test_lagging_reads_go_to_the_replica_and_writes_stay_on_the_primary(replicated: Replica) -> None:
    assert await _standby() is True  # a lagging read: the replica
    assert await _standby(query_on_replica=False) is False  # any other read: the primary
    async with write_transaction():
        # Inside a transaction a read must see the transaction's own writes: the primary.
        assert await _standby() is False


async def test_replica_down_reads_fall_back_to_the_primary_and_return_when_it_is_back(
    replicated: Replica, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert await _standby() is True
    fallbacks = replica.STATE.fallbacks
    await asyncio.to_thread(replicated.stop)
    try:
        # The pool's connections died with the server: the read is answered by the primary, not an error.
        assert await _standby() is False
        assert replica.STATE.fallbacks == fallbacks + 1
        assert await _standby() is False  # within the retry delay the replica is not even tried
        assert replica.STATE.fallbacks == fallbacks + 1
    finally:
        await asyncio.to_thread(replicated.start)
    monkeypatch.setattr(replica.STATE, "down_until", 0.0)  # the retry delay is over
    deadline = time.monotonic() + 30
    while not await _standby():
        assert time.monotonic() < deadline, "reads never went back to the replica"
        replica.STATE.down_until = 0.0
        await asyncio.sleep(0.3)


# Reads that may lag, page by page (court/replica.py may_lag), and read-your-own-write.

PAGES = {  # a lagging page and a demo user who may see it
    "/clerk/": "clerk.xihu",
    "/judge/": "judge.xihu",
    "/leader/": "leader.xihu",
    "/enforcement/": "enforcer.xihu",
    "/enforcement/dashboard": "leader.xihu",
    "/agency/": "bank.officer",
    "/notices/": None,  # public
}


async def _demo(r: Replica) -> None:
    from court.demo import load_demo_data
    from court.reference.service import load_reference_data

    await load_reference_data()
    await load_demo_data(r.runtime)
    await _caught_up(r)


async def _caught_up(r: Replica) -> None:
    """The replica has replayed everything the primary wrote so far."""
    import asyncpg

    primary = await asyncpg.connect(r.primary_url)
    try:
        target = await primary.fetchval("SELECT pg_current_wal_lsn()")
    finally:
        await primary.close()
    deadline = time.monotonic() + REPLAY_WAIT_SECONDS
    conn = await asyncpg.connect(r.replica_url)
    try:
        while not await conn.fetchval("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", target):
            assert time.monotonic() < deadline, "the replica never caught up"
            await asyncio.sleep(0.1)
    finally:
        await conn.close()


async def _replay(r: Replica, *, paused: bool) -> None:
    import asyncpg

    conn = await asyncpg.connect(r.replica_url)
    try:
        await conn.execute("SELECT pg_wal_replay_pause()" if paused else "SELECT pg_wal_replay_resume()")
    finally:
        await conn.close()


async def _browser(app: Any, username: str | None) -> Any:
    """A signed-in client whose write mark from signing in has expired (the cookie's Max-Age)."""
    import httpx

    from tests.web.forms import sign_in_by_form

    c = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
    if username:
        c.csrf = await sign_in_by_form(c, username)
        assert replica.WROTE_COOKIE in c.cookies  # signing in is a write
        c.cookies.delete(replica.WROTE_COOKIE)
    return c


def test_the_write_mark_holds_for_its_window_only() -> None:
    now = 1_800_000_000.0
    header = f"court_session=abc; {replica.wrote_cookie(secure=False, now=now).split(';')[0]}"
    assert replica.wrote_recently(header, now=now)
    assert replica.wrote_recently(header, now=now + replica.WROTE_RECENTLY_SECONDS - 1)
    assert not replica.wrote_recently(header, now=now + replica.WROTE_RECENTLY_SECONDS)
    assert not replica.wrote_recently("court_session=abc", now=now)
    assert not replica.wrote_recently("court_wrote=soon", now=now)
    assert "Secure" in replica.wrote_cookie(secure=True) and "Secure" not in replica.wrote_cookie(
        secure=False
    )


async def test_lists_come_from_the_replica_but_the_session_that_just_wrote_reads_the_primary(
    replicated: Replica,
) -> None:
    """Replay paused: the clerk who refused a filing no longer sees it in the queue (the page after the POST reads
    the primary); the same clerk in another browser still sees it (the replica), and so does the first browser
    once its mark has expired; after replay resumes, nobody does."""
    from court.app import create_app

    await _demo(replicated)
    app = create_app(runtime=replicated.runtime, run_jobs=False)
    writer, other = await _browser(app, "clerk.xihu"), await _browser(app, "clerk.xihu")
    try:
        queue = (await writer.get("/clerk/")).text
        open_ids = re.findall(r'href="/clerk/filings/(\d+)"', queue)
        assert open_ids, "the demo leaves filings in the clerk's queue"
        filing = open_ids[0]
        link = f'href="/clerk/filings/{filing}"'
        await _replay(replicated, paused=True)
        try:
            served = replica.STATE.replica_reads
            assert link in (await other.get("/clerk/")).text
            assert replica.STATE.replica_reads > served  # the queue was read from the replica
            refused = await writer.post(
                f"/clerk/filings/{filing}/decision",
                data={
                    "csrf_token": writer.csrf,
                    "decision": "refuse",
                    "reason": "不属于人民法院受理民事诉讼的范围",
                },
            )
            assert refused.status_code in (302, 303), refused.text[:300]
            assert replica.WROTE_COOKIE in refused.cookies  # the write marks the session
            kept = replica.STATE.kept_on_primary
            assert link not in (await writer.get(refused.headers["location"])).text  # its own write, at once
            assert replica.STATE.kept_on_primary > kept
            assert link in (await other.get("/clerk/")).text  # another session: the replica, still behind
            writer.cookies.delete(replica.WROTE_COOKIE)  # the mark's window is over
            assert link in (await writer.get("/clerk/")).text
        finally:
            await _replay(replicated, paused=False)
        await _caught_up(replicated)
        assert link not in (await other.get("/clerk/")).text
    finally:
        await writer.aclose()
        await other.aclose()


async def test_every_lagging_page_reads_the_replica_and_falls_back_to_the_primary_when_it_is_down(
    replicated: Replica, monkeypatch: pytest.MonkeyPatch
) -> None:
    from court.app import create_app

    await _demo(replicated)
    app = create_app(runtime=replicated.runtime, run_jobs=False)
    browsers = {user: await _browser(app, user) for user in set(PAGES.values())}
    try:
        for path, user in PAGES.items():
            served = replica.STATE.replica_reads
            r = await browsers[user].get(path)
            assert r.status_code == 200, (path, r.text[:300])
            assert replica.STATE.replica_reads > served, f"{path} did not read from the replica"
        await asyncio.to_thread(replicated.stop)
        try:
            for path, user in PAGES.items():
                fallbacks = replica.STATE.fallbacks
                monkeypatch.setattr(replica.STATE, "down_until", 0.0)  # try the replica again on every page
                r = await browsers[user].get(path)
                assert r.status_code == 200, (path, r.text[:300])
                assert replica.STATE.fallbacks == fallbacks + 1, f"{path} did not fall back to the primary"
        finally:
            await asyncio.to_thread(replicated.start)
    finally:
        for c in browsers.values():
            await c.aclose()
