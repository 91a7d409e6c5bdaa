"""Browser journeys in headless Chromium (Debian's package) driven by Playwright: file a complaint, review it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import ARTIFACTS, SharedChromium, draft_loan_filing
from tests.browser import sign_in as _sign_in


@pytest.fixture(scope="module")
def browser(shared_chromium: SharedChromium) -> Iterator[Any]:
    """The test process's Chromium, lent to this module (tests/browser.py)."""
    yield from shared_chromium.lend()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from tests.live_server import live_server

    with live_server(tmp_path_factory.mktemp("browser")) as (base, _settings):
        yield base


def _complaint_pdf(path: Path) -> Path:
    """A complaint with a text layer, so the worker's extraction pre-fills the docket the clerk reviews."""
    from testkit.pdfs import make_pdf

    path.write_bytes(
        make_pdf(
            [
                "民事起诉状",
                "原告：王丽华，女，1983年7月16日出生，汉族，住浙江省杭州市拱墅区湖墅南路218号，",
                "公民身份号码330105198307161627。",
                "被告：张三，男，1980年1月2日出生，汉族，住浙江省杭州市西湖区文三路90号。",
                "诉讼请求：一、判令被告归还借款本金人民币100000元；二、本案诉讼费用由被告承担。",
                "事实与理由：被告向原告借款100000元，到期未还。",
                "此致",
                "杭州市西湖区人民法院",
                "具状人：王丽华",
                "2026年11月28日",
            ]
        )
    )
    return path


def test_litigant_files_a_complaint_and_the_clerk_reviews_it(
    browser: Any, server: str, tmp_path: Path
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    litigant = browser.new_context(locale="zh-CN")
    page = litigant.new_page()
    draft_loan_filing(page, server)
    page.locator("#fee-value", has_text="2,300.00").wait_for()  # Fee Measures Art. 13(1)
    page.locator("#upload-file").set_input_files(str(_complaint_pdf(tmp_path / "起诉状.pdf")))
    page.locator("#upload-button").click()
    page.locator("#upload-progress li.done").wait_for(timeout=20000)
    page.locator("#documents", has_text="起诉状.pdf").wait_for()
    page.screenshot(path=str(ARTIFACTS / "litigant-filing.png"), full_page=True)
    page.locator("#submit-filing").click()
    page.locator("#receipt-link").wait_for()
    page.screenshot(path=str(ARTIFACTS / "litigant-status.png"), full_page=True)
    filing_id = page.url.split("/filings/")[1].split("?")[0]
    litigant.close()

    clerk = browser.new_context(locale="zh-CN")
    page = clerk.new_page()
    _sign_in(page, server, "clerk.xihu")
    page.goto(f"{server}/clerk")
    page.screenshot(path=str(ARTIFACTS / "clerk-queue.png"), full_page=True)
    page.locator(f'#queue a[href="/clerk/filings/{filing_id}"]').click()
    page.wait_for_url(f"**/clerk/filings/{filing_id}")
    assert page.locator("#doc-frame").count() == 1
    # The worker extracts the docket in the background; the clerk reloads until it is there.
    fields = page.locator("#docket input[name=value]")
    for _ in range(60):
        if fields.count():
            break
        page.wait_for_timeout(500)
        page.reload()
    assert fields.count(), "the pre-filled docket never appeared"
    fields.first.fill("已更正")
    with page.expect_response(lambda r: "/corrections" in r.url) as answer:
        page.locator("#docket button").first.click()
    assert answer.value.status == 200, answer.value.text()[:2000]
    page.locator("#docket .corrected", has_text="已更正").first.wait_for()
    page.screenshot(path=str(ARTIFACTS / "clerk-review.png"), full_page=True)
    page.locator("#register-button").click()
    page.locator("#case-number").wait_for()
    number = page.locator("#case-number").inner_text()
    assert "浙0106民初" in number
    page.screenshot(path=str(ARTIFACTS / "clerk-registered.png"), full_page=True)
    clerk.close()

    # Exactly one judge of the division was assigned, and that judge sees the case among their own.
    seen_by = []
    for username in ("judge.xihu", "judge2.xihu"):
        ctx = browser.new_context(locale="zh-CN")
        page = ctx.new_page()
        _sign_in(page, server, username)
        page.goto(f"{server}/judge")
        if page.locator("#my-cases a", has_text=number).count():
            seen_by.append(username)
            page.screenshot(path=str(ARTIFACTS / "judge-my-cases.png"), full_page=True)
            page.locator("#my-cases a", has_text=number).click()
            page.wait_for_url("**/judge/cases/*")
            page.screenshot(path=str(ARTIFACTS / "judge-case.png"), full_page=True)
        ctx.close()
    assert len(seen_by) == 1, seen_by

    leader = browser.new_context(locale="zh-CN")
    page = leader.new_page()
    _sign_in(page, server, "leader.xihu")
    page.goto(f"{server}/leader")
    assert int(page.locator("#kpi-registered .value").inner_text()) >= 1
    assert int(page.locator("#kpi-received .value").inner_text()) >= 1
    page.screenshot(path=str(ARTIFACTS / "leader-dashboard.png"), full_page=True)
    leader.close()
