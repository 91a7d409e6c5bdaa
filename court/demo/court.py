"""The demo court at 西湖 (浙0106): judge.xihu's cases at each stage, a courtroom, a request in the leader's inbox,
a kiosk terminal. Every step goes through the service a clerk, a judge or a leader would use, so each object has
the history (events, audit) a real one would; dates are relative to today, so the demo never goes stale."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from court.accounts.service import principal_named
from court.cases.closing import FeeBearer, close_case
from court.cases.lifecycle import ClosingMethod
from court.demo.filings import filing_spec

KIOSK_CODE = "DEMO-KIOSK-1"
SHANGHAI = ZoneInfo("Asia/Shanghai")

# One filing per stage of judge.xihu's docket; `stage` says how far the demo takes it.
XIHU_CASES: list[dict[str, Any]] = [
    filing_spec(
        "民间借贷纠纷",
        "200000",
        ("何志明", None, "浙江省杭州市西湖区古墩路701号"),
        [("判令被告归还借款本金人民币200000元", "200000"), ("本案诉讼费用由被告承担", None)],
        stage="hearing_tomorrow",
    ),
    filing_spec(
        "买卖合同纠纷",
        "58000",
        ("刘德华", None, "浙江省杭州市西湖区西溪路550号"),
        [("判令被告支付货款58000元", "58000")],
        stage="judgment_drafted",
        filer="lawyer.li",
        plaintiff=("杭州云栖茶业有限公司", None, "浙江省杭州市西湖区转塘街道云栖路8号"),
    ),
    filing_spec(
        "房屋租赁合同纠纷",
        "36000",
        ("张卫东", None, "浙江省杭州市西湖区文二路128号"),
        [("判令被告支付拖欠租金36000元", "36000")],
        stage="judgment_signed",
    ),
    filing_spec(
        "民间借贷纠纷",
        "120000",
        ("陈建国", None, "浙江省杭州市西湖区文三路90号"),
        [("判令被告归还借款120000元", "120000")],
        stage="closed",
    ),
    # judge2.xihu's work: a case assigned to them, waiting for its first hearing to be scheduled.
    filing_spec(
        "劳务合同纠纷",
        "18500",
        ("杭州西溪装饰工程有限公司", None, "浙江省杭州市西湖区五常大道166号"),
        [("判令被告支付劳务报酬18500元", "18500")],
        stage="assigned",
        judge="judge2.xihu",
        filer="lawyer.li",
        plaintiff=("黄小明", None, "浙江省杭州市西湖区蒋村街道"),
    ),
    # An appeal (上诉): judged and served five days ago, appealed by wang with its fee paid, the dossier
    # forwarded to 杭州中院 (浙01) and registered there as a 民终 case for judge.hz01.
    filing_spec(
        "民间借贷纠纷",
        "80000",
        ("周建华", None, "浙江省杭州市西湖区教工路88号"),
        [("判令被告归还借款80000元", "80000")],
        stage="appealed",
    ),
]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


async def load_demo_court(runtime: Any) -> dict[str, Any]:
    """Called once, by load_demo_cases (which recognises a loaded demo by its filings)."""
    from court.cases import service as cases
    from court.cases.lifecycle import CaseEventKind
    from court.cases.registration import register_filing
    from court.cases.workbench import RequestKind, record_hearing, request_change
    from court.demo.filings import _make_filing
    from court.documents import service as documents
    from court.filing import service as filing

    clerk = await principal_named("clerk.xihu")
    judges = {name: await principal_named(name) for name in ("judge.xihu", "judge2.xihu")}
    leader = await principal_named("leader.xihu")
    room = await cases.add_courtroom(leader, "第一法庭")
    today = datetime.now(SHANGHAI).date()
    made: dict[str, int] = {}
    for spec in XIHU_CASES:
        fid = await _make_filing(runtime, spec)
        await filing.submit_filing(await principal_named(spec["filer"]), fid)
        case = await register_filing(clerk, fid, procedure="ordinary")
        case_id = int(case["id"])
        judge = judges[spec.get("judge", "judge.xihu")]
        if case["judge_id"] != judge.user_id:
            # The README names judge.xihu: the demo gives each case to its judge by hand (指定), the reason recorded.
            await cases.assign_case(clerk, case_id, judge_id=judge.user_id, reason="演示数据：指定承办法官")
        stage = spec["stage"]
        if stage == "assigned":
            pass
        elif stage == "hearing_tomorrow":
            tomorrow = today + timedelta(days=1)
            await cases.schedule_hearing(
                judge,
                case_id,
                courtroom_id=room,
                starts_at=_at(tomorrow, 9, 30),
                ends_at=_at(tomorrow, 11, 30),
            )
            # CPL Art 152: an ordinary case may be extended by six months with the court president's approval.
            await request_change(
                judge,
                case_id,
                RequestKind.EXTENSION,
                months=6,
                reason="案情复杂，需调取银行流水，申请延长审限",
            )
        else:
            held = today - timedelta(days=7)
            hearing = await cases.schedule_hearing(
                judge, case_id, courtroom_id=room, starts_at=_at(held, 14), ends_at=_at(held, 16)
            )
            await record_hearing(runtime, judge, case_id, hearing, notes="双方到庭，当庭质证，辩论终结。")
            doc = await documents.create_document(judge, case_id, "judgment")
            if stage in ("judgment_signed", "closed", "appealed"):
                await documents.sign_document(
                    judge, runtime, int(doc["id"]), version=int(doc["current_version"])
                )
                await cases.record_life_event(judge, case_id, CaseEventKind.JUDGED, note="判决书已签发")
            if stage == "appealed":
                await _appeal_to_hz01(runtime, clerk, case_id, int(doc["id"]), today)
            if stage == "closed":
                await close_case(judge, case_id, ClosingMethod.JUDGMENT, bearer=FeeBearer.DEFENDANT)
        made[stage] = case_id
    terminal = await _demo_terminal()
    return {"demo_cases_xihu": len(made), "kiosk_device_key": terminal}


async def _appeal_to_hz01(runtime: Any, clerk: Any, case_id: int, document_id: int, today: date) -> None:
    """Serve the judgment in person five days ago; wang appeals and pays on the simulated platform; 西湖 forwards
    the dossier; 浙01's clerk registers it (民终), verified, and its judge is drawn (judge.hz01, the only one)."""
    from decimal import Decimal

    from court.appeals import service as appeals
    from court.cases.tables import CaseParty
    from court.payments.platform import SimulatedPlatform, platform_for
    from court.payments.service import handle_callback
    from court.serving import flow

    parties = [int(r["id"]) for r in await CaseParty.select(CaseParty.id).where(CaseParty.case == case_id)]
    for service in await flow.serve_document(
        clerk, document_id, flow.ServeIn(parties=parties, channels=["in_person"])
    ):
        await flow.record_by_clerk(
            clerk,
            int(service["attempts"][0]["id"]),
            flow.RecordIn(outcome="delivered", served_on=today - timedelta(days=5), receipt_signed_by="本人"),
        )
    wang = await principal_named("litigant.wang")
    appeal = await appeals.file_appeal(
        wang,
        runtime,
        case_id,
        grounds="原审认定借款数额有误，部分款项已经归还。",
        claims="撤销原判，改判驳回被上诉人的诉讼请求。",
        amount="80000",
    )
    platform = platform_for(runtime.settings)
    if not isinstance(platform, SimulatedPlatform):
        return  # a real platform configured: the demo leaves the appeal fee to pay
    order = await appeals.start_fee_payment(wang, case_id, platform)
    await handle_callback(platform, *platform.signed_callback(order["order_no"], Decimal(order["amount"])))
    await appeals.forward(clerk, runtime, int(appeal["id"]))
    await appeals.register(await principal_named("clerk.hz01"), runtime, int(appeal["id"]))


async def _demo_terminal() -> str:
    """A kiosk (共享法庭终端) registered by the administrator; its device key is shown once, here and on the start page."""
    from court.terminals.service import register_terminal

    admin = await principal_named("admin")
    made = await register_terminal(
        admin, code=KIOSK_CODE, name="双流村共享法庭终端", court_code="浙0106", place="西湖区双流村村委会"
    )
    return str(made["device_key"])
