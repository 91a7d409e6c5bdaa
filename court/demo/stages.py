"""More of the demo story (issue 23): enforcement at its later stages — an auction round open for bidding today, a
终本 matter concluded, a freeze about to lapse — and, at 西湖, a judgment served and within its appeal period, a case
just assigned to judge.xihu, and filings under review and refused for the clerk.

Every step goes through the service an officer, a clerk, a judge or an agency would use: the agencies answer through
the polling job's own function (`advance_tasks`) with the simulated gateway, each debtor's holdings fixed, so the
answers are the same on every install. Dates are relative to today (Asia/Shanghai), so the demo never goes stale.
Loaded once, with the rest of the demo (court.demo.cases.load_demo_cases, recognised by its filings)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from court.accounts.service import principal_named
from court.accounts.tables import User
from court.db import must_exist
from court.demo.filings import filing_spec

SHANGHAI = ZoneInfo("Asia/Shanghai")
WANG = ("王丽华", "330105198307161627")

# The three matters' titles (执行依据): the start page and the tests find the matters by them.
AUCTION_TITLE = "（2025）浙0106民初3072号"
ZHONGBEN_TITLE = "（2025）浙0106民初2563号"
LAPSING_TITLE = "（2025）浙0106民初815号"
AUCTION_FLAT = "浙(2021)杭州市不动产权第0086421号"
# How many days before today the freeze began: a deposit freeze lasts one year (CPL-Interp 2022 Art 485), so it
# ends 11 or 12 days from today, inside the officer's 30-day warning window (court.execution.control.WARN_DAYS).
LAPSING_FREEZE_AGE = 353
# The simulated agencies answer within 30 h (banks) to 72 h (the land registry); the demo reads the answers later.
ANSWER_DAYS = 4

# The 西湖 cases this module adds to judge.xihu's docket.
# The defendant company's agent (诉讼代理人) is lawyer.li, so the served judgment reaches both sides' accounts.
SERVED_CASE = filing_spec(
    "服务合同纠纷",
    "76000",
    ("杭州湖畔网络科技有限公司", None, "浙江省杭州市西湖区文一西路998号"),
    [("判令被告退还服务费76000元", "76000")],
    defendant_user="lawyer.li",
)
ASSIGNED_CASE = filing_spec(
    "网络购物合同纠纷",
    "9800",
    ("杭州西湖数码商贸有限公司", None, "浙江省杭州市西湖区教工路88号"),
    [("判令被告退还货款9800元并赔偿损失", "9800")],
    filer="lawyer.li",
    plaintiff=("蒋文静", None, "浙江省杭州市西湖区灵隐街道"),
)
# Filings the clerk has decided or is looking at, beside the demo's submitted, forwarded, returned and registered ones.
CLERK_FILINGS: list[dict[str, Any]] = [
    filing_spec(
        "合伙合同纠纷",
        "250000",
        ("吕建平", None, "浙江省杭州市西湖区北山街道"),
        [("判令被告返还合伙出资款250000元", "250000")],
        decision="review",
        reason="",
    ),
    # Labour Dispute Mediation and Arbitration Law Art 5 & 47-50: arbitration comes before a suit; CPL Art 127.
    filing_spec(
        "劳动争议",
        "42000",
        ("杭州之江餐饮管理有限公司", None, "浙江省杭州市西湖区之江路66号"),
        [("判令被告支付拖欠工资42000元", "42000")],
        decision="refuse",
        filer="lawyer.li",
        plaintiff=("沈晓燕", None, "浙江省杭州市西湖区转塘街道"),
        reason="劳动争议应先申请劳动仲裁，未经仲裁前置程序，本院不予受理（《劳动争议调解仲裁法》第五条）",
    ),
]


async def _remember(name: str, object_id: int) -> None:
    """The object's id, for the start page's link straight to it (court.demo.pages resolves `{name}`)."""
    from court.demo.settings import LINK_PREFIX, set_demo_setting

    await set_demo_setting(LINK_PREFIX + name, str(object_id))


def _today() -> date:
    return datetime.now(SHANGHAI).date()


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), SHANGHAI)


# --- enforcement ------------------------------------------------------------------------------------------------


async def load_demo_enforcement_stages(runtime: Any) -> dict[str, int]:
    """The auction, 终本 and lapsing-freeze matters. Called before the demo's other matters are made, so the polling
    job's function (`advance_tasks`, which steps every open task) answers these matters' tasks and nothing else: the
    bank officer's pending inquiries stay pending."""
    from court.execution.agencies import AgencyKind, Asset, SimulatedGateway

    auction_debtor = ("赵志刚", "330106197605143318")
    zhongben_debtor = ("钱小峰", "330102198909091219")
    lapsing_debtor = ("孙国平", "330104197212250917")
    gateway = SimulatedGateway(
        seed=2026,
        failure_rate=0,
        partial_rate=0,
        holdings={
            auction_debtor[1]: [
                Asset(
                    AgencyKind.REAL_ESTATE_REGISTRY,
                    AUCTION_FLAT,
                    "住宅 杭州市西湖区文一西路某小区3幢1单元802室",
                    Decimal("2100000.00"),
                )
            ],
            zhongben_debtor[1]: [],
            lapsing_debtor[1]: [
                Asset(AgencyKind.BANK, "6212-2602-0088-3177", "活期存款", Decimal("52000.00"), "ICBC")
            ],
        },
    )
    # Oldest first: each matter's tasks are all answered before the next matter's are made.
    await _demo_lapsing_freeze(runtime, gateway, lapsing_debtor)
    await _demo_zhongben(runtime, gateway, zhongben_debtor)
    await _demo_auction(runtime, gateway, auction_debtor)
    return {"demo_matters_later_stages": 3}


