"""Court leaders' dashboard."""

from __future__ import annotations

from litestar import get
from litestar.response import Redirect

from court.web.pages.access import PageController


class LeaderPages(PageController):
    path = "/leader"

    @get("/")
    async def dashboard(self) -> Redirect:
        return Redirect("/account")
