"""Shared by the browser journeys: headless Chromium (Debian's package) driven by Playwright, signing in, and the
litigant's first steps of a civil filing. Screenshots go to tests/artifacts."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from court.demo import DEMO_PASSWORD
from testkit.services import service_missing

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class SharedChromium:
    """One Playwright driver and one Chromium per test process, lent to the browser modules in turn (launching
    them costs ~1 s of CPU and 3-4 s on a busy machine; each journey opens contexts of its own, which share
    nothing: no cookies, storage or cache).

    Playwright's sync API leaves its event loop marked as running in this thread between calls (it is suspended
    inside a callback of that loop, playwright/_impl/_greenlets.py). An async test of the same process would then
    refuse to start its own loop, so the mark is taken off while no module has the browser (`park`) and put back
    when one borrows it (`lend`), before Playwright's loop runs again."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._manager = sync_playwright()
        self._playwright = self._manager.start()
        self._loop = asyncio._get_running_loop()  # Playwright's, marked running by start()
        self.browser = self._launch()
        self._park()

    def _launch(self) -> Any:
        return self._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    def _park(self) -> None:
        asyncio._set_running_loop(None)

    def _resume(self) -> None:
        asyncio._set_running_loop(self._loop)

    def lend(self) -> Iterator[Any]:
        """The body of a module-scoped `browser` fixture: the browser, then every context the module left open
        closed, so the next module starts with none."""
        self._resume()
        try:
            if not self.browser.is_connected():  # Chromium died under an earlier module: a new one
                self.browser = self._launch()
            yield self.browser
        finally:
            try:
                for context in self.browser.contexts:
                    context.close()
            finally:
                self._park()

    def stop(self) -> None:
        self._resume()
        try:
            self.browser.close()
        finally:
            self._playwright.stop()  # closes Playwright's loop; nothing is marked running after it


def shared_chromium() -> Iterator[SharedChromium]:
    """The body of the session-scoped `shared_chromium` fixture (tests/plugins/chromium.py): skips (or fails,
    where services are required) when Playwright or Chromium is missing."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        service_missing(
            "Playwright", "pip install playwright (never `playwright install`: Debian's chromium is used)"
        )
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        service_missing("Chromium", "apt-get install -y chromium")
    shared = SharedChromium()
    try:
        yield shared
    finally:
        shared.stop()


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/sign-in")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def draft_loan_filing(page: Any, base: str) -> None:
    """litigant.wang starts a 民间借贷纠纷 filing against 张三 with one claim of 100000元 (no document yet)."""
    sign_in(page, base, "litigant.wang")
    page.goto(f"{base}/filings/new")
    page.get_by_label("案由").fill("民间借贷纠纷")
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url("**/filings/*")
    for role, name in (("plaintiff", "王丽华"), ("defendant", "张三")):
        page.locator("#party-role").select_option(role)
        page.locator("#party-name").fill(name)
        page.get_by_role("button", name="添加当事人").click()
        page.locator("#parties", has_text=name).wait_for()
    page.locator("#claim-text").fill("判令被告归还借款100000元")
    page.locator("#claim-amount").fill("100000")
    page.get_by_role("button", name="添加诉讼请求").click()


def consent_to_email_service(page: Any, base: str, number: str) -> None:
    """litigant.wang confirms its address for case `number` with wang@example.cn and consents to electronic
    service (送达地址确认书) in its portal."""
    sign_in(page, base, "litigant.wang")
    page.goto(f"{base}/my/service")
    form = page.locator("form.card", has_text=number)
    form.get_by_label("电子邮箱").fill("wang@example.cn")
    form.locator("input[name=consent_electronic]").check()
    form.get_by_role("button", name="确认送达地址").click()
    page.wait_for_url("**/my/service")
