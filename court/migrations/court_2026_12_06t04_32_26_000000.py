"""One version number per document: a unique (document, number) index, which the ORM cannot declare. Two editors
saving from the same version are already refused by the compare-and-set on the document; the index makes a
duplicate version impossible even so. Both engines."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-06T04:32:26:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique version numbers of court documents"

FORWARDS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS court_document_version_number ON court_document_version (document, number)",
]
BACKWARDS = ["DROP INDEX IF EXISTS court_document_version_number"]


async def _run(statements: list[str]) -> None:
    engine = engine_finder()
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
