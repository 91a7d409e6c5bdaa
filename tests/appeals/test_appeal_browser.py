"""Browser journey (Debian's Chromium via Playwright), the second journey of issue 18: a judgment signed at 西湖 is
served on the plaintiff in its portal inbox; the plaintiff appeals within its period from its case page and pays the
appeal fee on the simulated platform; 西湖's judge forwards the dossier; 浙01's clerk registers it as a 民终 case with
the dossier verified intact; 浙01's judge sees the original case and court, 西湖's judge and the plaintiff see the 民终
case. Screenshots go to tests/artifacts/ (appeal-*.png)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import consent_to_email_service
from tests.web.test_browser import ARTIFACTS, _sign_in, browser  # noqa: F401 - the module's Chromium fixture

PHONE = {"width": 390, "height": 844}
CAUSE = "房屋租赁合同纠纷"  # the demo's signed, unserved judgment of judge.xihu (court/demo/court.py)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from tests.live_server import live_server

    with live_server(tmp_path_factory.mktemp("appeal-browser")) as (base, _settings):
        yield base


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"appeal-{name}.png"), full_page=True)


def _no_english(page: Any) -> None:
    text = page.locator("main").inner_text()
    for raw in ("filed", "paid", "forwarded", "registered", "affirmed", "Appeal"):
        assert not re.search(rf"\b{raw}\b", text), raw


def test_appeal_to_hz01_with_the_dossier_verified(browser: Any, live: str) -> None:  # noqa: F811
    base = live
    ARTIFACTS.mkdir(exist_ok=True)
    # The judge finds the case whose judgment is signed (not yet served).
    staff = browser.new_context(locale="zh-CN")
    judge = staff.new_page()
    _sign_in(judge, base, "judge.xihu")
    judge.goto(f"{base}/judge")
    judge.locator("#my-cases tr", has_text=CAUSE).locator("a").first.click()
    judge.wait_for_url("**/judge/cases/*")
    case_id = judge.url.rstrip("/").split("/")[-1]
    number = judge.locator("h1").inner_text()

    # The plaintiff consents to electronic service in its portal.
    phone = browser.new_context(locale="zh-CN", viewport=PHONE)
    lit = phone.new_page()
    consent_to_email_service(lit, base, number)

    # The judge serves the signed judgment on the plaintiff's portal inbox.
    judge.get_by_role("link", name="法律文书").click()
    judge.wait_for_url("**/documents")
    judge.locator("table a", has_text="判决书").first.click()
    judge.wait_for_url("**/documents/*")
    judge.get_by_role("link", name="送达本文书").click()
    judge.wait_for_url("**/documents/*/service")
    judge.locator("label", has_text="王丽华").locator("input[name=parties]").check()
    judge.locator("#channel-inbox").check()
    judge.get_by_role("button", name="送达", exact=True).click()
    judge.wait_for_url("**/service")
    for _ in range(120):  # the in-process runner writes the inbox attempt: the delivery event
        if judge.locator(".service-status", has_text="已送达").count() >= 1:
            break
        time.sleep(0.25)
        judge.reload()
    assert judge.locator(".service-status", has_text="已送达").count() >= 1

    # The plaintiff appeals from its case page, within its period, and pays the appeal fee.
    lit.goto(f"{base}/my-cases/{case_id}")
    assert "上诉期" not in lit.locator("#no-appeal").all_inner_texts()
    assert "《民事诉讼法》第171条" in lit.locator("#appeal-period").inner_text()
    _shot(lit, "1-litigant-appeal-button")
    lit.locator("#appeal-button").click()
    lit.wait_for_url("**/appeal")
    lit.locator("#appeal-claims").fill("撤销原判，改判驳回被上诉人的诉讼请求。")
    lit.locator("#appeal-grounds").fill("原审认定租金数额有误，部分租金已经支付。")
    _shot(lit, "2-litigant-appeal-form")
    lit.locator("#appeal-submit").click()
    lit.wait_for_url(f"**/my-cases/{case_id}*")
    assert "已提起上诉，待交上诉费" in lit.locator("#appeal").inner_text()
    assert "浙江省杭州市中级人民法院" in lit.locator("#appeal-court").inner_text()
    assert lit.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    lit.locator("#appeal-pay-button").click()
    lit.wait_for_url("**/pay/simulated/*")
    assert "模拟支付" in lit.locator("#simulated-label").inner_text()
    lit.locator("#confirm-payment").click()
    lit.wait_for_url(f"**/my-cases/{case_id}*")
    assert "已交上诉费，待移送卷宗" in lit.locator("#appeal").inner_text()
    _no_english(lit)
    _shot(lit, "3-litigant-appeal-paid")

    # 西湖's judge sees the appeal on the case page and forwards the whole dossier.
    judge.goto(f"{base}/judge/cases/{case_id}")
    judge.locator("#appeals a", has_text="查看上诉").click()
    judge.wait_for_url("**/appeals/*")
    appeal_url = judge.url
    judge.locator("#forward-button").click()
    judge.wait_for_url(appeal_url)
    assert "已向二审法院移送卷宗" in judge.locator("#appeal-status").inner_text()
    assert judge.locator("#manifest-table tbody tr").count() >= 2
    _no_english(judge)
    _shot(judge, "4-xihu-forwarded")

    # 浙01's clerk registers it: every hash checked against the manifest, a 民终 number.
    hz = browser.new_context(locale="zh-CN")
    clerk = hz.new_page()
    _sign_in(clerk, base, "clerk.hz01")
    clerk.goto(f"{base}/appeals/")
    clerk.locator("#incoming a", has_text=number).click()
    clerk.wait_for_url(appeal_url)
    assert "杭州市西湖区人民法院" in clerk.locator("#original-court").inner_text()
    clerk.locator("#register-button").click()
    clerk.wait_for_url(appeal_url)
    assert clerk.locator("#dossier-verified").is_visible()
    second = clerk.locator("#second-case").inner_text()
    assert re.search(r"（\d{4}）浙01民终\d+号", second)
    _no_english(clerk)
    _shot(clerk, "5-hz01-registered-verified")

    # 浙01's judge (drawn by the registration path) sees the original case and court by name.
    hz_judge = hz.new_page()
    _sign_in(hz_judge, base, "judge.hz01")
    hz_judge.goto(appeal_url)
    assert number in hz_judge.locator("#original-case").inner_text()
    hz_judge.get_by_role("link", name="打开二审案件").click()
    hz_judge.wait_for_url("**/judge/cases/*")
    assert "浙01民终" in hz_judge.locator("h1").inner_text()
    assert number in hz_judge.locator("#appeals").inner_text()
    assert "杭州市西湖区人民法院" in hz_judge.locator("#appeals").inner_text()
    _shot(hz_judge, "6-hz01-second-instance-case")

    # Both courts see each other's status: 西湖's case page and the plaintiff's show the 民终 case.
    judge.goto(f"{base}/judge/cases/{case_id}")
    assert "浙01民终" in judge.locator("#appeals").inner_text()
    assert "二审已立案" in judge.locator("#appeals").inner_text()
    _shot(judge, "7-xihu-sees-second-instance")
    lit.goto(f"{base}/my-cases/{case_id}")
    assert "浙01民终" in lit.locator("#appeal-second-number").inner_text()
    _shot(lit, "8-litigant-sees-second-instance")
    en = browser.new_context(locale="zh-CN")  # signs in on the Chinese form, then reads the page in English
    english = en.new_page()
    _sign_in(english, base, "clerk.hz01")
    english.goto(f"{appeal_url}?lang=en")
    assert "the dossier is intact" in english.locator("#dossier-verified").inner_text()
    _shot(english, "9-hz01-english")
    for context in (staff, phone, hz, en):
        context.close()
