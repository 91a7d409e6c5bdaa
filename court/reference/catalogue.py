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


def catalogue_from_seeds() -> Any:
    """The same catalogue straight from seeds/ (for the command line, which needs no database)."""
    import dataclasses

    from nlp.catalogue import Catalogue
    from seeds.reference import load_causes, load_courts

    return Catalogue.from_rows(
        causes=[dataclasses.asdict(c) for c in load_causes()],
        courts=[dataclasses.asdict(c) for c in load_courts()],
    )
