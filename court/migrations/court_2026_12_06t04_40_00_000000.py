"""The Idempotency-Key table (court.idempotency): one row per (user, route, key) with the request's hash and result."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import JSON, Integer, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-06T04:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "idempotency keys bound to user, route and body hash"

TABLE = {"table_class_name": "IdempotencyKey", "tablename": "court_idempotency_key", "schema": None}


def _params(**overrides: object) -> dict[str, object]:
    params: dict[str, object] = {
        "null": False,
        "primary_key": False,
        "unique": False,
        "index": False,
        "index_method": IndexMethod.btree,
        "choices": None,
        "db_column_name": None,
        "secret": False,
    }
    params.update(overrides)
    return params


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="court", description=DESCRIPTION)
    manager.add_table(
        class_name="IdempotencyKey", tablename="court_idempotency_key", schema=None, columns=None
    )
    columns = [
        ("lookup", Varchar, _params(length=64, default="", unique=True, index=True)),
        ("user_id", Integer, _params(default=0, index=True)),
        ("route", Varchar, _params(length=128, default="")),
        ("request_hash", Varchar, _params(length=64, default="")),
        ("result", JSON, _params(default="{}")),
        ("created_at", Timestamptz, _params(default=TimestamptzNow())),
    ]
    for name, column_class, params in columns:
        manager.add_column(
            column_name=name,
            db_column_name=name,
            column_class_name=column_class.__name__,
            column_class=column_class,
            params=params,
            **TABLE,
        )
    return manager
