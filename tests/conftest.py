"""Shared fixtures: the app on both database engines (SQLite and a fresh PostgreSQL database per test)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from court.bootstrap import Runtime
from court.settings import Settings, load_settings
from tests.services import fresh_postgres_database

pytest_plugins = ["tests.fixtures.s3server"]

SECRET = "test-secret-key-0123456789"


def make_settings(database_url: str, tmp: Path, **overrides: Any) -> Settings:
    return load_settings(
        {},
        database_url=database_url,
        storage_url=f"file:{tmp / 'blobs'}",
        secret_key=SECRET,
        signing_dir=str(tmp / "signing"),
        **overrides,
    )


async def start_runtime(settings: Settings, *, migrate: bool = True) -> Runtime:
    from court.bootstrap import build_runtime
    from court.db import migrate as run_migrations
    from court.db import start_pool

    runtime = build_runtime(settings)
    await start_pool(runtime.engine)
    if migrate:
        await run_migrations()
    return runtime


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def runtime(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Runtime]:
    """A migrated database on each engine, local blobs in tmp_path, jobs in-process."""
    from court.db import close_pool

    if request.param == "sqlite":
        rt = await start_runtime(make_settings(f"sqlite:{tmp_path / 'court.sqlite3'}", tmp_path))
        yield rt
        await close_pool(rt.engine)
        return
    async with fresh_postgres_database() as url:
        rt = await start_runtime(make_settings(url, tmp_path))
        try:
            yield rt
        finally:
            await close_pool(rt.engine)


@pytest.fixture
async def seeded(runtime: Runtime) -> Runtime:
    """Reference data and the demo users (every role); no demo filings, so tests can count what they make."""
    from court.demo import load_demo_data
    from court.reference.service import load_reference_data

    await load_reference_data()
    await load_demo_data(runtime, cases=False)
    return runtime


@pytest.fixture
async def demo(seeded: Runtime) -> Runtime:
    """Everything command 1 loads: also the demo filings, a registered case and an enforcement matter."""
    from court.demo import load_demo_data

    await load_demo_data(seeded)
    return seeded


@pytest.fixture
async def client(seeded: Runtime) -> AsyncIterator[Any]:
    """The app in this test's event loop (the PostgreSQL pool belongs to it), without its lifespan:
    the runtime is the test's own and jobs are run by the test when it wants them."""
    import httpx

    from court.app import create_app

    app = create_app(runtime=seeded, run_jobs=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


async def sign_in(client: Any, username: str, password: str | None = None) -> dict[str, str]:
    from court.demo import DEMO_PASSWORD

    r = await client.post("/api/v1/auth/sign-in", json={"username": username, "password": password or DEMO_PASSWORD})
    assert r.status_code == 200, r.text
    client.cookies.clear()
    return {"Authorization": f"Bearer {r.json()['token']}"}
