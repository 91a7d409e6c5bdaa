"""The demo start page (/demo): shown only with demo data; every line, followed as its user, reaches a screen with
that user's demo work on it — no empty list, no refusal."""

from __future__ import annotations

import re
from html import unescape
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from court.demo import DEMO_PASSWORD, DEMO_USERS
from tests.web.test_judge_leader import _csrf

# What each user's screen must show: a piece of that user's own demo work (a party, a cause, a case status),
# so a page that renders but lists nothing fails.
EXPECTED_ON_SCREEN = {
    "litigant.wang": ["物业服务合同纠纷", "民间借贷纠纷"],
    "lawyer.li": ["机动车交通事故责任纠纷"],
    "clerk.xihu": ["民间借贷纠纷"],
    "judge.xihu": ["已排期", "已开庭", "已裁判", "房屋租赁合同纠纷", "买卖合同纠纷"],
    "judge2.xihu": ["劳务合同纠纷"],
    "leader.xihu": ["案情复杂，需调取银行流水，申请延长审限"],
    "enforcer.xihu": ["（2025）浙0106民初1024号"],
    "bank.officer": ["330602198511020539"],
    "registry.officer": ["330602198511020539", "330106197904123356"],
    "clerk.yuecheng": ["买卖合同纠纷"],
    "judge.yuecheng": ["民间借贷纠纷"],
    "operator.shangtian": ["双流村共享法庭终端"],
    "admin": ["DEMO-KIOSK-1"],
}
REFUSALS = ("无权", "没有权限", "no permission", "not allowed", "页面不存在", "Not Found")


@pytest.fixture
async def client(client: Any, demo: Any) -> Any:
    return client


def _lines(html: str) -> list[tuple[str, str]]:
    return [(u, unescape(h)) for h, u in re.findall(r'<a href="([^"]+)" data-user="([^"]+)"', html)]


async def test_the_start_page_has_a_line_for_every_demo_user_in_chinese_and_english(client: Any) -> None:
    r = await client.get("/demo")
    assert r.status_code == 200
    users = {u for u, _ in _lines(r.text)}
    assert users == {u[0] for u in DEMO_USERS} == set(EXPECTED_ON_SCREEN)
    assert "演示指南" in r.text and "明天开庭" in r.text and DEMO_PASSWORD in r.text
    key = re.search(r'<code id="kiosk-key">([^<]+)</code>', r.text)
    assert key and "." in key.group(1)
    english = await client.get("/demo?lang=en")
    assert "Demo: where to start" in english.text and "a hearing tomorrow" in english.text and "演示指南" not in english.text
    # The sign-in page (where "/" sends a visitor) links to it.
    assert 'href="/demo"' in (await client.get("/sign-in")).text


@pytest.mark.parametrize("username", sorted(EXPECTED_ON_SCREEN))
async def test_each_line_followed_as_its_user_reaches_a_screen_with_work(client: Any, username: str) -> None:
    start = await client.get("/demo")
    href = dict(_lines(start.text))[username]
    kiosk_key = re.search(r'<code id="kiosk-key">([^<]+)</code>', start.text).group(1)  # type: ignore[union-attr]
    client.cookies.clear()
    form_page = await client.get(href)  # the sign-in form, with the screen as `next`
    assert form_page.status_code == 200
    next_path = parse_qs(urlsplit(href).query)["next"][0]
    assert f'name="next" value="{next_path}"' in form_page.text
    r = await client.post("/sign-in", data={"username": username, "password": DEMO_PASSWORD, "next": next_path,
                                            "csrf_token": _csrf(form_page.text)})
    assert r.status_code in (302, 303) and unquote(r.headers["location"]) == next_path
    if username == "operator.shangtian":
        # The kiosk: set the terminal up with the key the start page shows, then the operator signs in on it.
        setup = await client.get(next_path)
        r = await client.post(next_path, data={"device_key": kiosk_key, "csrf_token": _csrf(setup.text)})
        assert r.status_code in (302, 303), r.text
        sign_in = await client.get(r.headers["location"])
        r = await client.post("/kiosk/sign-in", data={"username": username, "password": DEMO_PASSWORD,
                                                      "csrf_token": _csrf(sign_in.text)})
        assert r.status_code in (302, 303), r.text
        next_path = r.headers["location"]
    screen = await client.get(next_path)
    assert screen.status_code == 200, (username, next_path, screen.status_code)
    text = screen.text
    for refusal in REFUSALS:
        assert refusal not in text, (username, refusal)
    for expected in EXPECTED_ON_SCREEN[username]:
        assert expected in text, (username, next_path, expected, re.sub(r'\s+', ' ', re.sub(r'<[^>]+>', ' ', text.split('<main', 1)[-1]))[:1500])


async def test_without_demo_data_there_is_no_start_page(seeded: Any) -> None:
    import httpx

    from court.app import create_app

    app = create_app(runtime=seeded, run_jobs=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        assert (await c.get("/demo")).status_code == 404
        assert 'href="/demo"' not in (await c.get("/sign-in")).text
