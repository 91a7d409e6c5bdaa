"""Reminders before a party's deadline lapses: the rule as a plain function, time travel across National Day (the
last day already moved by the engine, CPL Art 85), once per deadline and party however often and on however many
workers the sweep runs (both engines; concurrent on PostgreSQL), the judge told, the party's inbox."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import pytest

from court.cases.deadlines import deadline_for
from court.serving import flow, reminders
from court.serving.flow import RecordIn, ServeIn
from court.serving.tables import DeadlineReminder, ServiceNotice
from tests.cases.test_registration import principal
from tests.serving.helpers import parties, signed_document


def test_a_reminder_is_due_from_n_days_before_the_last_day_until_it() -> None:
    last = date(2026, 10, 8)
    assert not reminders.due_for_reminder(last, date(2026, 10, 4), 3)
    assert reminders.due_for_reminder(last, date(2026, 10, 5), 3)
    assert reminders.due_for_reminder(last, last, 3)
    assert not reminders.due_for_reminder(last, date(2026, 10, 9), 3)  # lapsed: too late to remind
    assert reminders.due_for_reminder(last, last, 0) and not reminders.due_for_reminder(
        last, date(2026, 10, 7), 0
    )
    with pytest.raises(ValueError):
        reminders.due_for_reminder(last, last, -1)


def test_the_reminder_names_the_period_and_the_last_day_in_chinese() -> None:
    text = reminders.message_of("property_report", date(2026, 10, 8), "（2026）浙0106执1号")
    assert text == "（2026）浙0106执1号：您的报告财产期限将于2026年10月8日届满，请按期办理。"


async def served_judgment(runtime: Any, served_on: date) -> tuple[dict[str, Any], dict[str, Any]]:
    """A judgment served on the defendant in person on `served_on` (recorded by the clerk)."""
    case, judgment = await signed_document(runtime)
    defendant = (await parties(case["id"]))["defendant"]
    clerk = await principal("clerk.xihu")
    [service] = await flow.serve_document(
        clerk, judgment["id"], ServeIn(parties=[defendant["id"]], channels=["in_person"])
    )
    await flow.record_by_clerk(
        clerk,
        service["attempts"][0]["id"],
        RecordIn(outcome="delivered", served_on=served_on, receipt_signed_by="陈建国"),
    )
    return case, defendant


async def test_across_national_day_the_reminder_follows_the_moved_last_day_and_goes_once(seeded: Any) -> None:
    # Served on 2026-09-20: 15 days end on 2026-10-05, inside the National Day holiday, so the last day is 10-08.
    case, defendant = await served_judgment(seeded, date(2026, 9, 20))
    [d] = await flow.case_deadlines(await principal("judge.xihu"), case["id"])
    assert d["deadline"] == deadline_for("appeal_judgment", date(2026, 9, 20)).deadline == date(2026, 10, 8)
    # Three days before the nominal end (10-02) nothing is due: the last day moved to 10-08.
    assert await reminders.send_reminders(seeded, today=date(2026, 10, 2)) == {"reminders_sent": 0}
    assert await reminders.send_reminders(seeded, today=date(2026, 10, 5)) == {"reminders_sent": 1}
    # The next sweep (and the one after, a day later) sends nothing more.
    assert await reminders.send_reminders(seeded, today=date(2026, 10, 5)) == {"reminders_sent": 0}
    assert await reminders.send_reminders(seeded, today=date(2026, 10, 6)) == {"reminders_sent": 0}
    [row] = await DeadlineReminder.select().where(DeadlineReminder.case == case["id"]).output(load_json=True)
    assert (
        row["party"] == defendant["id"]
        and row["last_day"] == date(2026, 10, 8)
        and row["channels"] == ["inbox"]
    )
    assert "上诉期将于2026年10月8日届满" in row["message"]
    # The judge is told on the case's service notices.
    told = await ServiceNotice.select(ServiceNotice.message).where(ServiceNotice.case == case["id"])
    assert [t["message"] for t in told] == ["陈建国的上诉期将于2026-10-08届满，已提醒当事人"]
    # ... and in the judge's notices on the workbench, unread, once.
    from court.cases.tables import CaseNotice

    [notice] = await CaseNotice.select().where(
        (CaseNotice.case == case["id"]) & (CaseNotice.kind == "deadline_near")
    )
    assert notice["user_id"] == case["judge_id"] and notice["read_at"] is None


async def test_a_lapsed_deadline_gets_no_reminder(seeded: Any) -> None:
    case, _ = await served_judgment(seeded, date(2026, 9, 20))
    assert await reminders.send_reminders(seeded, today=date(2026, 10, 9)) == {"reminders_sent": 0}
    assert not await DeadlineReminder.exists().where(DeadlineReminder.case == case["id"])


@pytest.mark.postgres
async def test_two_workers_sweeping_at_once_send_one_reminder(seeded: Any) -> None:
    case, _ = await served_judgment(seeded, date(2026, 9, 20))
    results = await asyncio.gather(
        *[reminders.send_reminders(seeded, today=date(2026, 10, 6)) for _ in range(4)]
    )
    assert sum(r["reminders_sent"] for r in results) == 1
    assert await DeadlineReminder.count().where(DeadlineReminder.case == case["id"]) == 1
    assert await ServiceNotice.count().where(ServiceNotice.case == case["id"]) == 1
