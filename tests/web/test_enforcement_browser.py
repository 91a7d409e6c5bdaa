"""Browser journey (a) of issue 20 in Debian's Chromium: the bank officer finds deposits, the officer freezes and
deducts them, pays the applicant out and closes — the applicant seeing each step, the ledger reconciling."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from tests.web.test_browser import ARTIFACTS, _sign_in, browser, server  # noqa: F401 - fixtures

ACCOUNT = "6222020200112233"


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"enforcement-{name}.png"), full_page=True)


def _yuan(text: str) -> Decimal:
    return Decimal(re.sub(r"[^\d.]", "", text))


def _bank_answers(bank: Any, base: str, action: str) -> None:
    """The bank officer opens the first open task of `action` in the inbox and confirms it as prefilled."""
    bank.goto(f"{base}/agency/")
    bank.locator("#inbox tr", has_text=action).first.get_by_role("link").click()
    bank.get_by_label("回执号").fill(f"ICBC-{action}")
    bank.get_by_role("button", name="提交反馈").click()
    bank.wait_for_url("**done=answered")


def test_journey_a_deposits_frozen_deducted_paid_out_closed(browser: Any, server: str) -> None:  # noqa: F811
    bank = browser.new_context(locale="zh-CN").new_page()
    officer = browser.new_context(locale="zh-CN").new_page()
    applicant = browser.new_context(locale="zh-CN").new_page()

    # The bank officer lands on the inbox of ICBC's tasks and answers the demo matter's inquiry: deposits found.
    _sign_in(bank, server, "bank.officer")
    assert bank.url.endswith("/agency") or bank.url.endswith("/agency/")
    assert "中国工商银行" in bank.content() and "bank:ICBC" not in bank.inner_text("main")
    _shot(bank, "1-bank-inbox")
    bank.locator("#inbox tr", has_text="查询").first.get_by_role("link").click()
    bank.get_by_label("账号或权证号 1").fill(ACCOUNT)
    bank.get_by_label("说明 1").fill("活期存款")
    bank.get_by_label("余额或价值 1").fill("500000.00")
    bank.get_by_role("button", name="提交反馈").click()
    bank.wait_for_url("**done=answered")
    _shot(bank, "2-bank-answered")

    # The officer finds the account on the matter and asks for a freeze of everything owed.
    _sign_in(officer, server, "enforcer.xihu")
    # The demo has several matters: the officer opens the one whose inquiry the bank just answered.
    links = [
        officer.locator("#matters a").nth(n).get_attribute("href")
        for n in range(officer.locator("#matters a").count())
    ]
    for href in links:
        officer.goto(f"{server}{href}")
        if ACCOUNT in officer.content():
            break
    matter_url = officer.url
    assert ACCOUNT in officer.content(), links
    owed = _yuan(officer.inner_text("#outstanding"))
    row = officer.locator("#property tr", has_text=ACCOUNT)
    row.locator("select[name=action]").select_option("freeze")
    row.locator("input[name=amount]").fill(str(owed))
    row.get_by_role("button", name="发送协助单位").click()
    officer.wait_for_url("**done=control")

    _bank_answers(bank, server, "冻结")
    _sign_in(applicant, server, "litigant.wang")
    applicant.goto(matter_url)
    assert "冻结银行存款" in applicant.inner_text("#timeline")
    _shot(applicant, "3-applicant-sees-freeze")

    officer.goto(matter_url)
    assert "冻结银行存款" in officer.inner_text("#measures")
    row = officer.locator("#property tr", has_text=ACCOUNT)
    row.locator("select[name=action]").select_option("deduct")
    row.locator("input[name=amount]").fill(str(owed))
    row.get_by_role("button", name="发送协助单位").click()
    officer.wait_for_url("**done=control")
    _bank_answers(bank, server, "扣划")

    applicant.goto(matter_url)
    assert _yuan(applicant.inner_text("#received")) == owed
    assert "收到执行款" in applicant.inner_text("#timeline")
    _shot(applicant, "4-applicant-sees-money-received")

    officer.goto(matter_url)
    officer.get_by_role("button", name="按受偿顺序发放执行款").click()
    officer.wait_for_url("**done=disbursed")
    assert "账目核对一致" in officer.inner_text("#reconciliation")
    assert _yuan(officer.inner_text("#custody")) == 0 and _yuan(officer.inner_text("#outstanding")) == 0
    officer.locator("#close-form select[name=kind]").select_option("fully_performed")
    officer.get_by_role("button", name="结案").click()
    officer.wait_for_url("**done=closed")
    assert "已结案" in officer.inner_text("#status") and "执行完毕" in officer.inner_text("#status")
    _shot(officer, "5-officer-closed")

    applicant.goto(matter_url)
    timeline = applicant.inner_text("#timeline")
    assert "执行款已发放给申请执行人" in timeline and "执行完毕" in timeline
    assert _yuan(applicant.inner_text("#outstanding")) == 0
    for raw in ("bank:ICBC", "inquiry_and_control", "money_disbursed", "fully_performed", "closed"):
        assert raw not in applicant.inner_text("main")
    _shot(applicant, "6-applicant-paid-and-closed")
