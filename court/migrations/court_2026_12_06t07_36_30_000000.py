"""Appeals (上诉): the court_appeal table, and the appeal a fee charge may belong to (court_fee_charge.appeal_id)."""

import decimal

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import (
    JSON,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

ID = "2026-12-06T07:36:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "appeals with their dossier manifest; the appeal of a fee charge"


def _pk() -> Serial:
    return Serial(
        null=False,
        primary_key=True,
        unique=False,
        index=False,
        index_method=IndexMethod.btree,
        choices=None,
        db_column_name="id",
        secret=False,
    )


class Case(Table, tablename="court_case", schema=None):
    id = _pk()


class CaseParty(Table, tablename="court_case_party", schema=None):
    id = _pk()


class CourtDocument(Table, tablename="court_document", schema=None):
    id = _pk()


def _params(**extra):  # type: ignore[no-untyped-def]
    base = {
        "null": False,
        "primary_key": False,
        "unique": False,
        "index": False,
        "index_method": IndexMethod.btree,
        "choices": None,
        "db_column_name": None,
        "secret": False,
    }
    base.update(extra)
    return base


def _fk(table):  # type: ignore[no-untyped-def]
    return ForeignKey, _params(
        references=table,
        on_delete=OnDelete.cascade,
        on_update=OnUpdate.cascade,
        target_column=None,
        null=True,
        index=True,
    )


COLUMNS = [
    ("case", *_fk(Case)),
    ("document", *_fk(CourtDocument)),
    ("party", *_fk(CaseParty)),
    ("court_code", Varchar, _params(length=16, default="", index=True)),
    ("appeal_court_code", Varchar, _params(length=16, default="", index=True)),
    ("status", Varchar, _params(length=16, default="filed", index=True)),
    ("grounds", Text, _params(default="")),
    ("claims", Text, _params(default="")),
    ("amount", Numeric, _params(digits=(16, 2), default=decimal.Decimal("0"), null=True)),
    ("fee", Numeric, _params(digits=(16, 2), default=decimal.Decimal("0"), null=True)),
    ("fee_assessment", JSON, _params(default="{}")),
    ("served_on", Date, _params(default=None, null=True)),
    ("last_day", Date, _params(default=None, null=True)),
    ("period", JSON, _params(default="{}")),
    ("filed_on", Date, _params(default=None, null=True)),
    ("filed_by", Integer, _params(default=None, null=True)),
    ("filed_at", Timestamptz, _params(default=TimestamptzNow())),
    ("upload_key", Varchar, _params(length=160, default=None, null=True)),
    ("upload_sha256", Varchar, _params(length=64, default=None, null=True)),
    ("upload_name", Varchar, _params(length=255, default="")),
    ("manifest", JSON, _params(default="[]")),
    ("manifest_sha256", Varchar, _params(length=64, default=None, null=True)),
    ("forwarded_at", Timestamptz, _params(default=None, null=True)),
    ("forwarded_by", Integer, _params(default=None, null=True)),
    ("verification", JSON, _params(default="{}")),
    ("second_case", Integer, _params(default=None, null=True, index=True)),
    ("outcome", Varchar, _params(length=16, default="")),
    ("decided_on", Date, _params(default=None, null=True)),
    ("decision_document", Integer, _params(default=None, null=True)),
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="court", description=DESCRIPTION)
    manager.add_table(class_name="Appeal", tablename="court_appeal", schema=None, columns=None)
    for name, column_class, params in COLUMNS:
        manager.add_column(
            table_class_name="Appeal",
            tablename="court_appeal",
            column_name=name,
            db_column_name=name,
            column_class_name=column_class.__name__,
            column_class=column_class,
            params=params,
            schema=None,
        )
    manager.add_column(
        table_class_name="FeeCharge",
        tablename="court_fee_charge",
        column_name="appeal_id",
        db_column_name="appeal_id",
        column_class_name="Integer",
        column_class=Integer,
        params=_params(default=None, null=True, index=True),
        schema=None,
    )
    return manager
