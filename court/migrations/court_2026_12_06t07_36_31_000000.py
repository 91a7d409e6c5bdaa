"""The unique indexes of appeals: one appeal per party against one decision, one fee charge per appeal. A migration
of its own, since Piccolo runs a migration's raw SQL before the tables it adds."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-06T07:36:31:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique indexes of appeals and of the appeal fee charge"


async def _indexes() -> None:
    # The engine being migrated (court.db.activate made it current): a Table class declared here would keep the
    # engine of the first database this process opened, and a later migration run would index the wrong database.
    from court.db import current_engine

    engine = current_engine()
    # Twenty identical submits find the one appeal of a party against a decision.
    await engine.run_ddl(
        'CREATE UNIQUE INDEX IF NOT EXISTS court_appeal_document_party ON court_appeal ("document", "party")'
    )
    # SQLite cannot add a UNIQUE column, so the charge's uniqueness per appeal is an index on both engines.
    await engine.run_ddl(
        "CREATE UNIQUE INDEX IF NOT EXISTS court_fee_charge_appeal_unique ON court_fee_charge (appeal_id)"
    )


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="court", description=DESCRIPTION)
    manager.add_raw(_indexes)
    return manager
