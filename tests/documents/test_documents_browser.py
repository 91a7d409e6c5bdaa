"""Browser journey (Debian's Chromium via Playwright): the judge opens a case, drafts the 判决书 from it, edits,
saves a version, signs under the court's seal; the public verification page confirms the seal, by code and by the
downloaded PDF. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.test_browser import ARTIFACTS, _sign_in, browser  # noqa: F401 - the module's Chromium fixture


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    from tests.live_server import live_server

    with live_server(tmp_path_factory.mktemp("documents-browser")) as (base, settings):
        yield base, settings


def _open_the_judges_case(browser: Any, base: str) -> tuple[Any, Any]:  # noqa: F811
    """The demo's registered case is at 越城 (浙0602), whose one civil judge has it."""
    for username in ("judge.yuecheng",):
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        _sign_in(page, base, username)
        page.goto(f"{base}/judge")
        link = page.locator("#my-cases a").first
        if link.count():
            link.click()
            page.wait_for_url("**/judge/cases/*")
            return context, page
        context.close()
    raise AssertionError("no judge has the demo case")


def test_the_judge_drafts_edits_and_signs_a_judgment_and_the_public_page_confirms_it(
    browser: Any,
    live: tuple[str, Any],
    tmp_path: Path,  # noqa: F811
) -> None:
    base, settings = live
    ARTIFACTS.mkdir(exist_ok=True)
    context, page = _open_the_judges_case(browser, base)
    number = page.locator("h1").inner_text()
    page.get_by_role("link", name="法律文书").click()
    page.wait_for_url("**/cases/*/documents")
    page.get_by_label("根据案件信息起草文书").select_option("judgment")
    page.get_by_role("button", name="起草文书").click()
    page.wait_for_url("**/documents/*")
    assert page.locator("h1").inner_text() == "判决书"
    parties = page.locator("#section-parties").input_value()
    assert "原告" in parties and "被告" in parties  # prefilled from the case
    assert number in page.locator("dl.facts").inner_text()

    page.locator("#section-facts").fill("本院经审理认定事实如下：被告向原告借款100000元，到期未还。")
    page.locator("#section-reasoning").fill("本院认为，合法的借贷关系受法律保护，被告应当归还借款。")
    page.locator("#section-operative").fill(
        "依照《中华人民共和国民法典》第六百七十五条的规定，判决如下：\n"
        "被告于本判决生效之日起十日内归还原告借款100000元。"
    )
    page.get_by_role("button", name="保存为新版本").click()
    page.wait_for_selector("#saved")
    assert page.locator("#document-version").inner_text() == "2"
    assert page.locator("#versions tbody tr").count() == 2
    page.screenshot(path=str(ARTIFACTS / "documents-judgment-editor.png"), full_page=True)

    page.get_by_role("button", name="加盖本院电子签章").click()
    page.wait_for_selector("#verification-code")
    assert page.locator("#document-status").inner_text() == "已签章"
    assert page.locator("#edit-form").count() == 0 and page.locator("#sign-form").count() == 0
    code = page.locator("#verification-code").inner_text()
    page.screenshot(path=str(ARTIFACTS / "documents-judgment-signed.png"), full_page=True)
    pdf = page.request.get(f"{base}{page.locator('#pdf-link').get_attribute('href')}")
    assert pdf.status == 200
    signed_pdf = tmp_path / "judgment.pdf"
    signed_pdf.write_bytes(pdf.body())
    context.close()

    public = browser.new_context(locale="zh-CN")  # nobody signed in
    page = public.new_page()
    page.goto(f"{base}/verify")
    page.get_by_label("验证码").fill(code.lower().replace("-", ""))
    page.get_by_role("button", name="核验", exact=True).click()
    page.wait_for_selector("#verify-result")
    assert page.locator("#verify-result").get_attribute("data-valid") == "true"
    assert page.locator("#verified-case-number").inner_text() == number
    page.screenshot(path=str(ARTIFACTS / "documents-verify-code.png"), full_page=True)

    page.locator("#file").set_input_files(str(signed_pdf))
    page.get_by_role("button", name="核验文件").click()
    page.wait_for_selector("#verify-result")
    assert page.locator("#verify-result").get_attribute("data-valid") == "true"
    page.screenshot(path=str(ARTIFACTS / "documents-verify-upload.png"), full_page=True)
    public.close()

    # The same file checked offline by `court verify-signature`, against the CA the server created.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "court.cli",
            "verify-signature",
            str(signed_pdf),
            "--ca",
            str(settings.signing_path / "ca" / "cert.pem"),
        ],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert '"valid": true' in done.stdout
