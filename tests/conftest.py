"""Shared fixtures: the app on both database engines (a SQLite copy per test; on PostgreSQL the test process's clone of
a template, put back to the template's rows before each test: tests/templates.py)."""

from __future__ import annotations

import gc
import os
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, nullcontext
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

import court.responses
from court.bootstrap import Runtime
from court.settings import Settings
from testkit.services import wait_for_dropped_databases
from testkit.settings import make_settings
from tests.templates import (
    Level,
    copy_template_files,
    drop_postgres_templates,
    postgres_database,
    sqlite_copy,
)

# A response Struct that misses a key its service returns fails the test (a running court leaves the key out).
court.responses.STRICT = True

pytest_plugins = ["testkit.s3server", "tests.plugins.chromium"]

# Property tests of pure code (tests/web/test_charts.py, tests/cases/test_calendar.py, the deadline rules) failed on
# a loaded machine with Hypothesis's 200 ms deadline or its too_slow health check: on two cores shared by xdist
# workers, browsers and servers, how long one example takes says nothing about the code. Neither changes what is
# generated or checked; a test's own @settings still overrides these keys.
hypothesis_settings.register_profile("court", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("court")


async def start_runtime(settings: Settings, *, migrate: bool = True) -> Runtime:
    from court.bootstrap import build_runtime
    from court.db import migrate as run_migrations
    from court.db import start_pool

    runtime = build_runtime(settings)
    # One connection opened at the start, not a deployment's ten (court.db.POOL_MIN_SIZE): the pool still grows to
    # the same maximum when a test runs requests side by side.
    await start_pool(runtime.engine, min_size=1)
    if migrate:
        await run_migrations()
    return runtime


async def build_template(url: str, folder: Path, level: Level) -> None:
    """Migrate (and for `seeded`, seed) a template database; tests get copies of it (tests/templates.py)."""
    from court.db import close_pool

    rt = await start_runtime(make_settings(url, folder))
    try:
        if level in (Level.SEEDED, Level.DEMO):
            await _seed(rt)
        if level is Level.DEMO:
            from court.demo import load_demo_data

            await load_demo_data(rt)
    finally:
        await close_pool(rt.engine)


async def _seed(runtime: Runtime) -> None:
    from court.demo import load_demo_data
    from court.reference.service import load_reference_data

    await load_reference_data()
    await load_demo_data(runtime, cases=False)


# Runtimes whose database is a copy of the seeded (or demo) template: `seeded` has nothing left to load into them;
# copies of the demo template leave nothing to `demo` either.
_SEEDED_COPIES: set[int] = set()
_DEMO_COPIES: set[int] = set()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def runtime(
    request: pytest.FixtureRequest, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Runtime]:
    """A migrated database on each engine, local blobs in tmp_path, jobs in-process.

    The database is a copy of a template migrated once per test process, or, where the test also asks for
    `seeded` (directly or through `client`), of one migrated and seeded once, or where it asks for `demo`, of one
    that also holds the demo data (with the template's documents and signing keys copied into tmp_path)."""
    from court.db import close_pool

    names = request.fixturenames
    level = Level.DEMO if "demo" in names else Level.SEEDED if "seeded" in names else Level.MIGRATED
    workdir = tmp_path_factory.getbasetemp() / "court-templates"
    # SQLite templates are files any process can copy: one per level for the whole run, built by the first
    # pytest-xdist worker that needs it in the run's temporary directory, which the workers share (the parent of
    # each one's own). A PostgreSQL template stays the process's own (tests/templates.py puts clones back from it).
    shared = workdir.parent.parent / "court-templates" if os.environ.get("PYTEST_XDIST_WORKER") else workdir
    database: AbstractAsyncContextManager[str]
    if request.param == "sqlite":
        path = tmp_path / "court.sqlite3"
        await sqlite_copy(level, path, shared, build_template)
        database = nullcontext(f"sqlite:{path}")
    else:
        database = postgres_database(level, workdir, build_template)
    async with database as url:
        if level is Level.DEMO:
            copy_template_files(request.param, level, tmp_path)
        rt = await start_runtime(make_settings(url, tmp_path), migrate=False)
        if level is not Level.MIGRATED:
            _SEEDED_COPIES.add(id(rt))
        if level is Level.DEMO:
            _DEMO_COPIES.add(id(rt))
        try:
            yield rt
        finally:
            _SEEDED_COPIES.discard(id(rt))
            _DEMO_COPIES.discard(id(rt))
            await close_pool(rt.engine)


@pytest.fixture
async def seeded(runtime: Runtime) -> Runtime:
    """Reference data and the demo users (every role); no demo filings, so tests can count what they make."""
    if id(runtime) not in _SEEDED_COPIES:
        await _seed(runtime)
    return runtime


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    wait_for_dropped_databases()
    drop_postgres_templates()


@pytest.fixture
async def demo(seeded: Runtime) -> Runtime:
    """Everything command 1 loads: also the demo filings, a registered case and an enforcement matter."""
    if id(seeded) not in _DEMO_COPIES:
        from court.demo import load_demo_data

        await load_demo_data(seeded)
    return seeded


# Apps built by app_for, one per shape of settings create_app reads (debug, a replica's middleware). Building the
# Litestar app costs ~0.15-0.3 s of CPU; tests asking for `client` (about half the suite) share one per test process.
_APPS: dict[tuple[bool, bool], Any] = {}


def app_for(runtime: Runtime) -> Any:
    """The app of this test process pointed at `runtime`, without its lifespan (jobs are the test's to run).

    What the app keeps of a runtime is app.state's `runtime` and `settings` (handlers read request.app.state.runtime,
    court/app.py); both are replaced here, so a test sees only its own database, blobs and settings. The rest of the
    app (routes, templates, hooks) holds no per-runtime state; rate-limit counters live in the runtime's database
    or Redis (court/web/ratelimit.py). A test needing other settings than these keys, or two apps, builds its own."""
    from court.app import create_app

    key = (bool(runtime.settings.debug), bool(runtime.settings.database_replica_url))
    app = _APPS.get(key)
    if app is None:
        app = _APPS[key] = create_app(runtime=runtime, run_jobs=False)
    app.state.runtime = runtime
    app.state.settings = runtime.settings
    return app


@pytest.fixture
async def client(seeded: Runtime) -> AsyncIterator[Any]:
    """The app in this test's event loop (the PostgreSQL pool belongs to it), without its lifespan:
    the runtime is the test's own and jobs are run by the test when it wants them (app_for)."""
    import httpx

    app = app_for(seeded)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c
    # Nothing of this test's runtime stays reachable from the shared app after it (its pool is closed).
    app.state.runtime = None


async def sign_in(client: Any, username: str, password: str | None = None) -> dict[str, str]:
    from court.demo import DEMO_PASSWORD

    r = await client.post(
        "/api/v1/auth/sign-in", json={"username": username, "password": password or DEMO_PASSWORD}
    )
    assert r.status_code == 200, r.text
    client.cookies.clear()
    return {"Authorization": f"Bearer {r.json()['token']}"}


# The modules that take longest (seconds of setup+call+teardown measured with `--durations=0` on 2 workers, summed
# per module), longest first. scripts/test runs `--dist loadscope --no-loadscope-reorder`: xdist hands whole modules
# to whichever worker is free, in the order below, so these start first and the short modules fill in around them
# (longest-processing-time-first) instead of one of them starting last and keeping a worker busy alone at the end.
# Only the order changes, never what runs; a stale entry costs minutes, not correctness. The seconds below are
# the modules' test time in a quiet run; the ranking is what counts.
SLOW_MODULES = (  # test time per module in a quiet -n 2 run (6 Dec, 18:40 UTC: 535 s of test time in all)
    "tests/security/test_schemathesis.py",  # 28 s
    "tests/filing/test_ocr_job.py",  # 27 s
    "tests/nlp/test_ocr.py",  # 26 s
    "tests/web/test_ocr_browser.py",  # 25 s
    "tests/security/test_route_matrix.py",  # 23 s
    "tests/cluster/test_cluster_faults.py",  # 20 s
    "tests/core/test_production_path.py",  # 19 s
    "tests/core/test_cli.py",  # 18 s
    "tests/security/test_hostile_values.py",  # 18 s
    "tests/web/test_effective_enforcement_browser.py",  # 15 s
    "tests/cluster/test_replica.py",  # 14 s
    "tests/appeals/test_appeal_browser.py",  # 13 s
    "tests/web/test_enforcement_browser.py",  # 10 s
    "tests/web/test_browser.py",  # 10 s
    "tests/faults/test_s3_errors.py",  # 9 s
    "tests/serving/test_service_browser.py",  # 9 s
    "tests/storage/test_s3.py",  # 8 s
    "tests/kernel/test_pdf.py",  # 8 s
    "tests/core/test_state_races.py",  # 8 s
    "tests/serving/test_matter_notice_browser.py",  # 7 s
)


# Python's cyclic garbage collector, in a test process: what the process holds for good (the court's modules, the
# Litestar app, spaCy and OCR models, Hypothesis's strategies) is frozen out of its scans, and it runs less often.
# Every full collection walked that whole heap again, ~5 % of the workers' CPU (perf); frozen and with these
# thresholds, 1,657 tests (the access matrix, tests/cases, the untranslated-text sweep, extraction) took 12 % less
# user time in one process (41.9 s against 45.4-48.9 s). Garbage is still freed by reference counting at once; a
# cycle waits for the next collection, and one among frozen objects is kept until the process ends. The product's
# processes keep Python's defaults.
GC_THRESHOLDS = (50_000, 20, 100)
_frozen_for: list[str] = []


def pytest_collection_finish(session: pytest.Session) -> None:
    gc.set_threshold(*GC_THRESHOLDS)
    gc.collect()
    gc.freeze()


def pytest_runtest_setup(item: pytest.Item) -> None:
    """At the first test of each module, what the process still holds after a collection is frozen (the models and
    apps the modules before it loaded)."""
    module = item.nodeid.split("::", 1)[0]
    if _frozen_for[-1:] != [module]:
        _frozen_for[:] = [module]
        gc.collect()
        gc.freeze()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The slow modules first, then the others by number of tests, most first (what xdist's own reorder does)."""
    modules: dict[str, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::", 1)[0], []).append(item)
    rank = {name: n for n, name in enumerate(SLOW_MODULES)}
    order = sorted(modules, key=lambda m: (rank.get(m, len(rank)), -len(modules[m])))
    items[:] = [item for m in order for item in modules[m]]
