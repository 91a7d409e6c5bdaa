"""Control measures in force (控制措施): renewal, release and the warning before a measure lapses."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec

from court.accounts.policy import Action, Principal
from court.audit.chain import Actor, actor_of
from court.db import write_transaction
from court.errors import NotFound
from court.execution import measures
from court.execution.service import add_event, audit_matter, authorize, load_matter, log_event
from court.execution.tables import ControlMeasureRow, EnforcementMatter
from court.execution.views import MeasureOut
from court.i18n import msg
from court.statemachine import IllegalTransition, claim

# Warn this many days before a measure lapses: a renewal needs the applicant's request and a ruling served on
# the agency before expiry (CPL-Interp 2022 Art 485 para 2), which takes time. A court setting.
WARN_DAYS = 30


def measure_of(row: dict[str, Any]) -> measures.ControlMeasure:
    renewals = row["renewals"]
    renewals = msgspec.json.decode(renewals) if isinstance(renewals, str) else renewals
    return measures.ControlMeasure(
        id=str(row["id"]),
        kind=measures.MeasureKind(row["kind"]),
        property_ref=row["property_ref"],
        starts_on=row["starts_on"],
        expires_on=row["expires_on"],
        renewals=tuple(msgspec.convert(renewals, list[measures.Renewal])),
        released_on=row["released_on"],
        amount=row["amount"],
    )


def measure_view(row: dict[str, Any], today: date) -> MeasureOut:
    m = measure_of(row)
    return MeasureOut(
        id=row["id"],
        property_id=row["property_id"],
        kind=m.kind,
        property_ref=m.property_ref,
        amount=m.amount,
        starts_on=m.starts_on,
        expires_on=m.expires_on,
        renewals=len(m.renewals),
        status=m.status(today),
        days_left=(m.expires_on - today).days,
    )


async def _load(measure_id: int) -> dict[str, Any]:
    row = await ControlMeasureRow.select().where(ControlMeasureRow.id == measure_id).first()
    if row is None:
        raise NotFound(msg("no control measure %(measure_id)s", measure_id=measure_id))
    return row


async def _save(row: dict[str, Any], m: measures.ControlMeasure) -> None:
    await ControlMeasureRow.update(
        {
            ControlMeasureRow.expires_on: m.expires_on,
            ControlMeasureRow.renewals: msgspec.to_builtins(list(m.renewals)),
            ControlMeasureRow.released_on: m.released_on,
        }
    ).where(ControlMeasureRow.id == row["id"])


async def renew_measure(p: Principal, measure_id: int, on: date, years: int | None = None) -> MeasureOut:
    row = await _load(measure_id)
    matter = await authorize(p, Action.ENFORCE, int(row["matter"]))
    measures.renew(measure_of(row), on, years)  # refused early, before the lock, when it cannot be renewed
    async with write_transaction():
        # Renewals and a release of one measure queue on its row; each renews from the expiry it finds there.
        await claim(measures.CONTROL_MEASURE, measure_id, measures.MeasureStatus.ACTIVE)
        row = await _load(measure_id)
        renewed = measures.renew(measure_of(row), on, years)
        await _save(row, renewed)
        detail = {
            "measure": measure_id,
            "property": row["property_ref"],
            "expires_on": renewed.expires_on.isoformat(),
        }
        await log_event(row["matter"], "measure_renewed", on, p, detail, court_code=matter["court_code"])
    return measure_view(await _load(measure_id), on)


async def release_measure(p: Principal | None, measure_id: int, on: date) -> MeasureOut:
    row = await _load(measure_id)
    matter = await (
        authorize(p, Action.ENFORCE, int(row["matter"])) if p else load_matter(int(row["matter"]))
    )
    if measures.release(measure_of(row), on) == measure_of(row):
        return measure_view(row, on)  # released already that day: harmless, and nothing is recorded twice
    try:
        async with write_transaction():
            # Released once: of concurrent releases one finds the measure in force and records the release.
            await claim(measures.CONTROL_MEASURE, measure_id, measures.MeasureStatus.RELEASED)
            row = await _load(measure_id)
            released = measures.release(measure_of(row), on)
            await _save(row, released)
            detail = {"measure": measure_id, "property": row["property_ref"]}
            await add_event(
                row["matter"], "measure_released", on, p, detail, key=f"measure:{measure_id}:released"
            )
            await audit_matter(
                actor_of(p),
                "matter.measure_released",
                row["matter"],
                court_code=matter["court_code"],
                detail=detail,
            )
    except IllegalTransition:
        # A concurrent release won: the same answer as releasing twice in a row, if it released on the same day.
        if measure_of(await _load(measure_id)).released_on != on:
            raise
    return measure_view(await _load(measure_id), on)


async def release_all(matter_id: int, on: date) -> int:
    rows = await ControlMeasureRow.select().where(
        (ControlMeasureRow.matter == matter_id) & ControlMeasureRow.released_on.is_null()
    )
    released = 0
    for row in rows:
        if measure_of(row).status(on) is measures.MeasureStatus.ACTIVE:
            await release_measure(None, int(row["id"]), on)
            released += 1
    return released


async def send_lapse_warnings(today: date, warn_days: int = WARN_DAYS) -> dict[str, int]:
    """Warn the officer of every measure of an open matter that lapses within `warn_days`: once per measure
    and expiry date, so a rerun adds nothing and a renewed measure is warned again before its new expiry."""
    open_ids = [
        r["id"]
        for r in await EnforcementMatter.select(EnforcementMatter.id).where(
            EnforcementMatter.status == "open"
        )
    ]
    if not open_ids:
        return {"warned": 0}
    rows = await ControlMeasureRow.select().where(
        ControlMeasureRow.matter.is_in(open_ids)
        & ControlMeasureRow.released_on.is_null()
        & (ControlMeasureRow.expires_on >= today)
    )
    by_id = {str(r["id"]): r for r in rows}
    warned = 0
    for w in measures.measures_needing_warning([measure_of(r) for r in rows], today, warn_days):
        row = by_id[w.measure_id]
        detail = {
            "measure": row["id"],
            "kind": w.kind.value,
            "property": row["property_ref"],
            "expires_on": w.expires_on.isoformat(),
            "days_left": w.days_left,
        }
        async with write_transaction():
            if await add_event(
                row["matter"],
                "measure_lapse_warning",
                today,
                None,
                detail,
                audience="court",
                key=f"lapse:{row['id']}:{w.expires_on.isoformat()}",
            ):
                matter = await load_matter(int(row["matter"]))
                await audit_matter(
                    Actor.system(),
                    "matter.measure_lapse_warning",
                    row["matter"],
                    court_code=matter["court_code"],
                    detail=detail,
                )
                warned += 1
    return {"warned": warned}