async def _register(
    officer: Any, title: str, debtor: tuple[str, str], principal: str, registered_on: date
) -> int:
    from court.execution.service import MatterIn, PartyIn, register_matter

    applicant = must_exist(await User.select(User.id).where(User.username == "litigant.wang").first())
    return await register_matter(
        officer,
        MatterIn(
            court_code="浙0106",
            title_number=title,
            performance_due=registered_on - timedelta(days=20),
            parties=[
                PartyIn(
                    role="applicant",
                    name=WANG[0],
                    id_code=WANG[1],
                    user_id=applicant["id"],
                    principal=Decimal(principal),
                    costs=Decimal("0.00"),
                ),
                PartyIn(role="debtor", name=debtor[0], id_code=debtor[1]),
            ],
            officer_id=officer.user_id,
        ),
        today=registered_on,
    )


async def _inquire(officer: Any, gateway: Any, matter_id: int, day: date) -> None:
    """The network inquiry, sent and answered by every agency within the simulated delays (at most five days)."""
    from court.execution.tasks import advance_tasks, start_network_inquiry

    await start_network_inquiry(officer, matter_id, _at(day))
    await advance_tasks(gateway, _at(day, 10))
    await advance_tasks(gateway, _at(day + timedelta(days=6), 10))


async def _control(
    officer: Any, gateway: Any, matter_id: int, action: Any, day: date, amount: Decimal | None = None
) -> int:
    """Ask the agency holding the matter's one property to act; its answer is applied `ANSWER_DAYS` later."""
    from court.execution.tables import MatterProperty
    from court.execution.tasks import advance_tasks, request_control

    prop = must_exist(
        await MatterProperty.select(MatterProperty.id).where(MatterProperty.matter == matter_id).first()
    )
    await request_control(officer, matter_id, int(prop["id"]), action, _at(day), amount)
    await advance_tasks(gateway, _at(day, 10))
    await advance_tasks(gateway, _at(day + timedelta(days=ANSWER_DAYS), 10))
    return int(prop["id"])


