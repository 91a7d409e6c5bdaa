"""Template databases: each test process migrates (and seeds) a database once, and every test gets a copy of it.

The `demo` level also holds the demo filings, cases and matters (`court seed --demo`, ~1-2 s to load); their
documents and signing keys are files beside the template (blobs/, signing/), copied with the database
(`copy_template_files`).

Migrating and seeding a fresh database costs ~0.7 s; copying one costs a millisecond on SQLite (a copy of the
file). On PostgreSQL a copy per test (`CREATE DATABASE ... TEMPLATE`, then `DROP DATABASE`) is what made the suite
slow: every DROP DATABASE waits for a server checkpoint, and on a busy server (xdist workers, other test runs) those
queue for seconds to minutes. So each test process clones a template once per level (`postgres_database`) and
puts it back between tests from a snapshot the template keeps of its own rows (schema `court_snapshot`, built with
the template): every table the last test changed emptied and refilled, every sequence set back, in one transaction
of the test's database, no checkpoint (refilling all ~60 tables took ~0.2 s, on a busy server 0.6 s; a test changes
a few). Commits in templates and clones do not wait for the disk (_no_commit_wait). The copies are real databases
on the real engines, so a test sees exactly what it saw when it migrated and seeded its own.

A template is built the first time a test of the process needs it, inside that test's event loop (its pool is
closed before the test's own opens), and PostgreSQL templates are dropped at the end of the session
(`drop_postgres_templates`, called from tests/conftest.py). Names carry a random part, so parallel workers
(pytest-xdist) and other test runs on the same server never share one.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, closing
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from testkit.services import PG_HOST, PG_PORT, PG_USER, port_open, service_missing


class Level(StrEnum):
    """How far a template goes: the `runtime` fixture's migrated database, or also `seeded`'s data."""

    MIGRATED = "migrated"
    SEEDED = "seeded"
    DEMO = "demo"  # also `demo`'s filings, cases and matters, whose documents live in the template's folder


# Builds a template: migrate (and for SEEDED seed) the database at the URL, then close its pool.
Build = Callable[[str, Path, Level], Awaitable[None]]

_sqlite_templates: dict[Level, Path] = {}
_postgres_templates: dict[Level, str] = {}
# What puts a clone of each PostgreSQL template back as the template was (snapshot_sql).
_snapshots: dict[Level, Snapshot] = {}
# This process's clone of each template, and whether a test has used it since it was last put back.
_postgres_databases: dict[Level, str] = {}
_used: set[Level] = set()
SNAPSHOT = "court_snapshot"
# The folder each template was built with (its settings' blob store and signing directory live there).
_folders: dict[tuple[str, Level], Path] = {}


def _no_commit_wait(name: str) -> str:
    """Commits in the database `name` (a template or a clone of one) return without waiting for the server to flush
    its write-ahead log to disk (~3 ms per commit here, and a test commits many times). What a commit makes visible to
    other sessions and transactions is unchanged; only a crash of the PostgreSQL server itself could lose the last
    commits, which no test of these databases does (the replica and production-path tests use databases of their
    own, testkit/services.py fresh_postgres_database, and a database's settings are not copied with it). The server's
    own configuration is not touched."""
    return f'ALTER DATABASE "{name}" SET synchronous_commit = off'


def _postgres_url(name: str) -> str:
    return f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"


async def sqlite_copy(level: Level, target: Path, workdir: Path, build: Build) -> None:
    """Write a copy of the SQLite template of `level` to `target` (building the template first if need be).

    `workdir` may be shared by the test processes of one run (pytest-xdist's workers, tests/conftest.py): the first
    to need a level builds its template there, under a lock, and the others wait for it and copy the same file
    (what a template holds does not depend on the process that built it; building one costs up to ~4.5 s of CPU)."""
    import fcntl
    import shutil

    template = _sqlite_templates.get(level)
    if template is None:
        folder = workdir / f"template-{level}"
        template = folder / "court.sqlite3"
        built = folder / "built"  # written once the template is whole
        workdir.mkdir(parents=True, exist_ok=True)
        with open(workdir / f"template-{level}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed, also if the build fails
            if not built.exists():
                shutil.rmtree(folder, ignore_errors=True)  # what a failed build left
                folder.mkdir(parents=True)
                await build(f"sqlite:{template}", folder, level)
                # Everything in the database file itself: the write-ahead log checkpointed into it and removed (the
                # last connection to close does that), so the file alone is the whole database.
                with closing(sqlite3.connect(template)) as conn:
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                built.touch()
        _sqlite_templates[level] = template
        _folders["sqlite", level] = folder
    target.parent.mkdir(parents=True, exist_ok=True)
    if Path(f"{template}-wal").exists():
        # A log left beside the template (a connection still open on it): the backup API copies a consistent
        # database whatever the journal mode, and the copy keeps the WAL mode stored in the file.
        with closing(sqlite3.connect(template)) as source, closing(sqlite3.connect(target)) as copy:
            source.backup(copy)
        return
    # No connection is open on the template and no log is beside it: a copy of the file is the same database,
    # WAL mode included (stored in its header), in ~1 ms where the backup API took 30-200 ms.
    shutil.copyfile(template, target)


async def _admin_execute(*statements: str, database: str = "postgres") -> None:
    import asyncpg

    admin = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, database=database)
    try:
        for statement in statements:
            await admin.execute(statement)
    finally:
        await admin.close()


async def postgres_template(level: Level, workdir: Path, build: Build) -> str:
    """The name of this process's PostgreSQL template of `level`, built on first use."""
    name = _postgres_templates.get(level)
    if name is not None:
        return name
    if not port_open(PG_HOST, PG_PORT):
        service_missing("PostgreSQL", f"nothing listens on {PG_HOST}:{PG_PORT}")
    name = f"court_tpl_{level}_{uuid.uuid4().hex[:10]}"
    await _admin_execute(f'CREATE DATABASE "{name}"', _no_commit_wait(name))
    try:
        folder = workdir / f"template-pg-{level}"
        folder.mkdir(parents=True, exist_ok=True)
        await build(_postgres_url(name), folder, level)
        _folders["postgres", level] = folder
        _snapshots[level] = await snapshot_sql(name)
        # A clone needs its template without sessions: end any the migration tools left behind, and refuse new
        # ones (CREATE DATABASE ... TEMPLATE does not connect to it).
        await _admin_execute(
            f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false',
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()",
        )
    except BaseException:
        await _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        raise
    _postgres_templates[level] = name
    return name


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a clone of a template needs to be put back as the template was (snapshot_sql).

    `rows`: each table's number of rows in the template. `refill`: per table, the SQL emptying it and refilling it
    from the template's copy in schema court_snapshot. `sequences`: the SQL setting every sequence back."""

    rows: dict[str, int]
    refill: dict[str, str]
    sequences: str


async def snapshot_sql(database: str) -> Snapshot:
    """Keep a copy of every table of `database` in schema court_snapshot, and return what puts a database cloned
    from it back to what it holds now: tables emptied and refilled from the copies, sequences set back.

    session_replication_role = replica turns off foreign-key checks and triggers for the restore only (rows go back
    exactly as they were, in any order). Generated columns are left for the server to compute."""
    import asyncpg

    conn = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, database=database)
    try:
        tables = [
            r["tablename"]
            for r in await conn.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        await conn.execute(f"CREATE SCHEMA {SNAPSHOT}")
        rows: dict[str, int] = {}
        refill: dict[str, str] = {}
        for table in tables:
            t = _ident(table)
            await conn.execute(f"CREATE TABLE {SNAPSHOT}.{t} AS TABLE public.{t}")
            rows[table] = int(await conn.fetchval(f"SELECT count(*) FROM public.{t}"))
            # DELETE, not TRUNCATE: TRUNCATE gives the table and each of its indexes a new file (1.3-1.7 s for all
            # ~60 tables and ~280 indexes on a busy server, against 0.15-0.2 s).
            refill[table] = f"DELETE FROM public.{t};"
            if not rows[table]:
                continue
            columns = ", ".join(
                _ident(r["column_name"])
                for r in await conn.fetch(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
                    "AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position",
                    table,
                )
            )
            refill[table] += (
                f"\nINSERT INTO public.{t} ({columns}) OVERRIDING SYSTEM VALUE "
                f"SELECT {columns} FROM {SNAPSHOT}.{t};"
            )
        sequences = [
            f"SELECT setval('public.{_ident(r['sequencename'])}', "
            + (
                f"{r['last_value']}, true);"
                if r["last_value"] is not None
                else f"{r['start_value']}, false);"
            )
            for r in await conn.fetch(
                "SELECT sequencename, last_value, start_value FROM pg_sequences WHERE schemaname = 'public'"
            )
        ]
    finally:
        await conn.close()
    return Snapshot(rows=rows, refill=refill, sequences="\n".join(sequences))


# The table of a clone in which its triggers note the tables a test wrote (_track_changes).
CHANGED = f"{SNAPSHOT}.changed"


async def _track_changes(conn: Any, snapshot: Snapshot) -> None:
    """Give every table of a fresh clone a trigger noting its name in court_snapshot.changed after any statement
    that writes it (INSERT, UPDATE, DELETE, TRUNCATE), so that _put_back refills only those.

    The note is part of the writing transaction: a rolled-back write leaves neither rows nor a note. The table has
    no index or constraint, so concurrent transactions never wait on each other for it; it is unlogged (nothing of
    it needs to survive a server crash). Only the clones have these triggers, not the templates that other tests
    clone (testkit/services.py fresh_postgres_database)."""
    statements = [
        f"CREATE UNLOGGED TABLE {CHANGED} (name text NOT NULL)",
        f"CREATE FUNCTION {SNAPSHOT}.note_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN INSERT INTO {CHANGED} (name) VALUES (TG_TABLE_NAME); RETURN NULL; END $$",
        *(
            f"CREATE TRIGGER court_snapshot_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON public.{_ident(table)} FOR EACH STATEMENT EXECUTE FUNCTION {SNAPSHOT}.note_change()"
            for table in snapshot.rows
        ),
    ]
    await conn.execute(";\n".join(statements))


async def _put_back(conn: Any, level: Level) -> None:
    """Put this process's clone of `level` back as its template was: the tables the last test wrote (noted by the
    triggers of _track_changes) emptied and refilled, every sequence set back (a sequence moves even in a
    rolled-back transaction), in one transaction.

    First every other session on the clone is ended and waited for (pg_terminate_backend with a timeout), so no
    transaction of the last test commits after the notes were read. session_replication_role = replica keeps the
    triggers (and foreign-key checks) off during the refill."""
    await conn.execute(
        "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    snapshot = _snapshots[level]
    changed = [r["name"] for r in await conn.fetch(f"SELECT DISTINCT name FROM {CHANGED}")]
    await conn.execute(
        "\n".join(
            [
                "BEGIN;",
                "SET LOCAL session_replication_role = replica;",
                *(snapshot.refill[table] for table in sorted(changed)),
                f"DELETE FROM {CHANGED};",
                snapshot.sequences,
                "COMMIT;",
            ]
        )
    )


@asynccontextmanager
async def postgres_database(level: Level, workdir: Path, build: Build) -> AsyncIterator[str]:
    """This process's clone of the PostgreSQL template of `level`, as the template holds it; yields its URL.

    Cloned on first use; before every later use the previous test's sessions are ended and the clone is put back
    from the template's snapshot (module docstring, _put_back), so no test sees what another left."""
    import asyncpg

    template = await postgres_template(level, workdir, build)
    name = _postgres_databases.get(level)
    if name is None:
        name = f"court_test_{level}_{uuid.uuid4().hex[:10]}"
        await _admin_execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"', _no_commit_wait(name))
        conn = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, database=name)
        try:
            await _track_changes(conn, _snapshots[level])
        finally:
            await conn.close()
        _postgres_databases[level] = name
    elif level in _used:
        conn = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, database=name)
        try:
            await _put_back(conn, level)
        finally:
            await conn.close()
    _used.add(level)
    yield _postgres_url(name)


def copy_template_files(engine: str, level: Level, target: Path) -> None:
    """Copy the files the template of `level` on `engine` wrote beside its database (blobs/, signing/) into `target`,
    the folder of a test's settings (tests/conftest.py make_settings), so its copy reads the same documents."""
    import shutil

    folder = _folders[engine, level]
    for name in ("blobs", "signing"):
        if (folder / name).exists():
            shutil.copytree(folder / name, target / name, dirs_exist_ok=True)


# Run by a process of its own (drop_postgres_templates): connect as the admin, drop the databases named.
_DROP_SCRIPT = """
import asyncio, sys
import asyncpg
async def drop(host, port, user, *names):
    admin = await asyncpg.connect(host=host, port=int(port), user=user, database="postgres")
    try:
        for name in names:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
asyncio.run(drop(*sys.argv[1:]))
"""


def drop_postgres_templates() -> None:
    """Drop this process's PostgreSQL templates and their clones (end of session); SQLite ones live in pytest's tmp
    directory.

    Each DROP DATABASE waits for a server checkpoint (seconds on a busy server, and a test process has up to six
    databases), so a process of its own drops them after the session has ended: the test process, and with it the
    run (the last xdist worker), need not wait. It writes to this process's stderr if a drop fails."""
    import subprocess
    import sys

    if not _postgres_templates and not _postgres_databases:
        return
    names = [*_postgres_databases.values(), *_postgres_templates.values()]
    _postgres_templates.clear()
    _postgres_databases.clear()
    _used.clear()
    _snapshots.clear()
    subprocess.Popen(
        [sys.executable, "-c", _DROP_SCRIPT, PG_HOST, str(PG_PORT), PG_USER, *names],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
