"""Piccolo's configuration hook: the engine is set at run time by court.db.activate, not at import."""

from piccolo.conf.apps import AppRegistry
from piccolo.engine.base import Engine

# Piccolo reads DB each time it needs an engine; court.db.activate() sets it from the settings.
DB: Engine | None = None

APP_REGISTRY = AppRegistry(apps=["court.piccolo_app"])
