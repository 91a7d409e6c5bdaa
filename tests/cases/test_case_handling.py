"""After registration, on both engines: assignment, recusal, time limits, reminders, hearings and the timeline."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from court.accounts.tables import User
from court.cases import service
from court.cases.assignment import RecusedJudge
from court.cases.deadlines import SuspensionReason
from court.cases.jobs import send_time_limit_reminders
from court.cases.lifecycle import CaseEventKind
from court.cases.registration import _open_case, register_filing
from court.cases.tables import CaseAssignment, TimeLimitReminder
from court.cases.time_limits import Approver
from court.errors import Conflict, InvalidInput, PermissionDenied
from tests.cases.test_registration import NOW, principal, submitted_filing


async def user_id(username: str) -> int:
    return int((await User.select(User.id).where(User.username == username).first())["id"])


async def registered(procedure: str = "ordinary") -> dict[str, Any]:
    """A case registered (立案) but not yet assigned, so each test draws (分案) with its own seeded rng."""
    return await _open_case(
        await principal("clerk.xihu"), await submitted_filing(procedure=procedure), now=NOW
    )


async def test_random_assignment_balances_caseload_and_is_audited(seeded: Any) -> None:
    clerk = await principal("clerk.xihu")
    judges = {await user_id("judge.xihu"), await user_id("judge2.xihu")}
    cases = [await registered() for _ in range(6)]
    for case in cases:
        detail = await service.assign_case(clerk, case["id"], rng=random.Random(case["id"]))
        assert detail["judge_id"] in judges and detail["method"] == "random"
    loads = [await service.load_case(c["id"]) for c in cases]
    counts = {j: sum(1 for c in loads if c["judge_id"] == j) for j in judges}
    assert max(counts.values()) - min(counts.values()) <= 2  # the default load margin
    assert all(c["status"] == "assigned" and c["division"] == "民事审判庭" for c in loads)
    assert await CaseAssignment.count() == 6


async def test_a_recused_judge_is_never_drawn_nor_named(seeded: Any) -> None:
    clerk = await principal("clerk.xihu")
    judge, judge2 = await user_id("judge.xihu"), await user_id("judge2.xihu")
    case = await registered()
    await service.record_recusal(clerk, case["id"], judge, "近亲属为被告代理人")
    for seed in range(8):
        assert (await service.assign_case(clerk, case["id"], reason="再次分案", rng=random.Random(seed)))[
            "judge_id"
        ] == judge2
    with pytest.raises(RecusedJudge):
        await service.assign_case(clerk, case["id"], judge_id=judge, reason="院长指定")


async def test_recusing_the_assigned_judge_redraws_and_manual_override_needs_a_reason(seeded: Any) -> None:
    clerk = await principal("clerk.xihu")
    judge, judge2 = await user_id("judge.xihu"), await user_id("judge2.xihu")
    case = await registered()
    with pytest.raises(InvalidInput):
        await service.assign_case(clerk, case["id"], judge_id=judge, reason=" ")
    await service.assign_case(clerk, case["id"], judge_id=judge, reason="串案由同一法官审理")
    detail = await service.record_recusal(clerk, case["id"], judge, "与原告有利害关系")
    assert detail["reassigned"]["judge_id"] == judge2
    kinds = [e["kind"] for e in await service.timeline(case["id"])]
    assert kinds == ["registered", "assigned", "recusal", "reassigned"]
    with pytest.raises(PermissionDenied):
        await service.assign_case(await principal("judge.xihu"), case["id"])


async def test_extensions_and_suspensions_move_the_deadline_with_their_approver(seeded: Any) -> None:
    leader, clerk = await principal("leader.xihu"), await principal("clerk.xihu")
    case = await registered(procedure="summary")  # CPL Art 164: 3 months -> 2026-06-02
    with pytest.raises(PermissionDenied):
        await service.extend_time_limit(
            clerk, case["id"], approver=Approver.PRESIDENT, reason="案情复杂", months=1
        )
    extended = await service.extend_time_limit(
        leader, case["id"], approver=Approver.PRESIDENT, reason="案情复杂", months=1
    )
    assert extended == date(2026, 7, 2)
    with pytest.raises(InvalidInput):  # CPL Art 164 allows one month in all
        await service.extend_time_limit(
            leader, case["id"], approver=Approver.PRESIDENT, reason="仍需延长", months=1
        )
    assert (await service.load_case(case["id"]))[
        "deadline"
    ] == extended  # the refused extension left nothing behind
    suspended = await service.suspend_time_limit(
        leader,
        case["id"],
        first_day=date(2026, 4, 1),
        last_day=date(2026, 4, 10),
        reason=SuspensionReason.APPRAISAL,
    )
    assert suspended == date(2026, 7, 13)  # ten days later: 12 July is a Sunday, so the Monday (CPL Art 85)
    events = [e for e in await service.timeline(case["id"]) if e["kind"] in ("extension", "suspension")]
    assert [e["detail"]["approved_by"] for e in events] == [leader.user_id, leader.user_id]


async def test_deadline_lists_and_reminders_per_judge_and_court(seeded: Any) -> None:
    clerk = await principal("clerk.xihu")
    judge = await user_id("judge.xihu")
    small = await register_filing(
        clerk, await submitted_filing(procedure="small_claims"), now=NOW
    )  # due 2026-05-04
    ordinary = await registered()  # due 2026-09-02
    await service.assign_case(clerk, small["id"], judge_id=judge, reason="测试")
    near_day = small["deadline"] - timedelta(days=3)
    court_rows = await service.cases_by_deadline(clerk, today=near_day)
    assert [r["id"] for r in court_rows] == [small["id"]] and court_rows[0]["deadline_status"] == "near"
    late = await service.cases_by_deadline(
        await principal("judge.xihu"), judge_id=judge, today=small["deadline"] + timedelta(days=1)
    )
    assert service.split_by_status(late)["overdue"][0]["id"] == small["id"]
    assert (
        await service.cases_by_deadline(
            await principal("judge2.xihu"), judge_id=await user_id("judge2.xihu"), today=near_day
        )
        == []
    )
    first = await send_time_limit_reminders(near_day)
    again = await send_time_limit_reminders(near_day)
    assert (first["sent"], again["sent"]) == (1, 0)  # once per case, deadline and level
    overdue = await send_time_limit_reminders(small["deadline"] + timedelta(days=1))
    assert overdue["sent"] == 1 and await TimeLimitReminder.count() == 2
    assert ordinary["id"] not in {r["case"] for r in await TimeLimitReminder.select(TimeLimitReminder.case)}


async def test_hearings_never_double_book_a_room_or_a_judge(seeded: Any) -> None:
    clerk, leader = await principal("clerk.xihu"), await principal("leader.xihu")
    judge, judge2 = await user_id("judge.xihu"), await user_id("judge2.xihu")
    room = await service.add_courtroom(leader, "第一法庭")
    other_room = await service.add_courtroom(leader, "第二法庭")
    a, b, c = [await registered() for _ in range(3)]
    await service.assign_case(clerk, a["id"], judge_id=judge, reason="测试")
    await service.assign_case(clerk, b["id"], judge_id=judge2, reason="测试")
    await service.assign_case(clerk, c["id"], judge_id=judge, reason="测试")
    start = datetime(2026, 4, 7, 1, 30, tzinfo=UTC)
    slot = {"starts_at": start, "ends_at": start + timedelta(hours=2)}
    # Two clerks book the same room at the same time: exactly one wins.
    results = await asyncio.gather(
        service.schedule_hearing(clerk, a["id"], courtroom_id=room, **slot),
        service.schedule_hearing(clerk, b["id"], courtroom_id=room, **slot),
        return_exceptions=True,
    )
    assert (
        sum(isinstance(r, int) for r in results) == 1 and sum(isinstance(r, Conflict) for r in results) == 1
    )
    loser = b if isinstance(results[1], Conflict) else a
    with pytest.raises(Conflict):  # the same judge in another room at an overlapping time
        await service.schedule_hearing(
            clerk,
            c["id"] if loser is b else b["id"],
            courtroom_id=other_room,
            starts_at=start + timedelta(hours=1),
            ends_at=start + timedelta(hours=3),
        )
    # Back to back is no clash: [10:30, 12:30) then [12:30, 13:30)
    await service.schedule_hearing(
        clerk,
        loser["id"],
        courtroom_id=room,
        starts_at=slot["ends_at"],
        ends_at=slot["ends_at"] + timedelta(hours=1),
    )
    calendar = await service.court_calendar(clerk, start - timedelta(days=1), start + timedelta(days=1))
    assert len(calendar) == 2 and {h["courtroom_name"] for h in calendar} == {"第一法庭"}


async def test_the_timeline_holds_the_whole_life_of_a_case(seeded: Any) -> None:
    clerk, leader = await principal("clerk.xihu"), await principal("leader.xihu")
    judge = await principal("judge.xihu")
    room = await service.add_courtroom(leader, "第三法庭")
    case = await registered()
    with pytest.raises(Conflict):
        await service.schedule_hearing(
            clerk, case["id"], courtroom_id=room, starts_at=NOW, ends_at=NOW + timedelta(hours=1)
        )
    await service.assign_case(clerk, case["id"], judge_id=judge.user_id, reason="测试")
    await service.schedule_hearing(
        judge, case["id"], courtroom_id=room, starts_at=NOW, ends_at=NOW + timedelta(hours=1)
    )
    with pytest.raises(PermissionDenied):  # only the assigned judge records the trial's acts
        await service.record_life_event(await principal("judge2.xihu"), case["id"], CaseEventKind.HEARD)
    for kind in (CaseEventKind.HEARD, CaseEventKind.JUDGED, CaseEventKind.CLOSED):
        await service.record_life_event(judge, case["id"], kind)
    with pytest.raises(Conflict):
        await service.record_life_event(judge, case["id"], CaseEventKind.JUDGED)
    await service.record_life_event(clerk, case["id"], CaseEventKind.ARCHIVED)
    kinds = [e["kind"] for e in await service.timeline(case["id"])]
    assert kinds == ["registered", "assigned", "hearing_scheduled", "heard", "judged", "closed", "archived"]
    assert (await service.load_case(case["id"]))["status"] == "archived"
