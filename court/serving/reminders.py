"""Reminders before a party's deadline lapses (期限届满提醒): a periodic job sends each party, once per deadline, a
reminder in its portal inbox (and by text message when it consented to electronic service with a mobile number)
`deadline_reminder_days` days before the last day; the judge of the case (the officer of the matter) is told.

Once per deadline and party, whichever worker runs the sweep and however often: the reminder row's unique deadline
lets one INSERT win (ON CONFLICT DO NOTHING on both engines); only the winner sends."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any

from court.audit.chain import Actor, record
from court.cases import service as cases
from court.db import write_transaction
from court.jobs.context import JobContext
from court.serving.common import address_of, parties_of_user
from court.serving.tables import DeadlineReminder, Service, ServiceDeadline, ServiceNotice

DEFAULT_DAYS = 3

# The Chinese name of each party period, as the reminder's text names it.
KIND_ZH = {
    "answer": "答辩期",
    "appeal_judgment": "上诉期",
    "appeal_ruling": "上诉期",
    "evidence": "举证期限",
    "fee_payment": "交纳诉讼费用期限",
    "property_report": "报告财产期限",
}


def due_for_reminder(last_day: date, today: date, days: int) -> bool:
    """A reminder is due from `days` days before the last day up to the last day itself; not after it lapsed.
    The last day is the engine's, already moved past rest days and holidays (CPL Art 85)."""
    if days < 0:
        raise ValueError("days may not be negative")
    return last_day - timedelta(days=days) <= today <= last_day


def message_of(kind: str, last_day: date, number: str) -> str:
    return (
        f"{number}：您的{KIND_ZH.get(kind, '期限')}将于{last_day.year}年{last_day.month}月{last_day.day}日届满，"
        "请按期办理。"
    )


async def _claim(d: dict[str, Any], today: date, message: str, channels: list[str]) -> bool:
    """Insert the reminder row; True for the one caller whose row went in."""
    rows = await DeadlineReminder.raw(
        'INSERT INTO court_deadline_reminder (deadline, "case", matter_id, party, matter_party_id, kind, last_day, '
        "sent_on, channels, message, created_at) VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}) "
        "ON CONFLICT (deadline) DO NOTHING RETURNING id",
        d["id"],
        d["case"],
        d["matter_id"],
        d["party"],
        d["matter_party_id"],
        d["kind"],
        d["deadline"],
        today,
        _json(channels),
        message,
        datetime.now(UTC),
    )
    return bool(rows)


def _json(value: Any) -> str:
    import json

    return json.dumps(value)


async def _number(d: dict[str, Any]) -> str:
    if d["matter_id"]:
        from court.execution.tables import EnforcementMatter

        row = (
            await EnforcementMatter.select(EnforcementMatter.number)
            .where(EnforcementMatter.id == d["matter_id"])
            .first()
        )
    else:
        from court.cases.tables import Case

        row = await Case.select(Case.number).where(Case.id == d["case"]).first()
    return str(row["number"]) if row else ""


async def _mobile(d: dict[str, Any]) -> str | None:
    """The mobile number the party consented to be served on, if any (CPL Art 90)."""
    from court.serving import matters

    if d["matter_id"]:
        from court.execution.service import load_matter

        party = await matters.matter_party(int(d["matter_party_id"]))
        address = await matters.address_of_matter_party(await load_matter(int(d["matter_id"])), party)
    else:
        address = await address_of(int(d["party"]))
    return address["mobile"] if address["consent_electronic"] and address.get("mobile") else None


