"""The app's court directory, built once per process from the reference tables (the one source the rest of the
app reads too); the routing rules get it passed in and never touch the database themselves."""

from __future__ import annotations

from typing import Any

from court.reference.service import reference_rows
from court.routing.directory import CourtDirectory

_directory: CourtDirectory | None = None


async def court_directory() -> CourtDirectory:
    """The directory of the reference tables. Tables not seeded yet give an empty directory, which is not kept, so
    the first routing after `court seed` sees the courts."""
    global _directory
    if _directory is not None:
        return _directory
    rows = await reference_rows()
    directory = CourtDirectory.from_reference(rows.divisions, rows.courts, rows.causes)
    if rows.courts:
        _directory = directory
    return directory


def forget() -> None:
    """Drop the kept directory (after the reference tables changed)."""
    global _directory
    _directory = None


async def decide(request: dict[str, Any]) -> dict[str, Any]:
    """Decide jurisdiction for the request JSON against the reference tables' directory."""
    from court.routing.engine import decide_for_filing

    return decide_for_filing(request, await court_directory())
