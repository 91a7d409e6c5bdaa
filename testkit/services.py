"""Real services for tests: PostgreSQL and Redis on this machine. Missing ones skip locally and fail in CI."""

from __future__ import annotations

import asyncio
import os
import queue
import socket
import sys
import threading
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

PG_HOST = os.environ.get("COURT_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("COURT_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("COURT_TEST_PG_USER", "postgres")
REDIS_URL = os.environ.get("COURT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def service_missing(name: str, why: str) -> None:
    """Skip on a developer's machine; in CI a missing service is a failure, never a skip."""
    message = f"{name} is not available: {why}"
    if in_ci():
        pytest.fail(message + " (CI=true: real services are required)")
    pytest.skip(message)


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@asynccontextmanager
async def fresh_postgres_database(template: str | None = None) -> AsyncIterator[str]:
    """Create a database of our own for one test (or module) and drop it afterwards; yields its URL.
    With `template`, the database starts as a copy of that one (tests/templates.py)."""
    import asyncpg

    if not port_open(PG_HOST, PG_PORT):
        service_missing("PostgreSQL", f"nothing listens on {PG_HOST}:{PG_PORT}")
    name = f"court_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, database="postgres")
    try:
        await admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    finally:
        await admin.close()
    try:
        yield f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        drop_postgres_database_later(name)


# DROP DATABASE waits for the server's checkpoint (0.2-2 s on a busy machine): a thread of the test process drops
# the databases of finished tests while the next ones run, and the session waits for it at the end.
_drops: queue.Queue[str | None] = queue.Queue()
_dropper: threading.Thread | None = None


def _drop_databases() -> None:
    import asyncpg

    async def drop(name: str) -> None:
        admin = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, database="postgres")
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()

    while (name := _drops.get()) is not None:
        try:
            asyncio.run(drop(name))
        except Exception as exc:  # a leftover test database must not fail a later test
            print(f"could not drop test database {name}: {exc}", file=sys.stderr)
        finally:
            _drops.task_done()
    _drops.task_done()


def drop_postgres_database_later(name: str) -> None:
    global _dropper
    if _dropper is None or not _dropper.is_alive():
        _dropper = threading.Thread(target=_drop_databases, name="drop-test-databases", daemon=True)
        _dropper.start()
    _drops.put(name)


def wait_for_dropped_databases() -> None:
    """Block until every test database handed to the dropper is gone (end of session)."""
    global _dropper
    if _dropper is not None and _dropper.is_alive():
        _drops.put(None)
        _dropper.join()
    _dropper = None


def redis_or_skip() -> str:
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except (RedisError, OSError) as exc:
        service_missing("Redis", str(exc))
    return REDIS_URL