async def send_reminders(
    runtime: Any | None = None, today: date | None = None, days: int | None = None
) -> dict[str, int]:
    """Remind each party whose deadline lapses within `days` days (the setting; 3 by default), once."""
    today = today or cases.court_today()
    if days is None:
        days = int(getattr(getattr(runtime, "settings", None), "deadline_reminder_days", DEFAULT_DAYS))
    rows = await ServiceDeadline.select().where(
        (ServiceDeadline.deadline >= today) & (ServiceDeadline.deadline <= today + timedelta(days=days))
    )
    sent = 0
    for d in rows:
        if not due_for_reminder(d["deadline"], today, days):
            continue
        if await DeadlineReminder.exists().where(DeadlineReminder.deadline == d["id"]):
            continue
        number = await _number(d)
        message = message_of(d["kind"], d["deadline"], number)
        mobile = await _mobile(d)
        channels = ["inbox"] + (["sms"] if mobile else [])
        async with write_transaction():
            if not await _claim(d, today, message, channels):
                continue  # another worker sent it
            service = await Service.select(Service.court_code).where(Service.id == d["service"]).first()
            court_code = service["court_code"] if service else None
            await record(
                Actor.system(),
                "service.deadline_reminded",
                subject_type="service",
                subject_id=d["service"],
                court_code=court_code,
                detail={
                    "deadline": d["id"],
                    "kind": d["kind"],
                    "last_day": d["deadline"].isoformat(),
                    "channels": channels,
                },
            )
            # The judge of the case (the matter's officer) is told on the case's (matter's) service notices.
            who = await _party_name(d)
            await ServiceNotice.insert(
                ServiceNotice(
                    case=d["case"],
                    service=d["service"],
                    matter_id=d["matter_id"],
                    message=f"{who}的{KIND_ZH.get(d['kind'], '期限')}将于{d['deadline'].isoformat()}届满，已提醒当事人"[
                        :255
                    ],
                )
            )
            if d["case"]:
                await _tell_judge(d, who)
        if mobile:
            from court.serving.channels import sms_gateway

            settings = getattr(runtime, "settings", None)
            if settings is not None:
                await asyncio.to_thread(sms_gateway(settings).send, mobile, message)
        sent += 1
    return {"reminders_sent": sent}


async def _tell_judge(d: dict[str, Any], who: str) -> None:
    """The judge of the case gets it in the notices of the judge's workbench (/judge/notices), unread."""
    from court.cases.tables import Case, CaseNotice

    case = await Case.select(Case.judge_id).where(Case.id == d["case"]).first()
    if case and case["judge_id"]:
        await CaseNotice.insert(
            CaseNotice(
                user_id=case["judge_id"],
                case=d["case"],
                kind="deadline_near",
                detail={"party": who, "kind": d["kind"], "last_day": d["deadline"].isoformat()},
            )
        )


async def _party_name(d: dict[str, Any]) -> str:
    if d["matter_id"]:
        from court.serving import matters

        return str((await matters.matter_party(int(d["matter_party_id"])))["name"])
    from court.cases.tables import CaseParty

    row = await CaseParty.select(CaseParty.name).where(CaseParty.id == d["party"]).first()
    return str(row["name"]) if row else ""


async def reminders_of_user(user_id: int) -> list[dict[str, Any]]:
    """The reminders sent to the parties a user receives service for (its portal inbox)."""
    from court.execution.tables import MatterParty

    case_parties = [int(r["id"]) for r in await parties_of_user(user_id)]
    matter_parties = [
        int(r["id"]) for r in await MatterParty.select(MatterParty.id).where(MatterParty.user_id == user_id)
    ]
    where: Any = None
    if case_parties:
        where = DeadlineReminder.party.is_in(case_parties)
    if matter_parties:
        clause = DeadlineReminder.matter_party_id.is_in(matter_parties)
        where = clause if where is None else where | clause
    if where is None:
        return []
    return (
        await DeadlineReminder.select()
        .where(where)
        .order_by(DeadlineReminder.id, ascending=False)
        .output(load_json=True)
    )


async def reminders_of_case(case_id: int) -> list[dict[str, Any]]:
    return (
        await DeadlineReminder.select()
        .where(DeadlineReminder.case == case_id)
        .order_by(DeadlineReminder.id, ascending=False)
        .output(load_json=True)
    )


async def deadline_reminders_job(payload: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Every six hours: remind parties whose deadlines lapse soon. Idempotent per deadline (the unique row)."""
    return dict(await send_reminders(ctx.runtime))
