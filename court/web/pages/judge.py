"""Judge pages: my cases with their time limits, and a case page."""

from __future__ import annotations

from litestar import get
from litestar.response import Redirect

from court.web.pages.access import PageController


class JudgePages(PageController):
    path = "/judge"

    @get("/")
    async def mine(self) -> Redirect:
        return Redirect("/account")
