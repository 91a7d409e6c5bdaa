"""Loading the reference data of seeds/ into the database (idempotent) and reading it back."""

from __future__ import annotations

import dataclasses
from typing import Any

from piccolo.table import Table

from court.db import write_transaction
from court.reference import names
from court.reference.tables import Cause, Court, Division


def _rows(items: list[Any]) -> list[dict[str, Any]]:
    return [
        dataclasses.asdict(i) if dataclasses.is_dataclass(i) and not isinstance(i, type) else dict(i)
        for i in items
    ]


async def _upsert(table: type[Table], rows: list[dict[str, Any]], columns: list[str]) -> int:
    key = table._meta.get_column_by_name("code")
    update_cols = [table._meta.get_column_by_name(c) for c in columns if c != "code"]
    for start in range(0, len(rows), 500):
        batch = [table.from_dict({c: r.get(c) for c in columns}) for r in rows[start : start + 500]]
        await table.insert(*batch).on_conflict(target=key, action="DO UPDATE", values=update_cols)
    return len(rows)


async def load_reference_data() -> dict[str, int]:
    """Upsert courts, divisions and causes from seeds/; running it twice changes nothing the second time."""
    from seeds.reference import load_causes, load_courts, load_divisions

    courts = _rows(load_courts())
    for c in courts:
        c["parent_code"] = c.get("parent")
    divisions = _rows(load_divisions())
    causes = _rows(load_causes())
    async with write_transaction():
        n_courts = await _upsert(
            Court,
            courts,
            [
                "code",
                "name",
                "short_name",
                "level",
                "kind",
                "parent_code",
                "seat_division",
                "divisions",
                "aliases",
                "active",
                "note",
            ],
        )
        n_div = await _upsert(
            Division,
            divisions,
            ["code", "name", "full_name", "level", "parent", "short_names", "status", "successor", "note"],
        )
        n_causes = await _upsert(Cause, causes, ["code", "name", "level", "parent", "aliases"])
    names.forget()  # this process's pages read the names again
    return {"courts": n_courts, "divisions": n_div, "causes": n_causes}


@dataclasses.dataclass(frozen=True, slots=True)
class ReferenceRows:
    """The reference tables as rows, in the seed files' shape (a court's parent as `parent`)."""

    divisions: list[dict[str, Any]]
    courts: list[dict[str, Any]]
    causes: list[dict[str, Any]]


async def reference_rows() -> ReferenceRows:
    """Every division, court and cause as the tables hold them, in the order they were seeded (the seed files'
    order, which decides among courts sharing a name): what the app's jurisdiction engine is built from
    (court.routing.reference), as registration and extraction read the same tables."""
    divisions = (
        await Division.select(
            Division.code,
            Division.name,
            Division.full_name,
            Division.level,
            Division.parent,
            Division.short_names,
            Division.status,
            Division.successor,
            Division.note,
        )
        .order_by(Division.id)
        .output(load_json=True)
    )
    courts = (
        await Court.select(
            Court.code,
            Court.name,
            Court.short_name,
            Court.level,
            Court.kind,
            Court.parent_code.as_alias("parent"),
            Court.divisions,
            Court.seat_division,
            Court.active,
            Court.aliases,
            Court.note,
        )
        .order_by(Court.id)
        .output(load_json=True)
    )
    causes = (
        await Cause.select(Cause.code, Cause.name, Cause.level, Cause.parent, Cause.aliases)
        .order_by(Cause.id)
        .output(load_json=True)
    )
    return ReferenceRows(divisions=divisions, courts=courts, causes=causes)


async def court_by_code(code: str) -> dict[str, Any] | None:
    return await Court.select().where(Court.code == code).first()


async def active_courts() -> list[dict[str, Any]]:
    """The courts a litigant may file with (code and name, by code): a court merged away or not yet open is kept
    for the cases it holds but takes no new filings."""
    return await Court.select(Court.code, Court.name).where(Court.active == True).order_by(Court.code)  # noqa: E712


async def courts(
    *, level: str | None = None, name_part: str | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """Courts by code, narrowed by level and by a part of the name (the API's court directory); at most `limit`,
    which is kept between 1 and 1,000 so one request cannot ask for the whole table at once."""
    query = Court.select(Court.code, Court.name, Court.level, Court.kind, Court.parent_code, Court.active)
    if level:
        query = query.where(Court.level == level)
    if name_part:
        query = query.where(Court.name.like(f"%{name_part}%"))
    return await query.order_by(Court.code).limit(min(max(limit, 1), 1000))


async def causes(
    *, name_part: str | None = None, level: int | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    """Causes of action (案由) by code, narrowed by a part of the name and by level in the catalogue; at most
    `limit`, kept between 1 and 1,000 as for the courts."""
    query = Cause.select(Cause.code, Cause.name, Cause.level, Cause.parent)
    if name_part:
        query = query.where(Cause.name.like(f"%{name_part}%"))
    if level:
        query = query.where(Cause.level == level)
    return await query.order_by(Cause.code).limit(min(max(limit, 1), 1000))
