"""A real court on a loopback port: the app served by uvicorn in a thread, on a database with the demo data (the
browser journeys, the terminal agent, schemathesis, the race and load benchmarks)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from court.settings import Settings
from testkit.services import free_port, port_open
from testkit.settings import make_settings


def migrate_and_load_demo(settings: Settings) -> None:
    """Migrate the settings' database and load the reference and demo data (`court migrate`, `court seed --demo`)."""

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

    run_in_thread(run())


def run_in_thread(work: Coroutine[Any, Any, None]) -> None:
    """Run `work` to its end in a thread of its own: the caller may itself be inside a running event loop (async
    tests, Playwright)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, work).result()


@contextmanager
def live_server(
    tmp: Path,
    database_url: str | None = None,
    storage_url: str | None = None,
    *,
    prepared: bool = False,
    prepare: Callable[[Settings], None] = migrate_and_load_demo,
    **overrides: object,
) -> Iterator[tuple[str, Settings]]:
    """The app served by uvicorn in a thread, on the database of `tmp` (or `database_url`) with the demo data, put
    there by `prepare`; `prepared`: the caller has already done that (and added what it needs)."""
    from court.app import create_app

    extra: dict[str, object] = {"storage_url": storage_url} if storage_url else {}
    extra.update(overrides)
    settings = make_settings(database_url or f"sqlite:{tmp / 'live.sqlite3'}", tmp, var_dir=str(tmp / "var"))
    if extra:
        settings = dataclasses.replace(settings, **extra)  # type: ignore[arg-type]
    if not prepared:
        prepare(settings)
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
