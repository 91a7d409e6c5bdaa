"""Browser journey (Debian's Chromium via Playwright): the enforcement officer issues the execution notice and the
order to report property from the matter page; both are served electronically in the debtor's portal inbox (the
debtor consented in the judgment's case); the officer sees each delivery recorded with its date and channel; the
debtor sees the served notices and the last day to report property (CPL Art 252, from the deadline engine); the
reminder sweep, run three days before the last day, puts the reminder in the debtor's portal before it lapses.
Screenshots go to tests/artifacts/serve2-*.png."""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from court.settings import Settings
from tests.web.test_browser import ARTIFACTS, _sign_in, browser  # noqa: F401 - the module's Chromium fixture

DEBTOR_USER = "debtor.chen"


def _in_thread(work: Any) -> Any:
    """Run a coroutine against the live server's database (a thread of its own: Playwright's loop is running)."""

    async def run() -> Any:
        from court.bootstrap import build_runtime
        from court.db import close_pool, start_pool

        runtime = build_runtime(_settings[0])
        await start_pool(runtime.engine)
        try:
            return await work(runtime)
        finally:
            await close_pool(runtime.engine)

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run()).result()


_settings: list[Settings] = []


async def _prepare(runtime: Any) -> int:
    """A matter enforcing a demo case of 浙0106 whose defendant confirmed a mobile number and consented to
    electronic service there, the defendant being the debtor with a portal account of its own."""
    from court.accounts.roles import Role
    from court.accounts.service import create_user, principal_of
    from court.accounts.tables import User
    from court.cases.service import court_today
    from court.cases.tables import Case, CaseParty
    from court.demo import DEMO_PASSWORD
    from court.execution.service import MatterIn, PartyIn, register_matter
    from court.serving.flow import AddressIn, set_address

    if not await User.exists().where(User.username == DEBTOR_USER):
        await create_user(DEBTOR_USER, DEMO_PASSWORD, Role.LITIGANT, display_name="被执行人", fast_hash=True)
    debtor_user = await User.select(User.id).where(User.username == DEBTOR_USER).first()
    case = (
        await Case.select(Case.id, Case.number)
        .where((Case.court_code == "浙0106") & Case.number.is_not_null())
        .order_by(Case.id)
        .first()
    )
    defendant = (
        await CaseParty.select()
        .where((CaseParty.case == case["id"]) & (CaseParty.role == "defendant"))
        .first()
    )
    clerk = principal_of(await User.select().where(User.username == "clerk.xihu").first())
    await set_address(
        clerk,
        defendant["id"],
        AddressIn(mobile="13800138000", postal_address="杭州市西湖区文三路100号", consent_electronic=True),
    )
    officer = principal_of(await User.select().where(User.username == "enforcer.xihu").first())
    from decimal import Decimal

    return await register_matter(
        officer,
        MatterIn(
            court_code="浙0106",
            title_number=case["number"],
            performance_due=court_today() - timedelta(days=30),
            parties=[
                PartyIn("applicant", "王丽华", "330105198307161627", principal=Decimal("80000")),
                PartyIn(
                    "debtor",
                    defendant["name"],
                    defendant["id_number"] or "330106198001011234",
                    user_id=debtor_user["id"],
                ),
            ],
        ),
        today=court_today(),
    )


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    from tests.live_server import live_server, prepare_database

    tmp = tmp_path_factory.mktemp("serve2-browser")
    from testkit.settings import make_settings

    settings = make_settings(f"sqlite:{tmp / 'live.sqlite3'}", tmp, var_dir=str(tmp / "var"))
    _settings[:] = [settings]
    prepare_database(settings)
    matter_id = _in_thread(_prepare)
    with live_server(tmp, prepared=True) as (base, _):
        yield base, matter_id


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"serve2-{name}.png"), full_page=True)


def _issue(page: Any, kind: str) -> None:
    page.locator("#notice-form select[name=kind]").select_option(kind)
    page.locator("#notice-form button[type=submit]").click()
    page.wait_for_url("**done=notice")


def test_notices_are_served_in_the_debtors_inbox_and_the_reminder_comes_before_the_last_day(
    browser: Any,
    live: tuple[str, int],  # noqa: F811
) -> None:
    from court.cases.deadlines import deadline_for
    from court.cases.service import court_today

    base, matter_id = live
    officer = browser.new_context(locale="zh-CN").new_page()
    _sign_in(officer, base, "enforcer.xihu")
    officer.goto(f"{base}/enforcement/{matter_id}")
    _issue(officer, "execution_notice")
    _issue(officer, "report_order")
    # The attempts' jobs run in the server at once (the page wakes the runner): each delivered in the inbox.
    served = officer.locator("#notice-services .notice-service[data-status=served]")
    deadline = time.monotonic() + 30
    while served.count() < 2 and time.monotonic() < deadline:
        time.sleep(0.5)
        officer.reload()
    assert served.count() == 2
    today = court_today()
    assert served.first.locator(".service-state").inner_text() == f"已于{today.isoformat()}经诉讼服务平台送达"
    last = deadline_for("property_report", today).deadline
    section = officer.locator("#notice-service-h").locator("xpath=..")
    assert "报告财产期限" in section.inner_text() and last.isoformat() in section.inner_text()
    assert "《民事诉讼法》第252条" in section.inner_text()
    _shot(officer, "1-officer-notices-served")

    debtor = browser.new_context(locale="zh-CN").new_page()
    _sign_in(debtor, base, DEBTOR_USER)
    debtor.goto(f"{base}/enforcement/{matter_id}")
    mine = debtor.locator("#notice-services .notice-service")
    assert mine.count() == 2 and "执行通知书" in mine.first.inner_text()
    assert debtor.get_by_role("link", name="查看送达的文书").count() == 2
    assert last.isoformat() in debtor.locator("#notice-service-h").locator("xpath=..").inner_text()
    _shot(debtor, "2-debtor-matter")
    debtor.goto(f"{base}/my/service")
    assert "报告财产令" in debtor.locator("#served-documents").inner_text()
    assert last.isoformat() in debtor.locator("#service-deadlines").inner_text()
    assert debtor.locator("#deadline-reminders").count() == 0

    # Three days before the last day the reminder sweep runs (time travel: the sweep is told the day).
    async def sweep(runtime: Any) -> dict[str, int]:
        from court.serving.reminders import send_reminders

        return await send_reminders(runtime, today=last - timedelta(days=3))

    assert _in_thread(sweep) == {"reminders_sent": 1}
    assert _in_thread(sweep) == {"reminders_sent": 0}  # once per deadline
    debtor.reload()
    reminder = debtor.locator("#deadline-reminders .reminder")
    assert reminder.count() == 1
    assert f"报告财产期限将于{last.year}年{last.month}月{last.day}日届满" in reminder.inner_text()
    _shot(debtor, "3-debtor-reminder")
    # The officer is told too.
    officer.reload()
    assert "报告财产期限将于" in officer.locator("#notice-service-h").locator("xpath=..").inner_text()
    _shot(officer, "4-officer-told")
