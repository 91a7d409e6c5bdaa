"""A clerk's corrections of the machine docket (编目校对), kept beside the machine's values in Filing.corrections."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from court.accounts.policy import Action, Principal
from court.audit.chain import actor_of, record
from court.db import write_transaction
from court.errors import Conflict, InvalidInput
from court.filing import service
from court.filing.docket_view import machine_value
from court.filing.status import FilingStatus
from court.filing.tables import Filing
from court.i18n import msg

REVIEWABLE = (FilingStatus.SUBMITTED, FilingStatus.UNDER_REVIEW, FilingStatus.FORWARDED)
MAX_VALUE = 2000


async def correct_field(p: Principal, filing_id: int, path: str, value: str) -> dict[str, Any]:
    """Record the clerk's value for one docket field; the machine's value stays untouched in Filing.docket.

    An empty value withdraws the correction. Every correction is audited with the old and new values."""
    filing = await service.authorize(p, Action.REVIEW, filing_id)
    if filing["status"] not in REVIEWABLE:
        raise Conflict(
            msg("a %(status_text)s filing is no longer under review", status_text=filing["status"]),
            status=filing["status"],
        )
    docket = filing.get("docket") or {}
    machine = machine_value(docket, path)
    if machine is None:
        raise InvalidInput(msg("the docket has no field %(path)s", path=path), field="path")
    value = value.strip()
    if len(value) > MAX_VALUE:
        raise InvalidInput(
            msg("a value has at most %(MAX_VALUE)s characters", MAX_VALUE=MAX_VALUE), field="value"
        )
    async with write_transaction():
        row = (
            await Filing.select(Filing.corrections)
            .where(Filing.id == filing_id)
            .output(load_json=True)
            .first()
        )
        corrections = dict(row["corrections"] or {}) if row else {}
        previous = corrections.get(path, {}).get("value") if isinstance(corrections.get(path), dict) else None
        if value and value != machine:
            corrections[path] = {
                "value": value,
                "machine": machine,
                "by": p.user_id,
                "at": datetime.now(UTC).isoformat(),
            }
        else:
            corrections.pop(path, None)
        await Filing.update({Filing.corrections: corrections}).where(Filing.id == filing_id)
        await record(
            actor_of(p),
            "filing.docket_corrected",
            subject_type="filing",
            subject_id=filing_id,
            court_code=p.court_code,
            detail={"path": path, "machine": machine, "before": previous, "after": value or None},
        )
    return corrections
