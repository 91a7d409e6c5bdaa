"""Docket search on both engines: each filter, the user's visibility, and pagination."""

from __future__ import annotations

from datetime import date
from typing import Any

from court.cases.registration import _open_case
from court.cases.search import CaseQuery, search_cases
from court.cases.service import assign_case
from tests.cases.test_registration import NOW, principal, submitted_filing


async def docket() -> list[dict[str, Any]]:
    clerk = await principal("clerk.xihu")
    specs = [
        {"defendant": "陈建国", "defendant_id": "330106198001011234", "cause": "民间借贷纠纷"},
        {"defendant": "杭州某物业管理有限公司", "cause": "物业服务合同纠纷", "filer": "lawyer.li"},
        {"defendant": "陈小明", "cause": "买卖合同纠纷"},
    ]
    # Registered but not assigned (立案 only): the test assigns one case itself and searches by judge.
    cases = [await _open_case(clerk, await submitted_filing(**spec), now=NOW) for spec in specs]
    await _open_case(
        await principal("clerk.yuecheng"), await submitted_filing(court="浙0602", defendant="陈建国"), now=NOW
    )
    return cases


async def numbers(username: str, **query: Any) -> list[str]:
    page = await search_cases(await principal(username), CaseQuery(**query))
    return sorted(item["number"] for item in page["items"])


async def test_each_filter_finds_its_cases_within_the_users_court(seeded: Any) -> None:
    cases = await docket()
    first, second, third = (c["number"] for c in cases)
    assert await numbers("clerk.xihu", number="(2026)浙0106民初0001号") == [first]  # half-width, zero-padded
    assert await numbers("clerk.xihu", number="民初") == sorted([first, second, third])
    assert await numbers("clerk.xihu", party="陈") == sorted([first, third])  # not Yuecheng's 陈建国
    assert await numbers("clerk.xihu", id_number="330106198001011234") == [first]
    assert await numbers("clerk.xihu", cause="物业") == [second]
    assert await numbers("clerk.xihu", party="%") == []  # a wildcard typed by the user is plain text
    judge = await principal("judge.xihu")
    await assign_case(await principal("clerk.xihu"), cases[2]["id"], judge_id=judge.user_id, reason="测试")
    assert await numbers("judge.xihu", judge_id=judge.user_id, status="assigned") == [third]
    assert await numbers("clerk.xihu", registered_from=date(2026, 3, 3)) == []
    assert await numbers("clerk.xihu", registered_to=date(2026, 3, 2), cause="借贷") == [first]


async def test_parties_see_their_own_cases_and_others_none(seeded: Any) -> None:
    cases = await docket()
    assert (
        len(await numbers("litigant.wang")) == 3
    )  # a party (linked user) to all Xihu cases and the Yuecheng one
    assert await numbers("lawyer.li") == [cases[1]["number"]]  # the filer of one
    assert await numbers("bank.officer") == []
    assert await numbers("admin") == []
    assert await numbers("clerk.yuecheng", party="陈建国") == ["（2026）浙0602民初1号"]


async def test_pages_are_bounded_and_cover_every_case_once(seeded: Any) -> None:
    await docket()
    clerk = await principal("clerk.xihu")
    seen: list[str] = []
    for offset in range(0, 4, 2):
        page = await search_cases(clerk, CaseQuery(limit=2, offset=offset))
        assert page["total"] == 3 and len(page["items"]) <= 2
        seen += [i["number"] for i in page["items"]]
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 3
    assert (await search_cases(clerk, CaseQuery(limit=10_000)))["limit"] == 100
