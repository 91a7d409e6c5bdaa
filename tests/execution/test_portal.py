"""The agency officer's answers, the applicant's leads and opinions and the officer's workbench order, through
the services on both engines: one outcome per task under concurrency, nothing of another agency."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from court.errors import Conflict, CourtError, InvalidInput, NotFound, PermissionDenied
from court.execution import portal, tasks
from court.execution.agencies import Action
from court.execution.tables import AgencyTaskRow, ControlMeasureRow, MatterEvent, MatterProperty
from tests.execution.matter_fixtures import add_users, at, new_matter, principal

DAY0 = date(2026, 3, 2)


@pytest.fixture
async def seeded(runtime: Any) -> Any:
    await add_users()
    return runtime


async def _task(matter_id: int, agency: str, action: str = "inquire") -> int:
    row = (
        await AgencyTaskRow.select(AgencyTaskRow.id)
        .where(
            (AgencyTaskRow.matter == matter_id)
            & (AgencyTaskRow.agency_code == agency)
            & (AgencyTaskRow.action == action)
        )
        .first()
    )
    assert row is not None
    return int(row["id"])


async def _started(officer: Any) -> int:
    mid = await new_matter(officer, DAY0, [("王丽华", "100000.00")])
    await tasks.start_network_inquiry(officer, mid, at(DAY0))
    return mid


async def test_concurrent_answers_to_one_task_give_one_outcome(seeded: Any) -> None:
    officer, bank = await principal("enforcer.xihu"), await principal("bank.officer")
    mid = await _started(officer)
    task = await _task(mid, "bank:ICBC")
    found = portal.AnswerIn(assets=[portal.AssetIn("6222-1", "活期存款", Decimal("3000.00"))])
    results = await asyncio.gather(
        portal.answer_task(bank, task, found, at(DAY0, 10)),
        portal.answer_task(bank, task, portal.AnswerIn(), at(DAY0, 10)),
        portal.refuse_task(bank, task, "账户不存在", at(DAY0, 10)),
        return_exceptions=True,
    )
    won = [r for r in results if not isinstance(r, BaseException)]
    lost = [r for r in results if isinstance(r, BaseException)]
    assert len(won) == 1 and len(lost) == 2 and all(isinstance(e, Conflict) for e in lost), results
    row = await AgencyTaskRow.select().where(AgencyTaskRow.id == task).first()
    assert row["applied"] == (1 if row["state"] == "answered" else 0)
    # An answer that won is applied once: the property appears at most once, whichever answer it was.
    props = await MatterProperty.count().where(MatterProperty.matter == mid)
    assert props == (1 if "found" in won[0] and won[0]["found"] == 1 else 0)


async def test_an_agency_sees_and_answers_only_its_own_tasks(seeded: Any) -> None:
    officer, icbc, ccb = (
        await principal("enforcer.xihu"),
        await principal("bank.officer"),
        await principal("bank.ccb"),
    )
    mid = await _started(officer)
    inbox = await portal.agency_inbox(icbc)
    assert inbox and {t["agency_code"] for t in inbox} == {"bank:ICBC"}
    ccb_task = await _task(mid, "bank:CCB")
    with pytest.raises(NotFound):
        await portal.answer_task(icbc, ccb_task, portal.AnswerIn(), at(DAY0))
    with pytest.raises(NotFound):
        await portal.agency_task(icbc, ccb_task)
    await portal.answer_task(ccb, ccb_task, portal.AnswerIn(), at(DAY0))
    with pytest.raises(PermissionDenied):
        await portal.agency_inbox(officer)


async def test_freeze_confirmed_with_the_amount_actually_frozen(seeded: Any) -> None:
    officer, bank = await principal("enforcer.xihu"), await principal("bank.officer")
    mid = await _started(officer)
    await portal.answer_task(
        bank,
        await _task(mid, "bank:ICBC"),
        portal.AnswerIn(assets=[portal.AssetIn("6222-9", "活期存款", Decimal("30000.00"))]),
        at(DAY0),
    )
    [prop] = await MatterProperty.select().where(MatterProperty.matter == mid)
    await tasks.request_control(officer, mid, prop["id"], Action.FREEZE, at(DAY0, 11), Decimal("50000.00"))
    freeze = await _task(mid, "bank:ICBC", "freeze")
    with pytest.raises(InvalidInput):  # never more than asked
        await portal.answer_task(bank, freeze, portal.AnswerIn(amount_done=Decimal("50000.01")), at(DAY0, 12))
    with pytest.raises(InvalidInput):  # a freeze is answered with an amount, not with property
        await portal.answer_task(
            bank, freeze, portal.AnswerIn(assets=[portal.AssetIn("x", "y", Decimal(1))]), at(DAY0, 12)
        )
    # The account holds 30,000: that is what is frozen, and the measure says so. Deposits freeze for at most one
    # year (CPL Interpretation 2022 Art 485): 2026-03-02 → 2027-03-01.
    await portal.answer_task(
        bank, freeze, portal.AnswerIn(amount_done=Decimal("30000.00"), receipt="F-1"), at(DAY0, 12)
    )
    [measure] = await ControlMeasureRow.select().where(ControlMeasureRow.matter == mid)
    assert measure["amount"] == "30000.00" and measure["receipt"] == "F-1"
    assert measure["expires_on"] == date(2027, 3, 1)


async def test_csv_batch_is_rejected_whole_when_malformed(seeded: Any) -> None:
    officer, bank = await principal("enforcer.xihu"), await principal("bank.officer")
    mid = await _started(officer)
    task = await _task(mid, "bank:ICBC")
    for bad in (
        b"id,outcome\n1,found\n",
        f"task_id,outcome\n{task},maybe\n".encode(),
        f"task_id,outcome\n{task},found\n{task},nothing\n".encode(),
        b"\xff\xfe",
    ):
        with pytest.raises(InvalidInput):
            await portal.answer_batch(bank, bad, at(DAY0))
    assert (await AgencyTaskRow.select(AgencyTaskRow.state).where(AgencyTaskRow.id == task).first())[
        "state"
    ] == "pending"
    lines = await portal.answer_batch(
        bank, f"task_id,outcome,reason\n{task},refused,客户已销户\n".encode(), at(DAY0)
    )
    assert [(x.task_id, x.ok) for x in lines] == [(task, True)]
    again = await portal.answer_batch(bank, f"task_id,outcome\n{task},nothing\n".encode(), at(DAY0))
    assert [(x.ok, x.problem) for x in again] == [(False, "conflict")]


async def test_applicant_lead_reopens_the_leads_condition_and_objection_needs_a_reason(seeded: Any) -> None:
    officer, wang = await principal("enforcer.xihu"), await principal("litigant.wang")
    mid = await new_matter(officer, DAY0, [("王丽华", "100000.00")])
    from court.execution.service import MatterParty

    await MatterParty.update({MatterParty.user_id: wang.user_id}).where(
        (MatterParty.matter == mid) & (MatterParty.role == "applicant")
    )
    await portal.submit_lead(wang, mid, "被执行人名下有一辆轿车", DAY0)
    from court.execution.matter_view import matter_view

    codes = {c["code"] for c in (await matter_view(officer, mid, DAY0))["zhongben_missing"]}
    assert "leads_checked" in codes
    with pytest.raises(InvalidInput):
        await portal.zhongben_opinion(wang, mid, False, " ", DAY0)
    await portal.zhongben_opinion(wang, mid, True, "", DAY0)
    codes = {c["code"] for c in (await matter_view(officer, mid, DAY0))["zhongben_missing"]}
    assert "applicant_heard" not in codes
    kinds = [e["kind"] for e in await MatterEvent.select(MatterEvent.kind).where(MatterEvent.matter == mid)]
    assert "lead_submitted" in kinds and "zhongben_agreed" in kinds
    zhao = await principal("litigant.zhao")
    with pytest.raises(CourtError):
        await portal.submit_lead(zhao, mid, "某处房产一套", DAY0)


async def test_workbench_puts_lapsing_measures_and_the_six_month_limit_first(seeded: Any) -> None:
    officer = await principal("enforcer.xihu")
    quiet = await new_matter(officer, DAY0, [("甲", "1000.00")])
    lapsing = await new_matter(officer, DAY0, [("乙", "1000.00")])
    await MatterProperty.insert(
        MatterProperty(
            matter=lapsing,
            agency_kind="bank",
            institution="ICBC",
            asset_ref="A-1",
            description="存款",
            value=Decimal("10"),
            key=f"{lapsing}:A-1",
        )
    )
    today = DAY0 + timedelta(days=340)
    await ControlMeasureRow.insert(
        ControlMeasureRow(
            matter=lapsing,
            property_id=1,
            kind="freeze_deposit",
            property_ref="A-1",
            starts_on=DAY0,
            expires_on=today + timedelta(days=10),
        )
    )
    rows = await portal.workbench(officer, today)
    order = [r["id"] for r in rows]
    assert order.index(lapsing) < order.index(quiet)
    first = rows[order.index(lapsing)]
    assert first["urgent"] and first["lapse_days_left"] == 10


async def test_leader_figures_money_limit_rate_zhongben_share_ages_and_answer_times(seeded: Any) -> None:
    from court.db import write_transaction
    from court.execution import money, outcome
    from court.execution.closing import ClosingType
    from court.execution.stages import MATTER
    from court.execution.tables import EnforcementMatter
    from court.statemachine import transition
    from tests.execution.matter_fixtures import add_users as _  # noqa: F401 - users come from the fixture

    officer, bank = await principal("enforcer.xihu"), await principal("bank.officer")
    # Matter A: deposits found in 2 hours, frozen and deducted, paid out, closed fully performed on day 1.
    a = await _started(officer)
    await portal.answer_task(
        bank,
        await _task(a, "bank:ICBC"),
        portal.AnswerIn(assets=[portal.AssetIn("6222-A", "活期存款", Decimal("900000.00"))]),
        at(DAY0, 11),
    )
    [prop] = await MatterProperty.select().where(MatterProperty.matter == a)
    owed = (await money.owed_on(a, DAY0 + timedelta(days=1))).outstanding
    await tasks.request_control(officer, a, prop["id"], Action.DEDUCT, at(DAY0 + timedelta(days=1), 9), owed)
    await portal.answer_task(
        bank,
        await _task(a, "bank:ICBC", "deduct"),
        portal.AnswerIn(amount_done=owed),
        at(DAY0 + timedelta(days=1), 13),
    )
    await money.disburse(officer, a, DAY0 + timedelta(days=1), "k1")
    await outcome.close_matter(officer, a, ClosingType.FULLY_PERFORMED, DAY0 + timedelta(days=1))
    # Matter B: property found, closed as 终本 after 200 days, past its six-month limit (2026-09-02).
    b = await new_matter(officer, DAY0, [("乙", "1000.00")])
    await MatterProperty.insert(
        MatterProperty(
            matter=b,
            agency_kind="vehicle_administration",
            institution="ZJ",
            asset_ref="浙A1",
            description="车",
            value=Decimal("10"),
            key=f"{b}:浙A1",
        )
    )
    async with write_transaction():
        await transition(
            MATTER,
            b,
            "closed",
            values={
                EnforcementMatter.closing_type: "zhongben",
                EnforcementMatter.closed_on: DAY0 + timedelta(days=200),
                EnforcementMatter.stage: "closed",
            },
        )
    # Matter C: open, registered on DAY0 → 200 days old on the day the figures are read.
    await new_matter(officer, DAY0, [("丙", "1000.00")])
    with pytest.raises(PermissionDenied):
        await portal.enforcement_figures(officer, DAY0 + timedelta(days=200))
    from court.accounts.policy import Principal
    from court.accounts.roles import Role

    boss = Principal(user_id=999, role=Role.COURT_LEADER, court_code="浙0106")
    f = await portal.enforcement_figures(boss, DAY0 + timedelta(days=200))
    assert f.received == owed and f.paid_out == owed - Decimal(
        (
            await EnforcementMatter.select(EnforcementMatter.enforcement_fee)
            .where(EnforcementMatter.id == a)
            .first()
        )["enforcement_fee"]
    )
    assert (f.closed, f.closed_within_limit, f.within_limit_rate) == (2, 1, Decimal("50.0"))
    assert (f.zhongben, f.zhongben_share) == (1, Decimal("50.0"))
    assert dict(f.open_by_age) == {"0-90": 0, "91-180": 0, "181-365": 1, "366+": 0}
    icbc = next(x for x in f.agencies if x.agency == "bank:ICBC")
    # Inquiry created 09:00, answered 11:00 (2 h); deduction created 09:00, answered 13:00 (4 h): median 3 h.
    assert icbc.answered == 2 and icbc.median_hours == Decimal("3.0")
