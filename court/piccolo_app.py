"""The Piccolo app that owns every court table and the migrations under court/migrations."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from court.tables import all_tables

APP_CONFIG = AppConfig(
    app_name="court",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=all_tables(),
    migration_dependencies=[],
    commands=[],
)
