"""Fresh PostgreSQL databases for benchmarks: created for one run, dropped afterwards."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}


async def _admin(sql: str) -> None:
    import asyncpg

    admin = await asyncpg.connect(database="postgres", **PG)  # type: ignore[arg-type]
    try:
        await admin.execute(sql)
    finally:
        await admin.close()


@contextmanager
def fresh_postgres(prefix: str) -> Iterator[str]:
    """Yield the URL of a new, empty database named `prefix`_<random>; drop it on the way out."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{name}"
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
