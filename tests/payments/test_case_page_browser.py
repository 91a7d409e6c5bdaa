"""Browser (Debian's Chromium via Playwright) at 390 px, the width of a phone (移动微法院): the litigant opens the
registered demo case from the filing, sees the fee notice, pays on the simulated platform (labelled 模拟支付) and gets
the receipt. Screenshots go to tests/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.test_browser import ARTIFACTS, _sign_in, browser  # noqa: F401 - the module's Chromium fixture

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    from tests.live_server import live_server

    with live_server(tmp_path_factory.mktemp("case-page-browser")) as (base, settings):
        yield base, settings


def _fits(page: Any) -> None:
    """Nothing wider than the phone: no sideways scrolling."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_litigant_pays_the_fee_from_the_case_page_on_a_phone(browser: Any, live: tuple[str, Any]) -> None:  # noqa: F811
    base, _settings = live
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    _sign_in(page, base, "litigant.wang")
    page.goto(f"{base}/filings")
    page.locator("tr", has_text="已立案").locator("a").first.click()
    page.wait_for_url("**/filings/*")
    page.locator("#case-link").click()
    page.wait_for_url("**/my-cases/*")
    number = page.locator("#case-number").inner_text()
    assert "民初" in number and page.locator("#case-judge").inner_text() != "尚未分案"
    assert "应预交案件受理费" in page.locator("#fee").inner_text()
    _fits(page)
    page.screenshot(path=str(ARTIFACTS / "case-page-390-fee-due.png"), full_page=True)

    page.locator("#pay-button").click()
    page.wait_for_url("**/pay/simulated/*")
    assert "模拟支付" in page.locator("#simulated-label").inner_text()
    _fits(page)
    page.screenshot(path=str(ARTIFACTS / "case-page-390-simulated-checkout.png"), full_page=True)
    page.locator("#confirm-payment").click()
    page.wait_for_url("**/my-cases/*?paid=1")
    assert "已缴费" in page.locator("#fee-paid").inner_text()
    _fits(page)
    page.screenshot(path=str(ARTIFACTS / "case-page-390-paid.png"), full_page=True)
    with page.expect_response(lambda r: "receipt.pdf" in r.url) as receipt:
        page.evaluate("href => fetch(href)", page.locator("#receipt-link").get_attribute("href"))
    assert receipt.value.status == 200 and receipt.value.headers["content-type"] == "application/pdf"
    context.close()
