"""Management: the court leaders' dashboard and charts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from court.feature import Feature


def _routes() -> list[Any]:
    from court.management.pages import LeaderPages

    return [LeaderPages]


FEATURE = Feature(name="management", routes=_routes, templates=Path(__file__).parent / "templates")
