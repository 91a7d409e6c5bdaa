"""Pages name courts from the reference tables, the one source the app reads (not from the seed files)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from court.reference import names
from court.reference.tables import Court
from tests.web.forms import sign_in_by_form


@pytest.fixture(autouse=True)
def fresh_names() -> Iterator[None]:
    # The names are kept per process: each test here starts from its own database and leaves none behind.
    names.forget()
    yield
    names.forget()


async def test_a_page_shows_the_name_the_court_table_holds(client: Any) -> None:
    await Court.update({Court.name: "杭州市西湖区人民法院（更名测试）"}).where(Court.code == "浙0106")
    await sign_in_by_form(client, "clerk.xihu")
    page = await client.get("/account", headers={"Accept-Language": "zh-CN"})
    assert page.status_code == 200, page.text
    assert "杭州市西湖区人民法院（更名测试）" in page.text
    assert names.court_name("浙0106") == "杭州市西湖区人民法院（更名测试）"


async def test_seeding_makes_the_next_page_read_the_names_again(client: Any) -> None:
    from court.reference.service import load_reference_data

    assert (await names.load_court_names())["浙0106"] == "杭州市西湖区人民法院"
    await Court.update({Court.name: "改过的名字"}).where(Court.code == "浙0106")
    await load_reference_data()  # the seed files' name comes back, and the kept names are dropped
    assert names.court_names() == {}
    assert (await names.load_court_names())["浙0106"] == "杭州市西湖区人民法院"


async def test_an_unseeded_table_is_not_kept(runtime: Any) -> None:
    assert await names.load_court_names() == {}
    assert names.court_name("浙0106") == "浙0106"  # shown as it is, and asked again on the next page
