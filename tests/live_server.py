"""A real server on a loopback port for tests that need sockets (terminal agent, proxies, browsers)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
import time
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from court.settings import Settings
from testkit.services import free_port, port_open
from tests.conftest import make_settings


def prepare_database(settings: Settings) -> None:
    """Give the live server's database the reference and demo data (`court seed --demo`).

    A new SQLite database with its blobs and signing keys in one folder (as make_settings lays them out) is a copy of
    this test process's demo template (tests/templates.py: migrated, seeded and loaded with the demo data once per
    process, ~2 s of CPU and 10-20 s on a busy machine; a copy costs milliseconds), with the documents and signing
    keys the template wrote beside it copied into that folder, as the `demo` fixture does: what migrating, seeding
    and loading the demo data would have made. Any other database (PostgreSQL, one that exists already) is migrated
    and loaded in place."""
    folder = _template_folder(settings)
    if folder is not None:
        _run(_copy_demo_template(settings, folder))
        return

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

    _run(run())


def _template_folder(settings: Settings) -> Path | None:
    """The folder of the settings' blobs and signing keys, when a copy of the SQLite demo template can serve them."""
    if not settings.database_url.startswith("sqlite:") or not settings.signing_dir:
        return None
    folder = Path(settings.signing_dir).parent
    database = Path(settings.database_url.removeprefix("sqlite:"))
    if database.exists() or settings.storage_url != f"file:{folder / 'blobs'}":
        return None
    return folder


async def _copy_demo_template(settings: Settings, folder: Path) -> None:
    from tests.conftest import build_template
    from tests.templates import Level, copy_template_files, sqlite_copy

    # Built (on first use) where tests/conftest.py's `runtime` builds it: the session's base temp directory, of which
    # the live server's folder (a tmp_path or mktemp folder) is a child.
    await sqlite_copy(
        Level.DEMO,
        Path(settings.database_url.removeprefix("sqlite:")),
        folder.parent / "court-templates",
        build_template,
    )
    copy_template_files("sqlite", Level.DEMO, folder)


def _run(work: Coroutine[Any, Any, None]) -> None:
    # In a thread of its own: the caller may itself be inside a running event loop (async tests, Playwright).
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, work).result()


@contextmanager
def live_server(
    tmp: Path,
    database_url: str | None = None,
    storage_url: str | None = None,
    *,
    prepared: bool = False,
    **overrides: object,
) -> Iterator[tuple[str, Settings]]:
    """The app served by uvicorn in a thread, on the database of `tmp` (or `database_url`) with the demo data;
    `prepared`: the caller has already run prepare_database on it (and added what it needs)."""
    from court.app import create_app

    extra: dict[str, object] = {"storage_url": storage_url} if storage_url else {}
    extra.update(overrides)
    settings = make_settings(database_url or f"sqlite:{tmp / 'live.sqlite3'}", tmp, var_dir=str(tmp / "var"))
    if extra:
        import dataclasses

        settings = dataclasses.replace(settings, **extra)
    if not prepared:
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
