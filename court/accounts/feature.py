"""Accounts: sign-in, the signed-in user, and the sign-in pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from court.feature import Feature


def _routes() -> list[Any]:
    from court.accounts.pages import AuthPages
    from court.accounts.web import AuthController, MeController

    return [AuthController, MeController, AuthPages]


FEATURE = Feature(name="accounts", routes=_routes, templates=Path(__file__).parent / "templates")
