"""The clerk's review page of a routed filing shows the engine's reasons in the reader's language (issue 16)."""

from __future__ import annotations

from pathlib import Path

import httpx

from court.app import create_app
from court.db import close_pool
from tests.security.route_matrix import ROWS
from tests.security.world import copy_of_world, world
from tests.web.test_untranslated import _get, english_in_chinese, visible_text


async def test_the_review_page_shows_routing_reasons_in_chinese_and_english(tmp_path: Path) -> None:
    w = world()
    rt = await copy_of_world(tmp_path)
    app = create_app(runtime=rt, run_jobs=False)
    template = "/clerk/filings/{filing_id:int}"
    row = ROWS[("GET", template)]
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as c:
            zh = await _get(c, template, row, "clerk", w, "zh_CN")
            en = await _get(c, template, row, "clerk", w, "en")
    finally:
        await close_pool(rt.engine)
    assert zh.status_code == en.status_code == 200
    assert "routing-reason" in zh.text or "routing-needs" in zh.text, "the world's submitted filing is routed"
    assert not [bad for part in visible_text(zh.text) if (bad := english_in_chinese(part))]
    assert "routing-reason" in en.text or "routing-needs" in en.text
