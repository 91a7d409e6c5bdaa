"""The web layer's own slice: health checks, static files and the shared layout's templates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from court.feature import Feature


def _routes() -> list[Any]:
    from court.web.health import health, ready
    from court.web.templating import static_files

    return [health, ready, static_files()]


FEATURE = Feature(name="web", routes=_routes, templates=Path(__file__).parent / "templates")
