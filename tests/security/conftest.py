"""Fixtures of the security tests: a private copy of the seeded court per test, and an in-loop client over it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from court.bootstrap import Runtime
from tests.security.world import World, copy_of_world, world


@pytest.fixture
def court_world() -> World:
    return world()


@pytest.fixture
async def world_runtime(tmp_path: Path) -> AsyncIterator[Runtime]:
    from court.db import close_pool

    rt = await copy_of_world(tmp_path)
    yield rt
    await close_pool(rt.engine)


@pytest.fixture
async def world_client(world_runtime: Runtime) -> AsyncIterator[Any]:
    import httpx

    from tests.conftest import app_for

    app = app_for(world_runtime)  # the test process's one app, pointed at this runtime
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        yield c
    app.state.runtime = None
