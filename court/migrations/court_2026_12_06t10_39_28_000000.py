"""The reference tables keep the seed rows' notes (a division's or court's source remark), so the jurisdiction
engine, which now reads its courts and divisions from these tables, shows the same asides as before."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Text
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-06T10:39:28:000000"
VERSION = "1.38.0"
DESCRIPTION = "notes on reference courts and divisions"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="court", description=DESCRIPTION)
    for class_name, tablename in (("Court", "court_court"), ("Division", "court_division")):
        manager.add_column(
            table_class_name=class_name,
            tablename=tablename,
            column_name="note",
            db_column_name="note",
            column_class_name="Text",
            column_class=Text,
            params={
                "default": None,
                "null": True,
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
