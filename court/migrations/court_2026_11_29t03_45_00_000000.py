"""Search indexes the ORM cannot declare: trigram indexes for substring search of party names and causes, and one
(court, registration time) index for a court's case lists (bench/bench_search.py measured each). PostgreSQL only;
SQLite, the embedded default, has no pg_trgm and keeps its plain indexes."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.engine.postgres import PostgresEngine

ID = "2026-11-29T03:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "search indexes"

FORWARDS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS court_case_party_name_trgm ON court_case_party USING gin (name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS court_case_cause_trgm ON court_case USING gin (cause_name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS court_case_court_registered ON court_case (court_code, registered_at)",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS court_case_court_registered",
    "DROP INDEX IF EXISTS court_case_cause_trgm",
    "DROP INDEX IF EXISTS court_case_party_name_trgm",
]


async def _run(statements: list[str]) -> None:
    engine = engine_finder()
    if not isinstance(engine, PostgresEngine):
        return
    for sql in statements:
        await engine._run_in_new_connection(sql)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="court", description=DESCRIPTION)

    async def run() -> None:
        await _run(FORWARDS)

    async def run_backwards() -> None:
        await _run(BACKWARDS)

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
