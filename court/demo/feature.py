"""The demo: its start page and the demo court's data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from court.feature import Feature


def _routes() -> list[Any]:
    from court.demo.pages import DemoPages

    return [DemoPages]


FEATURE = Feature(name="demo", routes=_routes, templates=Path(__file__).parent / "templates")
