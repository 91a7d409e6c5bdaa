"""The shared-court kiosk journey in headless Chromium (Debian's package) driven by Playwright: set up the
terminal, sign the operator in, file for a villager with a photographed page, get the receipt, look it up."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from court.demo import DEMO_PASSWORD
from tests.browser import ARTIFACTS, SharedChromium

VILLAGER_ID = "330105198307161627"


@pytest.fixture(scope="module")
def browser(shared_chromium: SharedChromium) -> Iterator[Any]:
    """The test process's Chromium, lent to this module (tests/browser.py)."""
    yield from shared_chromium.lend()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The live server and a registered terminal's device key; made before the browser starts its event loop."""
    from tests.live_server import live_server

    with live_server(tmp_path_factory.mktemp("kiosk")) as (base, _settings):
        yield base, _device_key(base)


def _device_key(base: str) -> str:
    """Register a terminal through the API, as an administrator does; the key is shown once and typed in at setup."""
    import httpx

    with httpx.Client(base_url=base, timeout=30) as http:
        signed = http.post("/api/v1/auth/sign-in", json={"username": "admin", "password": DEMO_PASSWORD})
        assert signed.status_code == 200, signed.text
        made = http.post(
            "/api/v1/terminals",
            headers={"Authorization": f"Bearer {signed.json()['token']}"},
            json={"code": "T-BROWSER", "name": "双流村共享法庭", "court_code": "浙0106", "place": "双流村"},
        )
        assert made.status_code == 201, made.text
        return str(made.json()["device_key"])


def _photo(path: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(image).rectangle((40, 40, 560, 120), outline="black", width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    path.write_bytes(buffer.getvalue())
    return path


def test_operator_files_for_a_villager_at_the_kiosk(
    server: tuple[str, str], browser: Any, tmp_path: Path
) -> None:
    base, device_key = server
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(locale="en-US", viewport={"width": 1024, "height": 768}, has_touch=True)
    page = context.new_page()
    page.goto(f"{base}/kiosk")
    page.wait_for_url("**/kiosk/setup")
    page.locator("#device_key").fill(device_key)
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/kiosk/sign-in")
    page.get_by_label("用户名").fill("operator.shangtian")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/kiosk")
    assert (
        page.locator("html").get_attribute("lang") == "zh-CN"
    )  # Chinese although the browser asks for English
    page.screenshot(path=str(ARTIFACTS / "kiosk-home.png"), full_page=True)

    page.locator("#start-filing").click()
    page.get_by_label("姓名").fill("王丽华")
    page.locator("#id_number").fill(VILLAGER_ID)
    page.screenshot(path=str(ARTIFACTS / "kiosk-identity.png"), full_page=True)
    page.locator("#next").click()
    page.wait_for_url("**/defendant")
    page.locator("#d-name").fill("张三")
    page.locator("#add-defendant").click()
    page.locator("#defendants", has_text="张三").wait_for()
    page.locator("#next").click()
    page.wait_for_url("**/claims")
    page.locator("#claim-text").fill("判令被告归还借款100000元")
    page.locator("#claim-amount").fill("100000")
    page.locator("#add-claim").click()
    page.locator("#claims", has_text="100,000.00").wait_for()
    page.locator("#next").click()
    page.wait_for_url("**/documents")
    assert page.locator("#upload-file").get_attribute("capture") == "environment"
    page.locator("#upload-file").set_input_files(str(_photo(tmp_path / "借条.jpg")))
    page.locator("#upload-button").click()
    page.locator("#upload-progress li.done").wait_for(timeout=20000)
    page.locator("#documents", has_text="借条.jpg").wait_for()
    page.screenshot(path=str(ARTIFACTS / "kiosk-documents.png"), full_page=True)
    page.locator("#next").click()
    page.wait_for_url("**/review")
    assert "2,300.00" in page.locator("#kiosk-fee").inner_text()  # Fee Measures Art. 13(1)
    page.locator("#submit-filing").click()
    page.wait_for_url("**/receipt")
    number = page.locator("#receipt-number").inner_text()
    page.screenshot(path=str(ARTIFACTS / "kiosk-receipt.png"), full_page=True)

    page.goto(f"{base}/kiosk/progress")
    page.locator("#id_number").fill(VILLAGER_ID)
    page.locator("#number").fill(number)
    page.locator("#look-up-button").click()
    page.locator("#progress-status").wait_for()
    page.screenshot(path=str(ARTIFACTS / "kiosk-progress.png"), full_page=True)
    page.goto(f"{base}/kiosk/help/fees")
    page.screenshot(path=str(ARTIFACTS / "kiosk-help-fees.png"), full_page=True)
    context.close()
