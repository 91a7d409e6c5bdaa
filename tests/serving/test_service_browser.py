"""Browser journey (Debian's Chromium via Playwright): the judge signs a judgment, the plaintiff confirms its service
address and consent in the portal, the judge records the defendant's, serves both by e-mail over a real SMTP server
on loopback; delivery is recorded and the appeal deadline (CPL Art 171, from the deadline engine) is shown to the
judge for both parties and to the plaintiff in its portal. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from typing import Any

import pytest

from court.cases.deadlines import deadline_for
from court.cases.service import court_today
from tests.browser import consent_to_email_service
from tests.serving.helpers import smtp_server
from tests.web.test_browser import ARTIFACTS, _sign_in, browser  # noqa: F401 - the module's Chromium fixture


@pytest.fixture(scope="module")
def mail_and_live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    from tests.live_server import live_server

    with (
        smtp_server() as (box, port),
        live_server(
            tmp_path_factory.mktemp("service-browser"),
            smtp_host="127.0.0.1",
            smtp_port=port,
            smtp_from="court@yuecheng.example",
        ) as (base, _),
    ):
        yield box, base


def _signed_judgment(browser: Any, base: str) -> tuple[Any, Any, str]:  # noqa: F811
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    _sign_in(page, base, "judge.yuecheng")
    page.goto(f"{base}/judge")
    page.locator("#my-cases a").first.click()
    page.wait_for_url("**/judge/cases/*")
    number = page.locator("h1").inner_text()
    page.get_by_role("link", name="法律文书").click()
    page.get_by_label("根据案件信息起草文书").select_option("judgment")
    page.get_by_role("button", name="起草文书").click()
    page.wait_for_url("**/documents/*")
    page.locator("#section-facts").fill("本院经审理认定事实如下：被告欠付原告货款，到期未付。")
    page.get_by_role("button", name="保存为新版本").click()
    page.wait_for_selector("#saved")
    page.get_by_role("button", name="加盖本院电子签章").click()
    page.wait_for_selector("#verification-code")
    return context, page, number


def test_a_signed_judgment_is_served_by_email_and_both_sides_see_the_appeal_deadline(
    browser: Any,
    mail_and_live: tuple[Any, str],  # noqa: F811
) -> None:
    box, base = mail_and_live
    ARTIFACTS.mkdir(exist_ok=True)
    judge, page, number = _signed_judgment(browser, base)
    document_url = page.url
    sha = page.locator("#pdf-sha256").inner_text()

    # The plaintiff confirms its address and consents to electronic service (送达地址确认书) in its portal.
    portal = browser.new_context(locale="zh-CN")
    lit = portal.new_page()
    consent_to_email_service(lit, base, number)
    assert (
        lit.locator("form.card", has_text=number).get_by_label("电子邮箱").input_value() == "wang@example.cn"
    )

    # The judge records the defendant's confirmation, and a malformed address is refused naming the field.
    page.goto(document_url)
    page.get_by_role("link", name="送达本文书").click()  # from the signed document's page
    page.wait_for_url("**/documents/*/service")
    case_link = page.get_by_role("link", name="本案全部送达及期限")
    case_link.click()
    page.wait_for_url("**/cases/*/service")
    defendant = page.locator("form.card", has_text="被告")
    defendant.get_by_label("电子邮箱").fill("sun@")
    defendant.locator("input[name=consent_electronic]").check()
    case_service = page.url
    with page.expect_navigation() as refused:
        defendant.get_by_role("button", name="确认送达地址").click()
    assert refused.value is not None and refused.value.status == 422
    page.goto(case_service)
    defendant = page.locator("form.card", has_text="被告")
    defendant.get_by_label("电子邮箱").fill("sun@example.cn")
    defendant.locator("input[name=consent_electronic]").check()
    defendant.get_by_role("button", name="确认送达地址").click()
    page.wait_for_url("**/cases/*/service")

    # Serve both parties by e-mail from the document's page.
    page.goto(f"{document_url}/service")
    for box_ in page.locator("input[name=parties]").all():
        box_.check()
    page.locator("#channel-email").check()
    page.get_by_role("button", name="送达", exact=True).click()
    page.wait_for_url("**/service")
    for _ in range(120):  # the in-process runner sends the mail; wait for both delivery events
        if page.locator(".service-status", has_text="已送达").count() == 2:
            break
        time.sleep(0.25)
        page.reload()
    assert page.locator(".service-status", has_text="已送达").count() == 2
    assert sorted(to[0] for to, _ in box.messages) == ["sun@example.cn", "wang@example.cn"]
    for _, message in box.messages:
        [pdf] = [
            p.get_payload(decode=True) for p in message.walk() if p.get_content_type() == "application/pdf"
        ]
        assert hashlib.sha256(pdf).hexdigest() == sha  # the signed judgment itself
    expected = deadline_for("appeal_judgment", court_today())  # CPL Art 171: 15 days from service
    days = {d.inner_text() for d in page.locator(".deadline-day").all()}
    assert days == {expected.deadline.isoformat()}
    page.screenshot(path=str(ARTIFACTS / "service-judgment-served.png"), full_page=True)

    page.get_by_role("link", name="本案全部送达及期限").click()
    rows = page.locator("#service-deadlines tbody tr")
    assert rows.count() == 2
    for row in rows.all():
        text = row.inner_text()
        assert (
            "上诉期（判决）" in text
            and expected.deadline.isoformat() in text
            and "《民事诉讼法》第171条" in text
        )
    page.screenshot(path=str(ARTIFACTS / "service-case-deadlines.png"), full_page=True)
    receipt = page.request.get(f"{base}{page.locator('#services a').first.get_attribute('href')}")
    assert receipt.status == 200
    judge.close()

    # The plaintiff sees the served judgment and its own appeal deadline with rule and article.
    lit.goto(f"{base}/my/service")
    served = lit.locator("#served-documents tbody tr", has_text=number)
    assert served.count() == 1 and court_today().isoformat() in served.inner_text()
    mine = lit.locator("#service-deadlines tbody tr", has_text=number)
    assert mine.count() == 1 and expected.deadline.isoformat() in mine.inner_text()
    assert "《民事诉讼法》第171条" in mine.inner_text() and "上诉期（判决）" in mine.inner_text()
    pdf = lit.request.get(f"{base}{served.get_by_role('link').get_attribute('href')}")
    assert pdf.status == 200 and hashlib.sha256(pdf.body()).hexdigest() == sha
    lit.screenshot(path=str(ARTIFACTS / "service-litigant-portal.png"), full_page=True)
    portal.close()
