"""The PostgreSQL pool a deployment opens (court.db.start_pool, as court/app.py and court/cli.py call it): ten
connections at the start, up to twenty. The test harness opens one at the start (tests/conftest.py start_runtime)."""

from __future__ import annotations

from pathlib import Path

import pytest

from testkit.settings import make_settings
from tests.conftest import build_template
from tests.templates import Level, postgres_database

pytestmark = pytest.mark.postgres


async def test_a_deployments_pool_opens_ten_connections_and_grows_to_twenty(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from court.bootstrap import build_runtime
    from court.db import close_pool, start_pool

    workdir = tmp_path_factory.getbasetemp() / "court-templates"
    async with postgres_database(Level.MIGRATED, workdir, build_template) as url:
        runtime = build_runtime(make_settings(url, tmp_path))
        await start_pool(runtime.engine)
        try:
            pool = runtime.engine.pool
            assert (pool.get_min_size(), pool.get_max_size()) == (10, 20)
            async with pool.acquire() as conn:
                sessions = await conn.fetchval(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                )
            assert sessions == 10
        finally:
            await close_pool(runtime.engine)
