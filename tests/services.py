"""Real services for tests: PostgreSQL and Redis on this machine. Missing ones skip locally and fail in CI."""

from __future__ import annotations

import os
import socket
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
async def fresh_postgres_database() -> AsyncIterator[str]:
    """Create a database of our own for one test (or module) and drop it afterwards; yields its URL."""
    import asyncpg

    if not port_open(PG_HOST, PG_PORT):
        service_missing("PostgreSQL", f"nothing listens on {PG_HOST}:{PG_PORT}")
    name = f"court_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, database="postgres")
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    try:
        yield f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        admin = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, database="postgres")
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


def redis_or_skip() -> str:
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except (RedisError, OSError) as exc:
        service_missing("Redis", str(exc))
    return REDIS_URL
