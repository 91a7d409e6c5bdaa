"""The demo's later stages (court.demo.stages): an auction round open from today, a 终本 matter concluded, a freeze
about to lapse first on the officer's workbench, a judgment served within its appeal period, a case just assigned to
judge.xihu, filings under review and refused — each made through the services, dated from today, made once."""

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import msgspec

from court.accounts.service import principal_of
from court.accounts.tables import User
from court.cases.tables import Case, CaseParty
from court.demo import load_demo_data
from court.demo.settings import demo_link_ids
from court.demo.stages import AUCTION_TITLE, LAPSING_TITLE, ZHONGBEN_TITLE
from court.execution.closing import zhongben_earliest
from court.execution.tables import (
    AgencyTaskRow,
    AuctionRoundRow,
    ControlMeasureRow,
    EnforcementMatter,
    MatterEvent,
    MatterParty,
    SanctionRow,
)
from court.filing.tables import Filing
from court.serving.tables import Service, ServiceDeadline

SHANGHAI = ZoneInfo("Asia/Shanghai")


async def _today() -> Any:
    """The day (Shanghai) the demo was loaded: its stages are dated from that day, and a template loaded before
    midnight in Shanghai is still used by tests that run after it."""
    from datetime import UTC

    from court.demo.settings import LOADED
    from court.demo.tables import DemoSetting

    row = await DemoSetting.select(DemoSetting.created_at).where(DemoSetting.key == LOADED).first()
    assert row is not None, "the demo is not loaded"
    loaded = row["created_at"]
    return (loaded if loaded.tzinfo else loaded.replace(tzinfo=UTC)).astimezone(SHANGHAI).date()


async def _principal(username: str) -> Any:
    return principal_of(await User.select().where(User.username == username).first())


async def _matter(title: str) -> dict[str, Any]:
    row = await EnforcementMatter.select().where(EnforcementMatter.title_number == title).first()
    assert row is not None, title
    return row


async def test_an_auction_round_is_open_for_bidding_from_today(demo: Any) -> None:
    matter = await _matter(AUCTION_TITLE)
    officer = await User.select(User.id).where(User.username == "enforcer.xihu").first()
    assert (
        matter["status"] == "open" and matter["stage"] == "disposal" and matter["officer_id"] == officer["id"]
    )
    [round_] = await AuctionRoundRow.select().where(AuctionRoundRow.matter == matter["id"])
    plan = msgspec.json.decode(round_["plan"]) if isinstance(round_["plan"], str) else round_["plan"]
    assert round_["status"] == "announced" and round_["round_no"] == 1
    # The reserve is 70% of the valuation (法释〔2016〕18号 Art 10); bidding opens today and is still running or to come.
    assert Decimal(plan["starting_price"]) == (Decimal(plan["valuation"]) * Decimal("0.7")).quantize(
        Decimal("0.01")
    )
    starts = datetime.fromisoformat(plan["bidding_starts"]).astimezone(SHANGHAI)
    ends = datetime.fromisoformat(plan["bidding_ends"]).astimezone(SHANGHAI)
    assert starts.date() == await _today() and ends > datetime.now(SHANGHAI)
    assert (
        starts.date() - datetime.fromisoformat(plan["announced_on"]).date()
    ).days >= 30  # real estate: Art 12
    seals = await ControlMeasureRow.select(ControlMeasureRow.kind, ControlMeasureRow.expires_on).where(
        ControlMeasureRow.matter == matter["id"]
    )
    assert [m["kind"] for m in seals] == ["seal_real_estate"] and seals[0]["expires_on"] > await _today()


async def test_a_zhongben_matter_concluded_when_its_conditions_held(demo: Any) -> None:
    matter = await _matter(ZHONGBEN_TITLE)
    assert matter["status"] == "closed" and matter["closing_type"] == "zhongben"
    # More than three months from registration (终本 rules Art 1(4)), concluded in the past.
    assert zhongben_earliest(matter["registered_on"]) <= matter["closed_on"] < await _today()
    facts = msgspec.json.decode(matter["facts"]) if isinstance(matter["facts"], str) else matter["facts"]
    for flag in (
        "execution_notice_sent",
        "report_order_issued",
        "network_inquiry_done",
        "consumption_restriction_issued",
        "listed_dishonest",
        "applicant_heard",
        "report_checked",
    ):
        assert facts[flag] is True, flag
    assert not facts["disposable_property_remaining"] and not facts["network_inquiry_incomplete"]
    tasks = await AgencyTaskRow.select(AgencyTaskRow.state).where(AgencyTaskRow.matter == matter["id"])
    assert tasks and {t["state"] for t in tasks} == {"answered"}
    kinds = sorted(
        s["kind"]
        for s in await SanctionRow.select(SanctionRow.kind).where(SanctionRow.matter == matter["id"])
    )
    assert kinds == ["consumption_restriction", "dishonest_listing"]
    applicant = (
        await MatterParty.select(MatterParty.user_id)
        .where((MatterParty.matter == matter["id"]) & (MatterParty.role == "applicant"))
        .first()
    )
    wang = await User.select(User.id).where(User.username == "litigant.wang").first()
    assert applicant["user_id"] == wang["id"]


