"""The judge's workbench in headless Chromium (Debian's package): a leader adds a courtroom; the newly assigned judge
sees the notice, assigns a clerk, schedules and records a hearing, asks for an extension; the leader approves it in
the inbox; the judge closes the case by judgment. Every Chinese page is checked for raw enum values."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from testkit.pdfs import make_pdf
from tests.web.test_browser import ARTIFACTS, _sign_in, browser  # noqa: F401 - the module's Chromium fixture

# Values of the enums behind these pages (statuses, methods, kinds, bearers, reasons) that must never show raw.
RAW = re.compile(
    r"\b(registered|assigned|hearing_scheduled|heard|judged|closed|archived|scheduled|held|cancelled|pending|approved|"
    r"refused|extension|suspension|judgment|mediation|withdrawal|deemed_withdrawal|dismissal|transfer|termination|"
    r"plaintiff|defendant|shared|physical|online|clerk_assigned|limit_requested|request_approved|ordinary|summary|"
    r"time_limit|overdue|near|None|True|False)\b"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from tests.live_server import live_server

    with live_server(tmp_path_factory.mktemp("workbench")) as (base, _settings):
        yield base


def no_raw_values(page: Any, name: str) -> None:
    text = page.locator("main").inner_text()
    found = sorted(set(RAW.findall(text)))
    assert not found, f"{name}: raw values {found} on a Chinese page"


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"workbench-{name}.png"), full_page=True)


def test_from_courtroom_to_closing_by_judgment(browser: Any, server: str, tmp_path: Path) -> None:  # noqa: F811
    # The leader adds a courtroom in the UI.
    leader = browser.new_context(locale="zh-CN")
    lp = leader.new_page()
    _sign_in(lp, server, "leader.xihu")
    lp.goto(f"{server}/leader")
    before = re.search(r"判决 (\d+)", lp.locator("#closed-by-method").inner_text())
    judged_before = int(before.group(1)) if before else 0
    lp.goto(f"{server}/leader/courtrooms")
    lp.locator("#room-name").fill("第一法庭")
    lp.locator("#add-courtroom button").click()
    lp.locator("#courtrooms", has_text="第一法庭").wait_for()
    assert "使用中" in lp.locator("#courtrooms").inner_text()
    no_raw_values(lp, "courtrooms")
    shot(lp, "courtrooms")

    # The clerk registers the demo court's submitted filing; a judge is drawn.
    clerk = browser.new_context(locale="zh-CN")
    cp = clerk.new_page()
    _sign_in(cp, server, "clerk.xihu")
    cp.goto(f"{server}/clerk")
    cp.locator("#queue a[href^='/clerk/filings/']").first.click()
    cp.wait_for_url("**/clerk/filings/*")
    cp.locator("#register-button").click()
    cp.locator("#case-number").wait_for()
    number = cp.locator("#case-number").inner_text()
    clerk.close()

    # The judge it went to is told: a notice and a marker in the case list.
    judge = browser.new_context(locale="zh-CN")
    jp = judge.new_page()
    for username in ("judge.xihu", "judge2.xihu"):
        jp.context.clear_cookies()
        _sign_in(jp, server, username)
        jp.goto(f"{server}/judge/")
        if jp.locator("#my-cases a", has_text=number).count():
            break
    else:
        pytest.fail(f"no judge has {number}")
    assert number in jp.locator("#notices").inner_text()
    row = jp.locator("#my-cases tr", has_text=number)
    assert row.locator(".new-case").count() == 1
    assert "《民事诉讼法》第152条" in row.inner_text()  # the engine's article, in Chinese
    no_raw_values(jp, "my-cases")
    shot(jp, "my-cases")
    row.locator("a").first.click()
    jp.wait_for_url("**/judge/cases/*")
    case_url = jp.url
    jp.goto(f"{server}/judge/")
    assert jp.locator("#my-cases tr", has_text=number).locator(".new-case").count() == 0  # seen now
    jp.goto(case_url)

    # Assign a clerk.
    jp.locator("#clerk-select").select_option(label="西湖法院立案庭 林书记员")
    jp.locator("#clerk button").click()
    jp.locator("#case-clerk", has_text="林书记员").wait_for()

    # Schedule a hearing in the new courtroom.
    jp.locator("#schedule select[name=courtroom_id]").select_option(label="第一法庭")
    jp.locator("#schedule input[name=starts_at]").fill("2026-12-10T09:00")
    jp.locator("#schedule button").click()
    jp.locator("#hearings", has_text="第一法庭").wait_for()
    assert "已排期" in jp.locator("#case-status").inner_text()

    # Record it: notes and a transcript PDF.
    transcript = tmp_path / "庭审笔录.pdf"
    transcript.write_bytes(make_pdf(["庭审笔录", "原告王丽华到庭，被告陈建国到庭。"]))
    jp.locator(".hearing-actions summary", has_text="记录本次庭审").click()
    form = jp.locator("form.record-hearing")
    form.locator("textarea[name=notes]").fill("双方到庭，完成举证质证。")
    form.locator("input[name=transcript]").set_input_files(str(transcript))
    form.locator("button").click()
    jp.locator("#case-status", has_text="已开庭").wait_for()
    assert "庭审笔录.pdf" in jp.locator("#documents").inner_text()
    before = jp.locator("#case-deadline").inner_text()

    # Ask for an extension (CPL Art 152).
    jp.locator("#extension-form textarea[name=reason]").fill("案情复杂，需要鉴定")
    jp.locator("#extension-form button").click()
    jp.locator("#limit-requests", has_text="待审批").wait_for()
    no_raw_values(jp, "case")
    shot(jp, "case-heard")

    # The leader approves it in the inbox.
    lp.goto(f"{server}/leader/inbox")
    item = lp.locator("#pending-requests li", has_text=number)
    assert "《民事诉讼法》第152条" in item.inner_text()
    no_raw_values(lp, "inbox")
    shot(lp, "inbox")
    item.locator("button.approve").click()
    lp.locator("#decided-requests", has_text="已批准").wait_for()

    # The judge sees the approval and the later deadline, then closes the case by judgment.
    jp.goto(f"{server}/judge/notices")
    assert "您的审限变更申请已获批准" in jp.locator("#notice-list").inner_text()
    no_raw_values(jp, "notices")
    jp.goto(case_url)
    assert jp.locator("#case-deadline").inner_text() != before
    jp.locator("#closing-method").select_option("judgment")
    jp.locator("#closing input[name=bearer][value=defendant]").check()
    jp.locator("#close-button").click()
    jp.wait_for_load_state()
    assert "判决" in jp.locator("#case-closing").inner_text(), jp.locator("main").inner_text()[:1500]
    jp.locator("#case-closing", has_text="判决").wait_for()
    assert "已结案" in jp.locator("#case-status").inner_text()
    assert "¥3,300.00" in jp.locator("#closing-refund").inner_text()  # the prepaid fee back to the plaintiff
    no_raw_values(jp, "closed-case")
    shot(jp, "case-closed")

    # The leader's clearance counts the closure, by method (the demo data closed cases by judgment before).
    lp.goto(f"{server}/leader")
    assert f"判决 {judged_before + 1}" in lp.locator("#closed-by-method").inner_text()
    assert int(lp.locator("#kpi-closed .value").inner_text()) >= 1
    shot(lp, "dashboard")
    leader.close()
    judge.close()
