"""The enforcement screens over the execution services: the officer's workbench and matter actions, the bank
officer's inbox, the applicant's view — one matter worked to the money paid, in Chinese, on both engines."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from court.demo import DEMO_PASSWORD
from tests.web.forms import csrf_of, sign_in_by_form

DEBTOR = "330106198001011234"


_csrf = csrf_of
_sign_in = sign_in_by_form


async def _matter(
    applicant_user: str = "litigant.wang",
    principal: str = "50000",
    today: date | None = None,
    *,
    ahead: tuple[Any, ...] = (),
) -> int:
    """A matter at 西湖 for 王丽华 (as `applicant_user`) against 陈建国; `ahead`: applicants listed before her."""
    from court.accounts.service import principal_of
    from court.accounts.tables import User
    from court.execution.service import MatterIn, PartyIn, court_day, now_of, register_matter

    officer = principal_of(await User.select().where(User.username == "enforcer.xihu").first())
    wang = await User.select().where(User.username == applicant_user).first()
    data = MatterIn(
        court_code="浙0106",
        title_number="(2025)浙0106民初4321号",
        performance_due=date(2026, 1, 10),
        parties=[
            *ahead,
            PartyIn(
                "applicant", "王丽华", "330105198307161627", user_id=wang["id"], principal=Decimal(principal)
            ),
            PartyIn("debtor", "陈建国", DEBTOR),
        ],
    )
    return await register_matter(officer, data, today=today or court_day(now_of(None)))


RAW_VALUES = (
    "inquiry_and_control",
    "notice_and_report",
    "registration",
    "bank:ICBC",
    "inquire",
    "freeze_deposit",
    "gave_up",
    "pending",
    ">sent<",
    "answered",
    "zhongben",
    "money_received",
    "network_inquiry_started",
    "execution_notice",
    "applicant",
    "debtor",
    ">open<",
    "not sent",
    "Art 1",
    "deduct",
    "measure_imposed",
    "enforcement_fee",
    "fully_performed",
)


def _visible_text(html: str) -> str:
    """What a reader sees: text outside tags, without attribute values (form field names are not shown)."""
    body = html.split("<main", 1)[1]
    return re.sub(r"<[^>]+>", "|", body)


def _assert_no_raw_values(html: str) -> None:
    text = _visible_text(html)
    for raw in RAW_VALUES:
        needle = raw.strip("<>")
        assert not re.search(rf"(?<![A-Za-z_:]){re.escape(needle)}(?![A-Za-z_])", text), (
            f"raw value {raw!r} on the page"
        )


async def _post(c: Any, token: str, path: str, **data: str) -> Any:
    r = await c.post(path, data={"csrf_token": token, **data})
    assert r.status_code in (302, 303), (path, r.status_code, r.text[:800])
    return r


async def _tasks(matter_id: int, agency: str, action: str) -> list[int]:
    from court.execution.tables import AgencyTaskRow

    rows = await AgencyTaskRow.select(AgencyTaskRow.id).where(
        (AgencyTaskRow.matter == matter_id)
        & (AgencyTaskRow.agency_code == agency)
        & (AgencyTaskRow.action == action)
    )
    return [r["id"] for r in rows]


async def _order_on_deposit(c: Any, officer: str, matter_id: int, prop: str, action: str) -> tuple[str, int]:
    """The officer orders `action` (freeze, deduct) on the deposit for 50000; the bank officer signs in: its
    CSRF token and the task it got."""
    await _post(
        c, officer, f"/enforcement/{matter_id}/property/{prop}/control", action=action, amount="50000"
    )
    bank = await _sign_in(c, "bank.officer")
    return bank, (await _tasks(matter_id, "bank:ICBC", action))[0]


async def _answer_done(c: Any, bank: str, task: int, receipt: str) -> None:
    """The bank answers `task` done for 50000 with its receipt number."""
    await _post(c, bank, f"/agency/tasks/{task}/answer", outcome="done", amount_done="50000", receipt=receipt)


async def test_deposits_found_frozen_deducted_paid_out_and_closed_through_the_screens(client: Any) -> None:
    matter_id = await _matter()
    officer = await _sign_in(client, "enforcer.xihu")
    await _post(client, officer, f"/enforcement/{matter_id}/notice", kind="execution_notice")
    await _post(client, officer, f"/enforcement/{matter_id}/inquiry")

    # The bank officer lands on the inbox, sees only ICBC's inquiry, answers it with an account found.
    client.cookies.clear()
    bank = _csrf((await client.get("/sign-in")).text)
    landed = await client.post(
        "/sign-in", data={"username": "bank.officer", "password": DEMO_PASSWORD, "csrf_token": bank}
    )
    assert landed.headers["location"] == "/agency"  # an inbox, not an account page
    inbox = await client.get("/agency/")
    assert inbox.status_code == 200 and "中国工商银行" in inbox.text
    inquiry = (await _tasks(matter_id, "bank:ICBC", "inquire"))[0]
    other = (await _tasks(matter_id, "bank:CCB", "inquire"))[0]
    assert f'id="task-{inquiry}"' in inbox.text and f'id="task-{other}"' not in inbox.text
    assert (await client.get(f"/agency/tasks/{other}")).status_code == 404  # another bank's task is not there
    await _post(
        client,
        bank,
        f"/agency/tasks/{inquiry}/answer",
        outcome="found",
        asset_ref_1="6222000011112222",
        description_1="活期存款",
        value_1="80000.00",
    )
    # One outcome per task: a second answer is refused with a Chinese problem.
    again = await client.post(
        f"/agency/tasks/{inquiry}/answer", data={"csrf_token": bank, "outcome": "nothing"}
    )
    assert again.status_code == 409 and "操作与当前状态冲突" in again.text

    # The officer sees the account, asks for a freeze of the sum owed; the bank freezes it.
    officer = await _sign_in(client, "enforcer.xihu")
    page = await client.get(f"/enforcement/{matter_id}")
    assert "6222000011112222" in page.text and "中国工商银行" in page.text
    prop = re.search(r'id="property-(\d+)"', page.text)
    assert prop
    bad = await client.post(
        f"/enforcement/{matter_id}/property/{prop.group(1)}/control",
        data={"csrf_token": officer, "action": "freeze", "amount": "abc"},
    )
    assert bad.status_code == 422 and "金额" in bad.text and "not an amount" not in bad.text
    bank, freeze = await _order_on_deposit(client, officer, matter_id, prop.group(1), "freeze")
    too_much = await client.post(
        f"/agency/tasks/{freeze}/answer", data={"csrf_token": bank, "outcome": "done", "amount_done": "60000"}
    )
    assert too_much.status_code == 422
    await _answer_done(client, bank, freeze, "ICBC-F-1")

    officer = await _sign_in(client, "enforcer.xihu")
    page = await client.get(f"/enforcement/{matter_id}")
    assert "冻结银行存款" in page.text and "在有效期内" in page.text or "有效" in page.text
    bank, deduct = await _order_on_deposit(client, officer, matter_id, prop.group(1), "deduct")
    await _answer_done(client, bank, deduct, "ICBC-D-1")

    # The applicant sees the money received before it is paid out.
    await _sign_in(client, "litigant.wang")
    mine = await client.get("/enforcement/")
    assert f'href="/enforcement/{matter_id}"' in mine.text
    seen = await client.get(f"/enforcement/{matter_id}")
    assert re.search(r'id="received">¥50,000.00', seen.text) and "收到执行款" in seen.text
    assert "6222000011112222" not in seen.text  # the court's working detail stays with the court
    _assert_no_raw_values(seen.text)

    officer = await _sign_in(client, "enforcer.xihu")
    page = await client.get(f"/enforcement/{matter_id}")
    key = re.search(r'id="disburse-form">.*?name="key" value="([0-9a-f]+)"', page.text, re.S)
    assert key
    await _post(client, officer, f"/enforcement/{matter_id}/disburse", key=key.group(1))
    await _post(
        client, officer, f"/enforcement/{matter_id}/disburse", key=key.group(1)
    )  # a double click pays once
    from court.execution.money import reconcile_matter

    rec = await reconcile_matter(matter_id)
    assert rec.ok and rec.total_received == Decimal("50000.00")
    # The enforcement fee comes first out of the money (Fee Measures Art 38: borne by the debtor); the applicant
    # is paid the rest once, so received = paid out + fees and the custody account holds nothing.
    assert rec.total_disbursed + rec.total_fees == Decimal("50000.00") and rec.computed_balance == 0

    page = await client.get(f"/enforcement/{matter_id}")
    assert "账目核对一致" in page.text
    _assert_no_raw_values(page.text)

    await _sign_in(client, "litigant.wang")
    seen = await client.get(f"/enforcement/{matter_id}")
    assert "执行款已发放给申请执行人" in seen.text


async def test_a_bank_answers_many_tasks_by_csv_and_a_malformed_file_answers_none(client: Any) -> None:
    matter_id = await _matter()
    officer = await _sign_in(client, "enforcer.xihu")
    await _post(client, officer, f"/enforcement/{matter_id}/inquiry")
    second = await _matter()
    await _post(client, officer, f"/enforcement/{second}/inquiry")
    first_task = (await _tasks(matter_id, "bank:ICBC", "inquire"))[0]
    second_task = (await _tasks(second, "bank:ICBC", "inquire"))[0]
    foreign = (await _tasks(second, "bank:ABC", "inquire"))[0]
    bank = await _sign_in(client, "bank.officer")
    bad = f"task_id,outcome,asset_ref,value\n{first_task},found,6222,abc\n".encode()
    r = await client.post(
        "/agency/batch", data={"csrf_token": bank}, files={"file": ("a.csv", bad, "text/csv")}
    )
    assert r.status_code == 422
    from court.execution.tables import AgencyTaskRow

    assert (await AgencyTaskRow.select(AgencyTaskRow.state).where(AgencyTaskRow.id == first_task).first())[
        "state"
    ] == "pending"
    good = (
        f"task_id,outcome,asset_ref,description,value\n{first_task},found,6222001,活期,1200.50\n"
        f"{first_task},found,6222002,定期,3000\n{second_task},nothing,,,\n{foreign},nothing,,,\n"
    ).encode()
    r = await client.post(
        "/agency/batch", data={"csrf_token": bank}, files={"file": ("a.csv", good, "text/csv")}
    )
    assert r.status_code == 200 and 'id="batch-results"' in r.text
    assert r.text.count("已答复") >= 2 and "非本机构的任务" in r.text
    states = {
        x["id"]: x["state"]
        for x in await AgencyTaskRow.select(AgencyTaskRow.id, AgencyTaskRow.state).where(
            AgencyTaskRow.id.is_in([first_task, second_task, foreign])
        )
    }
    assert states == {first_task: "answered", second_task: "answered", foreign: "pending"}
    from court.execution.tables import MatterProperty

    found = await MatterProperty.select(MatterProperty.asset_ref).where(MatterProperty.matter == matter_id)
    assert sorted(x["asset_ref"] for x in found) == ["6222001", "6222002"]


async def test_zhongben_conditions_are_listed_in_chinese_and_the_applicant_is_heard(client: Any) -> None:
    matter_id = await _matter()
    officer = await _sign_in(client, "enforcer.xihu")
    page = await client.get(f"/enforcement/{matter_id}")
    missing = re.search(r'<ul id="zhongben-missing">(.*?)</ul>', page.text, re.S)
    assert (
        missing
        and "尚未发出执行通知书" in missing.group(1)
        and "申请执行人尚未被告知并听取意见" in missing.group(1)
    )
    assert "第1条第1项" in missing.group(1)
    _assert_no_raw_values(page.text)
    refused = await client.post(
        f"/enforcement/{matter_id}/close", data={"csrf_token": officer, "kind": "zhongben"}
    )
    assert refused.status_code in (409, 422) and 'lang="zh-CN"' in refused.text

    applicant = await _sign_in(client, "litigant.wang")
    await _post(client, applicant, f"/enforcement/{matter_id}/lead", lead="被执行人在西湖区有一辆白色轿车")
    no_reason = await client.post(
        f"/enforcement/{matter_id}/zhongben-opinion", data={"csrf_token": applicant, "agrees": "no"}
    )
    assert no_reason.status_code == 422 and "理由" in no_reason.text
    await _post(
        client, applicant, f"/enforcement/{matter_id}/zhongben-opinion", agrees="no", reason="还有车辆未查"
    )
    seen = await client.get(f"/enforcement/{matter_id}")
    assert "被执行人在西湖区有一辆白色轿车" in seen.text and "申请执行人不同意终结本次执行" in seen.text
    # The applicant acts only on their own matter.
    other = await _matter(applicant_user="lawyer.li")
    assert (
        await client.post(
            f"/enforcement/{other}/lead", data={"csrf_token": applicant, "lead": "某处房产一套"}
        )
    ).status_code == 404  # not theirs: hidden

    officer = await _sign_in(client, "enforcer.xihu")
    page = await client.get(f"/enforcement/{matter_id}")
    assert "申请执行人提供的财产线索尚未核查" in page.text
    await _post(client, officer, f"/enforcement/{matter_id}/interview", note="告知终本后果，申请人表示理解")
    page = await client.get(f"/enforcement/{matter_id}")
    missing = re.search(r'<ul id="zhongben-missing">(.*?)</ul>', page.text, re.S)
    assert missing and "申请执行人尚未被告知并听取意见" not in missing.group(1)


async def test_judge_and_leader_reach_the_enforcement_matters(client: Any) -> None:
    matter_id = await _matter()
    for user in ("judge.xihu", "leader.xihu"):
        await _sign_in(client, user)
        listing = await client.get("/enforcement/")
        assert listing.status_code == 200 and f'href="/enforcement/{matter_id}"' in listing.text
        page = await client.get(f"/enforcement/{matter_id}")
        assert page.status_code == 200 and 'id="inquiry-form"' not in page.text  # reading, not acting
        token = _csrf(page.text)
        assert (
            await client.post(f"/enforcement/{matter_id}/inquiry", data={"csrf_token": token})
        ).status_code == 403
    await _sign_in(client, "judge.yuecheng")
    # Another court's matter is hidden, answered exactly as a missing one (issue 15: no id enumeration).
    assert (await client.get(f"/enforcement/{matter_id}")).status_code == 404


async def test_english_matter_page_speaks_english(client: Any) -> None:
    matter_id = await _matter()
    await _sign_in(client, "enforcer.xihu")
    page = await client.get(f"/enforcement/{matter_id}?lang=en")
    assert "Registered" in page.text and "The execution notice has not been sent" in page.text


async def test_the_debtor_sees_what_is_owed_with_interest_and_reports_property(client: Any) -> None:
    from court.accounts.tables import User
    from court.execution.tables import MatterParty

    matter_id = await _matter()
    li = await User.select(User.id).where(User.username == "lawyer.li").first()
    await MatterParty.update({MatterParty.user_id: li["id"]}).where(
        (MatterParty.matter == matter_id) & (MatterParty.role == "debtor")
    )
    officer = await _sign_in(client, "enforcer.xihu")
    await _post(client, officer, f"/enforcement/{matter_id}/notice", kind="report_order")

    debtor = await _sign_in(client, "lawyer.li")
    mine = await client.get("/enforcement/")
    assert f'href="/enforcement/{matter_id}"' in mine.text and "被执行人" in mine.text
    page = await client.get(f"/enforcement/{matter_id}")
    # Delay interest runs from 2026-01-11 (the performance period ended 2026-01-10): doubled interest at 1.75‱ a
    # day on 50,000 (法释〔2014〕8号 Art 1), so by any day after it the interest is positive.
    interest = re.search(r"<td>¥50,000.00</td><td>¥0.00</td><td>¥([\d,.]+)</td>", page.text)
    assert interest and Decimal(interest.group(1).replace(",", "")) > 0
    assert (
        'id="report-form"' in page.text
        and 'id="report-due"' in page.text
        and 'id="lead-form"' not in page.text
    )
    _assert_no_raw_values(page.text)
    await _post(
        client,
        debtor,
        f"/enforcement/{matter_id}/report",
        kind_1="vehicle",
        description_1="浙A12345 轿车",
        value_1="80000",
    )
    seen = await client.get(f"/enforcement/{matter_id}")
    assert "被执行人申报财产" in seen.text and "浙A12345 轿车" in seen.text
    # The debtor cannot act as the applicant.
    assert (
        await client.post(
            f"/enforcement/{matter_id}/lead", data={"csrf_token": debtor, "lead": "某处房产一套"}
        )
    ).status_code == 403
    applicant = await _sign_in(client, "litigant.wang")
    assert (
        await client.post(
            f"/enforcement/{matter_id}/report", data={"csrf_token": applicant, "description_1": "x房"}
        )
    ).status_code == 403


async def test_leader_reads_the_enforcement_figures_and_an_officer_does_not(client: Any) -> None:
    await _matter()
    await _sign_in(client, "leader.xihu")
    page = await client.get("/enforcement/dashboard")
    assert page.status_code == 200 and "执行工作数据" in page.text and 'id="by-age"' in page.text
    assert re.search(r"<td>0-90</td><td>1</td>", page.text)
    _assert_no_raw_values(page.text)
    await _sign_in(client, "enforcer.xihu")
    assert (await client.get("/enforcement/dashboard")).status_code == 403


async def test_journey_c_real_estate_valued_auctioned_twice_sold_and_two_applicants_paid_by_priority(
    client: Any, seeded: Any
) -> None:
    from datetime import UTC, datetime, timedelta

    from court.accounts.policy import Principal
    from court.accounts.roles import Role
    from court.execution import portal
    from court.execution.ledger import PriorityClass
    from court.execution.money import reconcile_matter
    from court.execution.service import PartyIn
    from court.execution.tables import AuctionRoundRow

    clock = {"now": datetime(2026, 3, 2, 1, 0, tzinfo=UTC)}
    seeded.extras["clock"] = lambda: clock["now"]
    # The bank holds a mortgage (secured, paid first: CPL Interpretation 2022 Art 508); 王丽华 is an ordinary creditor.
    bank = PartyIn(
        "applicant",
        "杭州银行",
        "91330100253924628F",
        principal=Decimal("300000"),
        priority=PriorityClass.SECURED,
    )
    matter_id = await _matter(principal="500000", today=date(2026, 3, 2), ahead=(bank,))
    officer = await _sign_in(client, "enforcer.xihu")
    await _post(client, officer, f"/enforcement/{matter_id}/inquiry")
    registry = Principal(user_id=0, role=Role.AGENCY_OFFICER, agency_code="real_estate_registry:ZJ")
    await portal.answer_task(
        registry,
        await _first(matter_id, "real_estate_registry:ZJ", "inquire"),
        portal.AnswerIn(
            assets=[
                portal.AssetIn("浙(2020)杭州市不动产权第0012345号", "西湖区文三路住宅", Decimal("1000000"))
            ]
        ),
        clock["now"],
    )
    page = await client.get(f"/enforcement/{matter_id}")
    prop = re.search(r'id="property-(\d+)"', page.text).group(1)  # type: ignore[union-attr]
    await _post(client, officer, f"/enforcement/{matter_id}/property/{prop}/control", action="seize")
    await portal.answer_task(
        registry,
        await _first(matter_id, "real_estate_registry:ZJ", "seize"),
        portal.AnswerIn(receipt="查封-1"),
        clock["now"],
    )
    await _post(client, officer, f"/enforcement/{matter_id}/property/{prop}/valuation", valuation="1000000")
    # A first round below 70% of the valuation is refused (法释〔2016〕18号 Art 10), in Chinese.
    low = await client.post(
        f"/enforcement/{matter_id}/property/{prop}/auction",
        data={"csrf_token": officer, "starting_price": "690000"},
    )
    assert low.status_code in (409, 422) and 'lang="zh-CN"' in low.text
    await _post(client, officer, f"/enforcement/{matter_id}/property/{prop}/auction", starting_price="")
    [first] = await AuctionRoundRow.select().where(AuctionRoundRow.matter == matter_id)
    await _post(
        client, officer, f"/enforcement/{matter_id}/auctions/{first['id']}/result", bidder="", amount=""
    )
    # Time travels past the failed round (30 days' announcement + a day of bidding for real estate, Art 12).
    clock["now"] += timedelta(days=32)
    # The second round may cut at most 20% (Art 26): 700,000 → no lower than 560,000.
    cut = await client.post(
        f"/enforcement/{matter_id}/property/{prop}/auction",
        data={"csrf_token": officer, "starting_price": "559999.99"},
    )
    assert cut.status_code in (409, 422)
    await _post(client, officer, f"/enforcement/{matter_id}/property/{prop}/auction", starting_price="")
    rounds = (
        await AuctionRoundRow.select().where(AuctionRoundRow.matter == matter_id).order_by(AuctionRoundRow.id)
    )
    assert [r["status"] for r in rounds] == ["failed", "announced"]
    page = await client.get(f"/enforcement/{matter_id}")
    assert "¥700,000.00" in page.text and "¥560,000.00" in page.text and "流拍" in page.text
    await _post(
        client,
        officer,
        f"/enforcement/{matter_id}/auctions/{rounds[1]['id']}/result",
        bidder="竞买人A",
        amount="600000",
    )
    page = await client.get(f"/enforcement/{matter_id}")
    assert re.search(r'id="received">¥600,000.00', page.text) and "已成交" in page.text
    key = re.search(r'id="disburse-form">.*?name="key" value="([0-9a-f]+)"', page.text, re.S).group(1)  # type: ignore[union-attr]
    await _post(client, officer, f"/enforcement/{matter_id}/disburse", key=key)
    rec = await reconcile_matter(matter_id)
    assert rec.ok and rec.computed_balance == 0
    page = await client.get(f"/enforcement/{matter_id}")
    paid = dict(
        re.findall(
            r"<tr><td>([^<]+)</td><td>¥[\d,.]+</td><td>¥[\d,.]+</td><td>¥[\d,.]+</td><td class=\"paid\">¥([\d,.]+)</td>",
            page.text,
        )
    )
    bank_paid = Decimal(paid["杭州银行"].replace(",", ""))
    wang_paid = Decimal(paid["王丽华"].replace(",", ""))
    # The fee first, then the secured bank in full (principal and its delay interest), then 王丽华 gets the rest.
    fee = _fee_paid(page.text)
    assert fee > 0 and bank_paid > Decimal("300000")
    assert wang_paid == Decimal("600000") - fee - bank_paid and wang_paid < Decimal("500000")
    _assert_no_raw_values(page.text)


def _fee_paid(html: str) -> Decimal:
    match = re.search(r"（已缴 ¥([\d,.]+)）", html)
    assert match
    return Decimal(match.group(1).replace(",", ""))


async def _first(matter_id: int, agency: str, action: str) -> int:
    return (await _tasks(matter_id, agency, action))[0]


async def test_journey_b_nothing_found_sanctions_zhongben_after_three_months_then_a_lead_and_resumption(
    client: Any, seeded: Any
) -> None:
    from datetime import UTC, datetime, timedelta

    from court.accounts.policy import Principal
    from court.accounts.roles import Role
    from court.execution import portal
    from court.execution.tables import AgencyTaskRow, EnforcementMatter

    clock = {"now": datetime(2026, 3, 2, 1, 0, tzinfo=UTC)}
    seeded.extras["clock"] = lambda: clock["now"]
    matter_id = await _matter(today=date(2026, 3, 2))
    officer = await _sign_in(client, "enforcer.xihu")
    for kind in ("execution_notice", "report_order"):
        await _post(client, officer, f"/enforcement/{matter_id}/notice", kind=kind)
    await _post(client, officer, f"/enforcement/{matter_id}/inquiry")
    # Every agency answers: nothing found.
    for row in await AgencyTaskRow.select(AgencyTaskRow.id, AgencyTaskRow.agency_code).where(
        AgencyTaskRow.matter == matter_id
    ):
        agency = Principal(user_id=0, role=Role.AGENCY_OFFICER, agency_code=row["agency_code"])
        await portal.answer_task(agency, row["id"], portal.AnswerIn(), clock["now"])
    await _post(client, officer, f"/enforcement/{matter_id}/facts", report_checked="on")
    await _post(client, officer, f"/enforcement/{matter_id}/interview", note="告知终本后果，申请人同意")
    page = await client.get(f"/enforcement/{matter_id}")
    missing = re.search(r'<ul id="zhongben-missing">(.*?)</ul>', page.text, re.S)
    assert (
        missing
        and "尚未发出限制消费令" in missing.group(1)
        and "自立案之日起尚未超过三个月" in missing.group(1)
    )
    assert "网络执行查控尚未完成" not in missing.group(1)
    refused = await client.post(
        f"/enforcement/{matter_id}/close", data={"csrf_token": officer, "kind": "zhongben"}
    )
    assert refused.status_code in (409, 422)

    # Time travels past three months from registration (终本 rules Art 1(4)); the consumption restriction follows
    # the notice's payment date (法释〔2015〕17号 Art 1).
    clock["now"] += timedelta(days=95)
    await _post(client, officer, f"/enforcement/{matter_id}/restrict")
    page = await client.get(f"/enforcement/{matter_id}")
    assert 'id="zhongben-ready"' in page.text, re.search(
        r'<ul id="zhongben-missing">(.*?)</ul>', page.text, re.S
    )
    await _post(client, officer, f"/enforcement/{matter_id}/close", kind="zhongben")
    again = await client.post(
        f"/enforcement/{matter_id}/close", data={"csrf_token": officer, "kind": "zhongben"}
    )
    assert again.status_code == 409  # closed once

    applicant = await _sign_in(client, "litigant.wang")
    seen = await client.get(f"/enforcement/{matter_id}")
    assert "终结本次执行程序" in seen.text and 'id="lead-form"' in seen.text
    await _post(client, applicant, f"/enforcement/{matter_id}/lead", lead="被执行人新购入浙A88888轿车一辆")

    officer = await _sign_in(client, "enforcer.xihu")
    page = await client.get(f"/enforcement/{matter_id}")
    assert "被执行人新购入浙A88888轿车一辆" in page.text and 'id="resume-form"' in page.text
    resumed = await _post(client, officer, f"/enforcement/{matter_id}/resume")
    new_id = int(resumed.headers["location"].split("?")[0].rsplit("/", 1)[1])
    assert new_id != matter_id
    new = await EnforcementMatter.select().where(EnforcementMatter.id == new_id).first()
    assert new["previous_matter_id"] == matter_id and "执恢" in new["number"] and new["status"] == "open"
    twice = await client.post(f"/enforcement/{matter_id}/resume", data={"csrf_token": officer})
    assert twice.status_code == 409
    _assert_no_raw_values((await client.get(f"/enforcement/{new_id}")).text)


async def test_officer_renews_and_releases_a_freeze_and_lists_the_debtor(client: Any) -> None:
    from court.execution.tables import ControlMeasureRow

    matter_id = await _matter()
    officer = await _sign_in(client, "enforcer.xihu")
    await _post(client, officer, f"/enforcement/{matter_id}/inquiry")
    bank = await _sign_in(client, "bank.officer")
    await _post(
        client,
        bank,
        f"/agency/tasks/{(await _tasks(matter_id, 'bank:ICBC', 'inquire'))[0]}/answer",
        outcome="found",
        asset_ref_1="6222-77",
        description_1="活期存款",
        value_1="9000",
    )
    officer = await _sign_in(client, "enforcer.xihu")
    prop = re.search(r'id="property-(\d+)"', (await client.get(f"/enforcement/{matter_id}")).text).group(1)  # type: ignore[union-attr]
    await _post(
        client, officer, f"/enforcement/{matter_id}/property/{prop}/control", action="freeze", amount="9000"
    )
    bank = await _sign_in(client, "bank.officer")
    await _post(
        client,
        bank,
        f"/agency/tasks/{(await _tasks(matter_id, 'bank:ICBC', 'freeze'))[0]}/answer",
        outcome="done",
        amount_done="9000",
    )
    officer = await _sign_in(client, "enforcer.xihu")
    [measure] = await ControlMeasureRow.select().where(ControlMeasureRow.matter == matter_id)
    # A deposit freeze runs one year and is renewed by up to one year more (CPL Interpretation 2022 Art 485).
    await _post(client, officer, f"/enforcement/{matter_id}/measures/{measure['id']}/renew")
    [renewed] = await ControlMeasureRow.select().where(ControlMeasureRow.matter == matter_id)
    assert (renewed["expires_on"] - measure["expires_on"]).days in (365, 366)
    too_long = await client.post(
        f"/enforcement/{matter_id}/measures/{measure['id']}/renew", data={"csrf_token": officer, "years": "2"}
    )
    assert too_long.status_code == 422 and 'lang="zh-CN"' in too_long.text
    await _post(client, officer, f"/enforcement/{matter_id}/measures/{measure['id']}/release")
    page = await client.get(f"/enforcement/{matter_id}")
    assert "已解除" in page.text and "控制措施已续行" in page.text and "控制措施已解除" in page.text
    none = await client.post(f"/enforcement/{matter_id}/listing", data={"csrf_token": officer})
    assert none.status_code == 422 and "纳入失信名单的情形" in none.text
    r = await client.post(
        f"/enforcement/{matter_id}/listing",
        data={"csrf_token": officer, "grounds": ["breaches_report_duty"], "extension_years": "0"},
    )
    assert r.status_code in (302, 303)
    page = await client.get(f"/enforcement/{matter_id}")
    assert "失信被执行人名单" in page.text and "被执行人已被纳入失信名单" in page.text
    _assert_no_raw_values(page.text)
    listing = re.search(r'action="/enforcement/\d+/sanctions/(\d+)/delist"', page.text)
    assert listing
    await _post(
        client,
        officer,
        f"/enforcement/{matter_id}/sanctions/{listing.group(1)}/delist",
        reason="applicant_request",
    )
    again = await client.post(
        f"/enforcement/{matter_id}/sanctions/{listing.group(1)}/delist",
        data={"csrf_token": officer, "reason": "performed"},
    )
    assert again.status_code == 409  # delisted once
    page = await client.get(f"/enforcement/{matter_id}")
    assert "惩戒措施已解除" in page.text and "/delist" not in page.text