async def _demo_lapsing_freeze(runtime: Any, gateway: Any, debtor: tuple[str, str]) -> None:
    """A deposit frozen almost a year ago: its one-year term (CPL-Interp 2022 Art 485) ends within the warning
    window, so the matter comes first on the officer's workbench and the warning job has warned of it."""
    from court.execution.agencies import Action as TaskAction
    from court.execution.control import send_lapse_warnings

    officer = await principal_named("enforcer.xihu")
    today = _today()
    frozen_on = today - timedelta(days=LAPSING_FREEZE_AGE)
    registered = frozen_on - timedelta(days=10)
    mid = await _register(officer, LAPSING_TITLE, debtor, "68000.00", registered)
    await _inquire(officer, gateway, mid, registered)
    # Asked ANSWER_DAYS before: the bank's answer (the freeze's first day) is applied on `frozen_on`.
    await _control(
        officer, gateway, mid, TaskAction.FREEZE, frozen_on - timedelta(days=ANSWER_DAYS), Decimal("52000.00")
    )
    await send_lapse_warnings(today)  # what the daily job does: the officer is warned once
    await _remember("lapsing_matter", mid)


async def _demo_zhongben(runtime: Any, gateway: Any, debtor: tuple[str, str]) -> None:
    """终本 (终结本次执行程序, 法〔2016〕373号) when its conditions hold: notice and report order sent, every agency
    answered nothing found, the debtor who did not report restricted and listed, the applicant interviewed, and more
    than three months since registration (Art 1(4)); then concluded. The applicant, litigant.wang, sees it closed."""
    from court.execution import outcome, portal
    from court.execution.closing import ClosingType
    from court.execution.notices import NoticeKind, issue_notice
    from court.execution.sanctions import ListingGround

    officer = await principal_named("enforcer.xihu")
    today = _today()
    registered = today - timedelta(days=130)
    mid = await _register(officer, ZHONGBEN_TITLE, debtor, "45000.00", registered)
    await issue_notice(runtime, officer, mid, NoticeKind.EXECUTION_NOTICE, registered)
    await issue_notice(runtime, officer, mid, NoticeKind.REPORT_ORDER, registered)
    await _inquire(officer, gateway, mid, registered)
    # The notice's payment date has passed (法释〔2015〕17号 Art 1) and the debtor did not report within five days
    # (CPL 2023 Art 252): restricted, then listed for breaching the report duty (法释〔2017〕7号 Art 1(4)).
    await outcome.restrict_consumption(runtime, officer, mid, registered + timedelta(days=7))
    await outcome.record_facts(
        officer, mid, {"report_checked": True, "report_breached": True}, registered + timedelta(days=8)
    )
    await outcome.list_dishonest(
        officer, mid, registered + timedelta(days=8), [ListingGround.BREACHES_REPORT_DUTY]
    )
    await outcome.record_facts(
        officer, mid, {"report_breach_sanctioned": True}, registered + timedelta(days=8)
    )
    closed_on = today - timedelta(days=7)
    await portal.record_interview(
        officer,
        mid,
        "已约谈申请执行人王丽华：告知网络查控未发现可供执行的财产、已对被执行人限制消费并纳入失信名单，"
        "拟终结本次执行程序；申请执行人表示无异议，知悉发现财产后可申请恢复执行。",
        closed_on - timedelta(days=2),
    )
    await outcome.close_matter(officer, mid, ClosingType.ZHONGBEN, closed_on)
    await _remember("zhongben_matter", mid)


async def _demo_auction(runtime: Any, gateway: Any, debtor: tuple[str, str]) -> None:
    """A flat found by the registry, sealed, valued, and its first online auction announced 30 days ago at 70% of
    the valuation (法释〔2016〕18号 Art 10, Art 12): bidding opens today at 10:00 and lasts 24 hours (Art 20)."""
    from court.execution import disposal
    from court.execution.agencies import Action as TaskAction

    officer = await principal_named("enforcer.xihu")
    today = _today()
    announced = today - timedelta(days=30)  # a real estate first round is announced 30 days ahead (Art 12)
    registered = announced - timedelta(days=45)
    mid = await _register(officer, AUCTION_TITLE, debtor, "1500000.00", registered)
    await _inquire(officer, gateway, mid, registered)
    flat = await _control(officer, gateway, mid, TaskAction.SEIZE, registered + timedelta(days=7))
    await disposal.set_valuation(officer, mid, flat, Decimal("1980000.00"), announced - timedelta(days=10))
    await disposal.announce_auction(officer, mid, flat, announced)
    await _remember("auction_matter", mid)


# --- 西湖's cases and filings -------------------------------------------------------------------------------------


