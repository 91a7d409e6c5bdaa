"""Terminals: the self-service kiosks, their device API and pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from court.feature import Feature


def _routes() -> list[Any]:
    from court.terminals.pages import KioskPages
    from court.terminals.web import TerminalController, TerminalDeviceController

    return [TerminalDeviceController, TerminalController, KioskPages]


FEATURE = Feature(name="terminals", routes=_routes, templates=Path(__file__).parent / "templates")
