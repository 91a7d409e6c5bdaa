"""The demo start page (/demo): shown only with demo data; every line, followed as its user, reaches a screen with
that user's demo work on it — no empty list, no refusal."""

from __future__ import annotations

import re
from html import unescape
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from court.demo import DEMO_PASSWORD, DEMO_USERS
from tests.conftest import app_for
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
    "clerk.hz01": ["杭州市西湖区人民法院", "浙01民终"],
    "judge.hz01": ["杭州市西湖区人民法院", "浙01民终"],
    "registry.officer": ["330602198511020539", "330106197904123356"],
    "clerk.yuecheng": ["买卖合同纠纷"],
    "judge.yuecheng": ["民间借贷纠纷"],
    "operator.shangtian": ["双流村共享法庭终端"],
    "admin": ["DEMO-KIOSK-1"],
}
# The other lines of a user (court.demo.stages), by user and the line's path as written (before its id is filled in).
EXPECTED_ON_LINE = {
    # The lapsing freeze's matter comes first, before the matters registered today.
    ("enforcer.xihu", "/enforcement"): ["（2025）浙0106民初815号", "（2025）浙0106民初1024号"],
    ("enforcer.xihu", "/enforcement/{auction_matter}"): [
        "（2025）浙0106民初3072号",
        "浙(2021)杭州市不动产权第0086421号",
    ],
    ("enforcer.xihu", "/enforcement/{zhongben_matter}"): ["（2025）浙0106民初2563号", "终结本次执行程序"],
    ("litigant.wang", "/enforcement/{zhongben_matter}"): ["（2025）浙0106民初2563号", "终结本次执行程序"],
    ("litigant.wang", "/my/service"): ["上诉"],
    ("lawyer.li", "/my/service"): ["上诉", "杭州湖畔网络科技有限公司"],
    ("judge.xihu", "/cases/{served_case}/service"): ["上诉", "杭州湖畔网络科技有限公司"],
    ("judge.xihu", "/judge/cases/{assigned_case}"): ["网络购物合同纠纷", "已分案"],
    ("clerk.xihu", "/clerk/filings/{review_filing}"): ["合伙合同纠纷", "审查中"],
    ("clerk.xihu", "/clerk/filings/{refuse_filing}"): ["劳动争议", "劳动仲裁"],
}
REFUSALS = ("无权", "没有权限", "no permission", "not allowed", "页面不存在", "Not Found")
# An English sentence on a Chinese page: three English words in a row outside tags, scripts and codes.
ENGLISH = re.compile(r"\b[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){2,}\b")


@pytest.fixture
async def client(client: Any, demo: Any) -> Any:
    return client


def _lines(html: str) -> list[tuple[str, str]]:
    return [(u, unescape(h)) for h, u in re.findall(r'<a href="([^"]+)" data-user="([^"]+)"', html)]


def _all_lines(html: str) -> list[tuple[str, str, str]]:
    """(user, href, the line's path as written) for every line of the start page."""
    return [
        (u, unescape(h), unescape(k))
        for h, u, k in re.findall(
            r'<a href="([^"]+)" data-user="([^"]+)" data-path="[^"]*" data-line="([^"]+)"', html
        )
    ]


def _visible_text(html: str) -> str:
    main = html.split("<main", 1)[-1]
    main = re.sub(r"<(script|style|code|pre)\b.*?</\1>", " ", main, flags=re.S)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


async def test_the_start_page_has_a_line_for_every_demo_user_in_chinese_and_english(client: Any) -> None:
    r = await client.get("/demo")
    assert r.status_code == 200
    users = {u for u, _ in _lines(r.text)}
    assert users == {u[0] for u in DEMO_USERS} == set(EXPECTED_ON_SCREEN)
    assert "演示指南" in r.text and "明天开庭" in r.text and DEMO_PASSWORD in r.text
    key = re.search(r'<code id="kiosk-key">([^<]+)</code>', r.text)
    assert key and "." in key.group(1)
    english = await client.get("/demo?lang=en")
    assert (
        "Demo: where to start" in english.text
        and "a hearing tomorrow" in english.text
        and "演示指南" not in english.text
    )
    # The sign-in page (where "/" sends a visitor) links to it.
    assert 'href="/demo"' in (await client.get("/sign-in")).text