async def load_demo_case_stages(runtime: Any) -> dict[str, int]:
    """After the demo court exists (its courtroom): a judgment served within its appeal period, a case waiting for
    judge.xihu to schedule its first hearing, and filings under review and refused for clerk.xihu."""
    served = await _demo_served_judgment(runtime)
    await _demo_assigned_case(runtime)
    filings = await _demo_clerk_filings(runtime)
    return {"demo_served_case": served, "demo_clerk_filings": filings}


async def _registered(runtime: Any, spec: dict[str, Any], judge: Any) -> int:
    from court.cases import service as cases
    from court.cases.registration import register_filing
    from court.demo.filings import _make_filing
    from court.filing import service as filing

    clerk = await principal_named("clerk.xihu")
    fid = await _make_filing(runtime, spec)
    await filing.submit_filing(await principal_named(spec["filer"]), fid)
    case = await register_filing(clerk, fid, procedure="ordinary")
    if case["judge_id"] != judge.user_id:
        await cases.assign_case(
            clerk, int(case["id"]), judge_id=judge.user_id, reason="演示数据：指定承办法官"
        )
    return int(case["id"])


async def _demo_served_judgment(runtime: Any) -> int:
    """Heard, judged, signed and served in person on both parties five days ago: the 15-day appeal period (CPL Art
    171, counted by the deadline engine) ends in the future; both sides see it under their deadlines."""
    from court.cases import service as cases
    from court.cases.lifecycle import CaseEventKind
    from court.cases.tables import CaseParty, Courtroom
    from court.cases.workbench import record_hearing
    from court.documents import service as documents
    from court.serving import flow

    judge = await principal_named("judge.xihu")
    clerk = await principal_named("clerk.xihu")
    today = _today()
    case_id = await _registered(runtime, SERVED_CASE, judge)
    room = must_exist(await Courtroom.select(Courtroom.id).where(Courtroom.court_code == "浙0106").first())
    held = today - timedelta(days=21)
    hearing = await cases.schedule_hearing(
        judge, case_id, courtroom_id=int(room["id"]), starts_at=_at(held, 14), ends_at=_at(held, 16)
    )
    await record_hearing(
        runtime, judge, case_id, hearing, notes="双方到庭，被告委托代理人李明远律师出庭，辩论终结。"
    )
    doc = await documents.create_document(judge, case_id, "judgment")
    await documents.sign_document(judge, runtime, int(doc["id"]), version=int(doc["current_version"]))
    await cases.record_life_event(judge, case_id, CaseEventKind.JUDGED, note="判决书已签发")
    parties = [int(r["id"]) for r in await CaseParty.select(CaseParty.id).where(CaseParty.case == case_id)]
    services = await flow.serve_document(
        judge, int(doc["id"]), flow.ServeIn(parties=parties, channels=["in_person"])
    )
    served_on = today - timedelta(days=5)
    for service in services:
        attempt = service["attempts"][0]
        party = must_exist(
            await CaseParty.select(CaseParty.name).where(CaseParty.id == service["party"]).first()
        )
        await flow.record_by_clerk(
            clerk,
            int(attempt["id"]),
            flow.RecordIn(outcome="delivered", served_on=served_on, receipt_signed_by=party["name"]),
        )
    await _remember("served_case", case_id)
    return case_id


async def _demo_assigned_case(runtime: Any) -> int:
    """Registered and assigned to judge.xihu, waiting for its first hearing to be scheduled."""
    case_id = await _registered(runtime, ASSIGNED_CASE, await principal_named("judge.xihu"))
    await _remember("assigned_case", case_id)
    return case_id


async def _demo_clerk_filings(runtime: Any) -> int:
    """One filing the clerk took up for review (审查中) and one refused with its reason (不予受理)."""
    from court.demo.filings import _make_filing
    from court.filing import service as filing
    from court.routing.workflow import decide

    clerk = await principal_named("clerk.xihu")
    for spec in CLERK_FILINGS:
        fid = await _make_filing(runtime, spec)
        await filing.submit_filing(await principal_named(spec["filer"]), fid)
        await decide(clerk, fid, decision=spec["decision"], reason=spec["reason"])
        await _remember(f"{spec['decision']}_filing", fid)
    return len(CLERK_FILINGS)
