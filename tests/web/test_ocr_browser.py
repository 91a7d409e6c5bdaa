"""Browser journey (issue 21): a photographed complaint is read by the worker's OCR, and the clerk sees a field's
words highlighted on the photo. Headless Chromium (Debian's) through Playwright; screenshots in tests/artifacts."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from testkit.ocr_pages import scan, typeset
from tests.browser import ARTIFACTS, draft_loan_filing
from tests.browser import sign_in as _sign_in
from tests.web.test_browser import browser, server  # noqa: F401 (fixtures)

COMPLAINT = (
    "民事起诉状\n"
    "原告：王丽华，女，1983年7月16日出生，汉族，住浙江省杭州市拱墅区湖墅南路218号，公民身份号码330105198307161627。\n"
    "被告：张三，男，1980年1月2日出生，汉族，住浙江省杭州市西湖区文三路90号。\n"
    "诉讼请求：一、判令被告归还借款本金人民币100000元；二、本案诉讼费用由被告承担。\n"
    "事实与理由：被告向原告借款100000元，到期未还。\n"
    "此致\n"
    "杭州市西湖区人民法院\n"
    "具状人：王丽华"
)


def test_the_clerk_sees_a_field_highlighted_on_the_photographed_complaint(
    browser: Any, server: str, tmp_path: Path
) -> None:  # noqa: F811 (fixtures)
    ARTIFACTS.mkdir(exist_ok=True)
    photo = tmp_path / "起诉状.jpg"
    # A page the size of its text: intake fits it to an A4 page all the same. Scanned nearly square (seed 17 turns it
    # 0.09°), so the worker reads it in one pass: straightening a skewed photo and mapping its boxes back is
    # tests/filing/test_ocr_job.py's claim (seed 21, -1.34°); this journey's is what the clerk sees.
    scan(typeset(COMPLAINT, width=900, size=26, margin=40, height=1000).image, random.Random(17)).save(
        photo, "JPEG", quality=85
    )

    litigant = browser.new_context(locale="zh-CN")
    page = litigant.new_page()
    draft_loan_filing(page, server)
    page.locator("#upload-file").set_input_files(str(photo))
    page.locator("#upload-button").click()
    page.locator("#upload-progress li.done").wait_for(timeout=20000)
    page.locator("#submit-filing").click()
    page.locator("#receipt-link").wait_for()
    filing_id = page.url.split("/filings/")[1].split("?")[0]
    litigant.close()

    clerk = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    page = clerk.new_page()
    _sign_in(page, server, "clerk.xihu")
    page.goto(f"{server}/clerk/filings/{filing_id}")
    # The worker reads the photo in the background (seconds a page); the clerk's page is fetched (not drawn: each
    # reload would lay the whole page out again) until a field links to the image, then reloaded.
    for _ in range(240):
        if 'class="highlight-link"' in page.request.get(f"{server}/clerk/filings/{filing_id}").text():
            break
        page.wait_for_timeout(1000)
    page.reload()
    links = page.locator(".highlight-link")
    assert links.count(), "no field was linked to the page image"
    name = page.locator('.highlight-link[data-field$=".name"]').first
    name.locator("xpath=ancestor::details").evaluate("d => d.open = true")
    # The page is rendered and drawn on request (seconds on a busy machine).
    with page.expect_response(lambda r: "/pages/" in r.url, timeout=180_000) as answer:
        name.click()
    assert answer.value.status == 200 and answer.value.headers["content-type"].startswith("image/png")
    frame = page.frame_locator("#doc-frame")
    frame.locator("img").wait_for(timeout=60_000)
    size = frame.locator("img").evaluate("i => [i.naturalWidth, i.naturalHeight]")
    assert size[0] > 500 and size[1] > 500
    page.locator("#doc-frame").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "clerk-ocr-highlight.png"), full_page=True)
    page.locator("#doc-frame").screenshot(path=str(ARTIFACTS / "clerk-ocr-highlight-page.png"))
    clerk.close()