async def _sign_in_from(client: Any, username: str, href: str) -> str:
    """Sign in as `username` from the line's link (the sign-in form with the screen as `next`): the screen's path."""
    client.cookies.clear()
    form_page = await client.get(href)
    assert form_page.status_code == 200
    next_path = parse_qs(urlsplit(href).query)["next"][0]
    assert f'name="next" value="{next_path}"' in form_page.text
    r = await client.post(
        "/sign-in",
        data={
            "username": username,
            "password": DEMO_PASSWORD,
            "next": next_path,
            "csrf_token": _csrf(form_page.text),
        },
    )
    assert r.status_code in (302, 303) and unquote(r.headers["location"]) == next_path
    return next_path


async def _follow(client: Any, username: str, href: str) -> Any:
    """Sign in from the line's link as its user and open the screen it names."""
    return await client.get(await _sign_in_from(client, username, href))


async def test_every_later_stage_line_reaches_its_screen_in_chinese_with_work_on_it(client: Any) -> None:
    """Every line beyond a user's first (the later stages): each followed as its user shows that work, no refusal,
    no empty list, and no English sentence on the Chinese page."""
    start = await client.get("/demo")
    lines = _all_lines(start.text)
    firsts: set[str] = set()
    walked = set()
    for username, href, line in lines:
        if username not in firsts:
            firsts.add(username)  # a user's first line is walked by the test below, with the kiosk's set-up
            continue
        key = (username, line.split(" ", 1)[1])
        assert key in EXPECTED_ON_LINE, f"no expectation for the start page's line {key}"
        screen = await _follow(client, username, href)
        assert screen.status_code == 200, (key, screen.status_code)
        text = _visible_text(screen.text)
        for refusal in REFUSALS:
            assert refusal not in text, (key, refusal)
        for expected in EXPECTED_ON_LINE[key]:
            assert expected in text, (key, expected, text[:1500])
        if key == ("enforcer.xihu", "/enforcement"):
            first, later = EXPECTED_ON_LINE[key]
            assert text.index(first) < text.index(later), "the lapsing freeze is not first on the workbench"
            assert "剩余 -" not in text  # a limit already passed reads as overdue, not as negative days left
        english = ENGLISH.search(text)
        assert english is None, (key, english.group(0) if english else "", text[:1500])
        walked.add(key)
    assert walked == set(EXPECTED_ON_LINE)


@pytest.mark.parametrize("username", sorted(EXPECTED_ON_SCREEN))
async def test_each_line_followed_as_its_user_reaches_a_screen_with_work(client: Any, username: str) -> None:
    start = await client.get("/demo")
    href = next(h for u, h in _lines(start.text) if u == username)  # the user's first line
    kiosk_key = re.search(r'<code id="kiosk-key">([^<]+)</code>', start.text).group(1)  # type: ignore[union-attr]
    next_path = await _sign_in_from(client, username, href)
    if username == "operator.shangtian":
        # The kiosk: set the terminal up with the key the start page shows, then the operator signs in on it.
        setup = await client.get(next_path)
        r = await client.post(next_path, data={"device_key": kiosk_key, "csrf_token": _csrf(setup.text)})
        assert r.status_code in (302, 303), r.text
        sign_in = await client.get(r.headers["location"])
        r = await client.post(
            "/kiosk/sign-in",
            data={"username": username, "password": DEMO_PASSWORD, "csrf_token": _csrf(sign_in.text)},
        )
        assert r.status_code in (302, 303), r.text
        next_path = r.headers["location"]
    screen = await client.get(next_path)
    assert screen.status_code == 200, (username, next_path, screen.status_code)
    text = screen.text
    for refusal in REFUSALS:
        assert refusal not in text, (username, refusal)
    for expected in EXPECTED_ON_SCREEN[username]:
        assert expected in text, (
            username,
            next_path,
            expected,
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text.split("<main", 1)[-1]))[:1500],
        )


async def test_without_demo_data_there_is_no_start_page(seeded: Any) -> None:
    import httpx

    app = app_for(seeded)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        assert (await c.get("/demo")).status_code == 404
        assert 'href="/demo"' not in (await c.get("/sign-in")).text
