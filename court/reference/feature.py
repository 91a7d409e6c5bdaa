"""Reference data: courts, divisions and causes of action."""

from __future__ import annotations

from typing import Any

from court.feature import Feature


def _routes() -> list[Any]:
    from court.reference.web import ReferenceController

    return [ReferenceController]


FEATURE = Feature(name="reference", routes=_routes)
