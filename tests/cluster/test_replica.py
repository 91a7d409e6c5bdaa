"""COURT_DATABASE_REPLICA_URL against a real streaming replica of the test PostgreSQL, started on a second port by
the test (pg_basebackup, pg_ctl): lagging reads go to it, writes and transactions stay on the primary, and a
replica that stops answering sends reads back to the primary until it is back."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from court import replica
from court.cluster import free_port
from court.db import write_transaction
from court.jobs.tables import OutboxJob
from tests.services import PG_HOST, PG_PORT, PG_USER, port_open, service_missing

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path(os.environ.get("COURT_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))
IN_RECOVERY = "SELECT pg_is_in_recovery() AS standby"


def _as_postgres(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root; the server binaries then run as the postgres user."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


class Replica:
    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder, port
        self.data = folder / "data"

    def pg_ctl(self, *args: str) -> None:
        done = subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), *args]), capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]

    def start(self) -> None:
        self.pg_ctl("-w", "-l", str(self.folder / "replica.log"), "-o",
                    f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c hot_standby=on", "start")

    def stop(self) -> None:
        self.pg_ctl("-w", "-m", "fast", "stop")


@pytest.fixture(scope="module")
def streaming_replica() -> Iterator[Replica]:
    if not port_open(PG_HOST, PG_PORT):
        service_missing("PostgreSQL", f"nothing listens on {PG_HOST}:{PG_PORT}")
    if not (PG_BIN / "pg_basebackup").exists():
        service_missing("PostgreSQL server binaries", f"no pg_basebackup in {PG_BIN}")
    folder = Path(tempfile.mkdtemp(prefix="court-replica-"))
    folder.chmod(0o777)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    backup = subprocess.run(_as_postgres([str(PG_BIN / "pg_basebackup"), "-h", PG_HOST, "-p", str(PG_PORT), "-U", PG_USER,
                                          "-D", str(folder / "data"), "-R", "-X", "stream", "-c", "fast"]),
                            capture_output=True, text=True, timeout=300)
    if backup.returncode != 0:
        service_missing("a PostgreSQL replica", f"pg_basebackup failed (scripts/install-system-packages allows "
                        f"loopback replication): {backup.stderr[-1000:]}")
    # Debian keeps postgresql.conf and pg_hba.conf in /etc, so the copied data folder has none: the replica gets
    # its own (defaults, loopback trust as the test server's).
    data = folder / "data"
    for name, text in (("postgresql.conf", "hot_standby = on\n"), ("pg_ident.conf", ""),
                       ("pg_hba.conf", "local all all trust\nhost all all 127.0.0.1/32 trust\n")):
        if not (data / name).exists():
            (data / name).write_text(text)
            if os.geteuid() == 0:
                shutil.chown(data / name, "postgres")
    r = Replica(folder, free_port())
    r.start()
    try:
        yield r
    finally:
        try:
            r.stop()
        finally:
            shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
async def replicated(streaming_replica: Replica) -> AsyncIterator[Replica]:
    """A fresh migrated database on the primary, streamed to the replica, and this process's engine using both."""
    import asyncpg

    from court.bootstrap import build_runtime
    from court.db import close_pool, start_pool
    from court.settings import load_settings

    name = f"court_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, database="postgres")
    await admin.execute(f'CREATE DATABASE "{name}"')
    primary_url = f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    replica_url = f"postgres://{PG_USER}@127.0.0.1:{streaming_replica.port}/{name}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURT_")} | {
        "COURT_DATABASE_URL": primary_url, "PYTHONPATH": str(ROOT)}
    done = await asyncio.to_thread(subprocess.run, [sys.executable, "-m", "court.cli", "migrate"], env=env, cwd=ROOT,
                                   capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    await _until_replayed(replica_url)
    runtime = build_runtime(load_settings({}, database_url=primary_url, database_replica_url=replica_url,
                                          storage_url="file:" + str(streaming_replica.folder / "blobs"),
                                          secret_key="x" * 20))
    replica.STATE.down_until = 0.0
    await start_pool(runtime.engine)
    try:
        yield streaming_replica
    finally:
        await close_pool(runtime.engine)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


async def _until_replayed(replica_url: str) -> None:
    """The replica has the database and the outbox table the migration made (replay is asynchronous)."""
    import asyncpg

    deadline = time.monotonic() + 60
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


async def test_replica_down_reads_fall_back_to_the_primary_and_return_when_it_is_back(replicated: Replica,
                                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
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
