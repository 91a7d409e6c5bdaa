"""The active content found in a filed PDF (JavaScript, actions, embedded files), flagged to the clerk."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import JSON
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-06T05:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "active content of a filing document"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="court", description=DESCRIPTION)
    manager.add_column(
        table_class_name="FilingDocument",
        tablename="court_filing_document",
        column_name="active_content",
        db_column_name="active_content",
        column_class_name="JSON",
        column_class=JSON,
        params={
            "default": "[]",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )
    return manager
