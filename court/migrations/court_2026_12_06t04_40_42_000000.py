"""The OCR state of a filed document (issue 21): queued, reading, read or unreadable (with the reason), the mean
confidence of its OCR'd characters, and each OCR'd page's lines with their confidences and boxes (for highlighting)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import JSON, Real, Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-06T04:40:42:000000"
VERSION = "1.38.0"
DESCRIPTION = "the OCR state of a document"


def _params(**params: object) -> dict[str, object]:
    return {
        "null": False,
        "primary_key": False,
        "unique": False,
        "index": False,
        "index_method": IndexMethod.btree,
        "choices": None,
        "db_column_name": None,
        "secret": False,
        **params,
    }


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="court", description=DESCRIPTION)
    columns = [
        ("ocr_status", "Varchar", Varchar, _params(length=16, default="")),
        ("ocr_reason", "Varchar", Varchar, _params(length=64, default="")),
        ("ocr_confidence", "Real", Real, _params(default=None, null=True)),
        ("ocr_pages", "JSON", JSON, _params(default="[]")),
    ]
    for name, class_name, column_class, params in columns:
        manager.add_column(
            table_class_name="FilingDocument",
            tablename="court_filing_document",
            column_name=name,
            db_column_name=name,
            column_class_name=class_name,
            column_class=column_class,
            params=params,
            schema=None,
        )
    return manager
