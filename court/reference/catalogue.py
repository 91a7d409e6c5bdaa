"""The extraction catalogue (causes and courts the pipeline maps onto), built once per process from the database."""

from __future__ import annotations

from typing import Any

from court.reference.tables import Cause, Court

_cached: Any = None


async def court_catalogue() -> Any:
    global _cached
    if _cached is None:
        from nlp.catalogue import Catalogue

        causes = await Cause.select(Cause.code, Cause.name, Cause.level, Cause.parent, Cause.aliases)
        courts = await Court.select(Court.code, Court.name, Court.short_name, Court.level, Court.aliases)
        _cached = Catalogue.from_rows(causes=causes, courts=courts)
    return _cached


def forget() -> None:
    global _cached
    _cached = None
