"""A real server on a loopback port for tests that need sockets (terminal agent, proxies, browsers)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from court.settings import Settings
from testkit.services import free_port, port_open
from tests.conftest import make_settings


def prepare_database(settings: Settings) -> None:
    """Migrate and seed (reference + demo data) the database a live server will use."""

    async def run() -> None:
        from court.bootstrap import build_runtime
        from court.db import close_pool, migrate, start_pool
        from court.demo import load_demo_data
        from court.reference.service import load_reference_data

        runtime = build_runtime(settings)
        await start_pool(runtime.engine)
        try:
            await migrate()
            await load_reference_data()
            await load_demo_data(runtime)
        finally:
            await close_pool(runtime.engine)

    # In a thread of its own: the caller may itself be inside a running event loop (async tests, Playwright).
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, run()).result()


@contextmanager
def live_server(
    tmp: Path, database_url: str | None = None, storage_url: str | None = None, **overrides: object
) -> Iterator[tuple[str, Settings]]:
    from court.app import create_app

    extra: dict[str, object] = {"storage_url": storage_url} if storage_url else {}
    extra.update(overrides)
    settings = make_settings(database_url or f"sqlite:{tmp / 'live.sqlite3'}", tmp, var_dir=str(tmp / "var"))
    if extra:
        import dataclasses

        settings = dataclasses.replace(settings, **extra)
    prepare_database(settings)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not port_open("127.0.0.1", port):
        if time.monotonic() > deadline:
            raise RuntimeError("live server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", settings
    finally:
        server.should_exit = True
        thread.join(timeout=15)