async def test_the_freeze_about_to_lapse_comes_first_on_the_workbench(demo: Any) -> None:
    from court.execution.portal import workbench

    matter = await _matter(LAPSING_TITLE)
    rows = await workbench(await _principal("enforcer.xihu"), await _today())
    first = rows[0]
    assert first["id"] == matter["id"] and first["urgent"]
    assert 0 < first["lapse_days_left"] <= 30
    warnings = await MatterEvent.count().where(
        (MatterEvent.matter == matter["id"]) & (MatterEvent.kind == "measure_lapse_warning")
    )
    assert warnings == 1
    # The bank still has its own inquiries to answer: the demo's agencies answered only the later-stage matters.
    pending = await AgencyTaskRow.count().where(
        (AgencyTaskRow.agency_code == "bank:ICBC") & (AgencyTaskRow.state == "pending")
    )
    assert pending >= 1


async def test_a_judgment_served_within_its_appeal_period_reaches_both_sides(demo: Any) -> None:
    from court.serving.flow import inbox

    ids = await demo_link_ids()
    case_id = int(ids["served_case"])
    case = await Case.select(Case.status, Case.judge_id).where(Case.id == case_id).first()
    judge = await User.select(User.id).where(User.username == "judge.xihu").first()
    assert case["status"] == "judged" and case["judge_id"] == judge["id"]
    services = await Service.select(Service.status, Service.served_on).where(Service.case == case_id)
    assert len(services) == 2 and {s["status"] for s in services} == {"served"}
    today = await _today()
    assert {s["served_on"] for s in services} == {today - timedelta(days=5)}
    deadlines = await ServiceDeadline.select(ServiceDeadline.kind, ServiceDeadline.deadline).where(
        ServiceDeadline.case == case_id
    )
    assert len(deadlines) == 2 and all(
        d["kind"] == "appeal_judgment" and d["deadline"] > today for d in deadlines
    )
    for username in ("litigant.wang", "lawyer.li"):
        mine = await inbox(await _principal(username))
        assert any(d["case"] == case_id and d["kind"] == "appeal_judgment" for d in mine["deadlines"]), (
            username
        )
    defendant = (
        await CaseParty.select(CaseParty.user_id)
        .where((CaseParty.case == case_id) & (CaseParty.role == "defendant"))
        .first()
    )
    li = await User.select(User.id).where(User.username == "lawyer.li").first()
    assert defendant["user_id"] == li["id"]


async def test_judge_xihu_has_a_case_waiting_for_its_first_hearing_and_the_clerk_decided_filings(
    demo: Any,
) -> None:
    ids = await demo_link_ids()
    case = await Case.select(Case.status).where(Case.id == int(ids["assigned_case"])).first()
    assert case["status"] == "assigned"
    review = await Filing.select(Filing.status).where(Filing.id == int(ids["review_filing"])).first()
    refused = (
        await Filing.select(Filing.status, Filing.decision_reason)
        .where(Filing.id == int(ids["refuse_filing"]))
        .first()
    )
    assert (
        review["status"] == "under_review"
        and refused["status"] == "refused"
        and "劳动仲裁" in refused["decision_reason"]
    )


async def test_seeding_again_adds_nothing(demo: Any) -> None:
    tables = (
        EnforcementMatter,
        Case,
        Filing,
        Service,
        AuctionRoundRow,
        ControlMeasureRow,
        AgencyTaskRow,
        MatterEvent,
    )
    before = [await t.count() for t in tables]
    links = await demo_link_ids()
    await load_demo_data(demo)
    assert [await t.count() for t in tables] == before
    assert await demo_link_ids() == links
