"""Case jobs: the daily time-limit reminder (审限预警), and the blob keys the case file keeps."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from court.audit.chain import Actor, record
from court.cases.deadlines import deadline_status
from court.cases.lifecycle import OPEN_STATUSES, CaseEventKind
from court.cases.service import WARN_DAYS, add_event, court_today
from court.cases.tables import Case, CaseDocument, TimeLimitReminder
from court.db import write_transaction
from court.jobs.context import JobContext


async def case_blob_keys() -> set[str]:
    rows = await CaseDocument.select(CaseDocument.blob_key)
    return {r["blob_key"] for r in rows}


async def send_time_limit_reminders(today: date, warn_days: int = WARN_DAYS) -> dict[str, int]:
    """Remind the judge of every open case whose limit is near or past, once per case, deadline and level:
    running it again the same day (or after a crash half-way) adds nothing twice."""
    due = await Case.select(Case.id, Case.court_code, Case.judge_id, Case.deadline).where(
        Case.status.is_in([s.value for s in OPEN_STATUSES])
        & Case.deadline.is_not_null()
        & (Case.deadline <= today + timedelta(days=warn_days))
    )
    sent = 0
    for case in due:
        level = deadline_status(case["deadline"], today, warn_days).value
        key = f"{case['id']}:{case['deadline'].isoformat()}:{level}"
        async with write_transaction():
            if await TimeLimitReminder.exists().where(TimeLimitReminder.key == key):
                continue
            await TimeLimitReminder.insert(
                TimeLimitReminder(
                    case=case["id"],
                    judge_id=case["judge_id"],
                    level=level,
                    deadline=case["deadline"],
                    key=key,
                )
            )
            detail = {"level": level, "deadline": case["deadline"].isoformat(), "judge_id": case["judge_id"]}
            await add_event(case["id"], CaseEventKind.REMINDER, None, detail)
            await record(
                Actor.system(),
                "case.time_limit_reminder",
                subject_type="case",
                subject_id=case["id"],
                court_code=case["court_code"],
                detail=detail,
            )
        sent += 1
    return {"checked": len(due), "sent": sent}


async def case_time_limit_reminders(payload: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    return await send_time_limit_reminders(court_today())
