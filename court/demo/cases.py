"""Demo filings in different states, made through the same services a litigant and a clerk use."""

from __future__ import annotations

from typing import Any

from court.accounts.service import principal_named
from court.accounts.tables import User
from court.db import must_exist
from court.demo.filings import DEMO_MARK, _make_filing, filing_spec
from court.filing import service
from court.filing.status import FilingStatus
from court.filing.tables import Filing

DEMO_FILINGS: list[dict[str, Any]] = [
    filing_spec(
        "民间借贷纠纷",
        "150000",
        ("陈建国", None, "浙江省杭州市西湖区文三路90号"),
        [("判令被告归还借款本金人民币150000元", "150000"), ("本案诉讼费用由被告承担", None)],
        state="submitted",
    ),
    filing_spec(
        "买卖合同纠纷",
        "86350",
        ("孙海涛", None, "浙江省绍兴市越城区解放北路65号"),
        [("判令被告支付货款86350元", "86350")],
        state="forwarded",
        to="浙0602",
    ),
    filing_spec(
        "机动车交通事故责任纠纷",
        "42000",
        ("钱大勇", None, "浙江省杭州市西湖区三墩镇"),
        [("判令被告赔偿医疗费等共计42000元", "42000")],
        state="returned",
        filer="lawyer.li",
        plaintiff=("赵小红", None, "浙江省杭州市西湖区留下街道"),
        reason="请补充交通事故责任认定书",
    ),
    # Registered at 越城 (浙0602), so the demo leaves 西湖's serials for the court's own first cases.
    filing_spec(
        "民间借贷纠纷",
        "80000",
        ("周志强", None, "浙江省绍兴市越城区中兴中路88号"),
        [("判令被告归还借款80000元及利息", "80000")],
        state="registered",
        court="浙0602",
    ),
    filing_spec(
        "物业服务合同纠纷",
        "3600",
        ("杭州某物业管理有限公司", None, "浙江省杭州市西湖区天目山路1号"),
        [("判令被告退还物业费3600元", "3600")],
        state="draft",
    ),
]


async def load_demo_cases(runtime: Any) -> dict[str, int]:
    """Idempotent: demo filings are recognised by their mark and made once."""
    if await Filing.exists().where(Filing.summary.like(f"{DEMO_MARK}%")):
        return {"demo_filings": 0}
    made = 0
    for spec in DEMO_FILINGS:
        fid = await _make_filing(runtime, spec)
        if spec["state"] != "draft":
            await service.submit_filing(await principal_named(spec["filer"]), fid)
        if spec["state"] == "forwarded":
            from court.routing.workflow import forward

            clerk = await principal_named("clerk.xihu")
            await forward(clerk, fid, to_court_code=spec["to"], identity_checked=True, materials_checked=True)
        if spec["state"] == "returned":
            clerk = await principal_named("clerk.xihu")
            await service.move(clerk, fid, FilingStatus.RETURNED, reason=spec["reason"])
        if spec["state"] == "registered":
            from court.cases.registration import register_filing

            clerk = await principal_named("clerk.yuecheng")
            await register_filing(clerk, fid)  # registers and assigns (分案)
        made += 1
    from court.demo.stages import load_demo_case_stages, load_demo_enforcement_stages

    later = await load_demo_enforcement_stages(
        runtime
    )  # first: see its doc (the agencies answer only its matters)
    matters = await _demo_matter(runtime) + await _demo_frozen_matter(runtime)
    from court.demo.court import load_demo_court

    return {
        "demo_filings": made,
        "demo_matters": matters,
        **await load_demo_court(runtime),
        **later,
        **await load_demo_case_stages(runtime),
    }


async def _demo_matter(runtime: Any) -> int:
    """An enforcement matter (执行案件) with its network inquiry started, so the execution views have content."""
    from datetime import UTC, date, datetime
    from decimal import Decimal

    from court.execution.service import MatterIn, register_matter
    from court.execution.service import PartyIn as MatterPartyIn
    from court.execution.tasks import start_network_inquiry

    officer = await principal_named("enforcer.xihu")
    applicant = must_exist(await User.select(User.id).where(User.username == "litigant.wang").first())
    matter_id = await register_matter(
        officer,
        MatterIn(
            court_code="浙0106",
            title_number="（2025）浙0106民初1024号",
            performance_due=date(2025, 12, 31),
            parties=[
                MatterPartyIn(
                    role="applicant",
                    name="王丽华",
                    id_code="330105198307161627",
                    user_id=applicant["id"],
                    principal=Decimal("120000.00"),
                    costs=Decimal("2700.00"),
                ),
                MatterPartyIn(role="debtor", name="陈建国", id_code="330602198511020539"),
            ],
            officer_id=officer.user_id,
        ),
        today=datetime.now(UTC).date(),
    )
    await start_network_inquiry(officer, matter_id, datetime.now(UTC))
    return 1


async def _demo_frozen_matter(runtime: Any) -> int:
    """A second matter further on: the bank answered its inquiry (an account found) and froze the deposit, so the
    enforcement officer sees a control measure in force and bank.officer sees answered tasks beside pending ones."""
    from datetime import UTC, datetime, timedelta
    from decimal import Decimal

    from court.execution.agencies import Action as TaskAction
    from court.execution.portal import AnswerIn, AssetIn, answer_task
    from court.execution.service import MatterIn, register_matter
    from court.execution.service import PartyIn as MatterPartyIn
    from court.execution.tables import AgencyTaskRow, MatterProperty
    from court.execution.tasks import request_control, start_network_inquiry

    officer = await principal_named("enforcer.xihu")
    bank = await principal_named("bank.officer")
    applicant = must_exist(await User.select(User.id).where(User.username == "litigant.wang").first())
    now = datetime.now(UTC)
    matter_id = await register_matter(
        officer,
        MatterIn(
            court_code="浙0106",
            title_number="（2025）浙0106民初2048号",
            performance_due=now.date() - timedelta(days=60),
            parties=[
                MatterPartyIn(
                    role="applicant",
                    name="王丽华",
                    id_code="330105198307161627",
                    user_id=applicant["id"],
                    principal=Decimal("36000.00"),
                    costs=Decimal("700.00"),
                ),
                MatterPartyIn(role="debtor", name="张卫东", id_code="330106197904123356"),
            ],
            officer_id=officer.user_id,
        ),
        today=now.date(),
    )
    await start_network_inquiry(officer, matter_id, now)
    task = must_exist(
        await AgencyTaskRow.select(AgencyTaskRow.id)
        .where((AgencyTaskRow.matter == matter_id) & (AgencyTaskRow.agency_code == bank.agency_code))
        .first()
    )
    await answer_task(
        bank,
        int(task["id"]),
        AnswerIn(
            assets=[
                AssetIn(asset_ref="6222-0201-8866-1024", description="活期存款", value=Decimal("30000.00"))
            ],
            receipt="ICBC-DEMO-0001",
        ),
        now,
    )
    prop = must_exist(
        await MatterProperty.select(MatterProperty.id).where(MatterProperty.matter == matter_id).first()
    )
    freeze = await request_control(
        officer, matter_id, int(prop["id"]), TaskAction.FREEZE, now, amount=Decimal("30000.00")
    )
    await answer_task(bank, freeze, AnswerIn(amount_done=Decimal("30000.00"), receipt="ICBC-DEMO-0002"), now)
    return 1
