"""The demo start page (/demo): who to sign in as and what to try, one line per role, each linking straight to the
screen. It exists only on a database where `court seed --demo` loaded the demo (court.demo.demo_loaded); anywhere
else — production — it answers 404 like any unknown path."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Request, get
from litestar.response import Template

from court.errors import NotFound
from court.web.pages.access import PageController
from court.web.pages.templating import page

# (username, what to try — a page-catalogue msgid, the screen). The msgids are listed for extraction in
# templates/demo/start.html's catalogue block, so pybabel finds them.
DEMO_LINES: list[tuple[str, str, str]] = [
    ("litigant.wang", "File a case online and follow your filings: one draft, one submitted, one returned, one registered", "/filings"),
    ("lawyer.li", "A lawyer's filings: one returned by the court, asking for more material", "/filings"),
    ("clerk.xihu", "The filing queue: decide on a submitted filing (register, return or forward)", "/clerk"),
    ("judge.xihu", "Your docket: a hearing tomorrow, a judgment to sign, a signed one, a closed case", "/judge"),
    ("judge2.xihu", "A second judge of the division, with a case waiting for its first hearing", "/judge"),
    ("leader.xihu", "Approve or refuse a judge's request to extend a time limit", "/leader/inbox"),
    ("enforcer.xihu", "An enforcement matter with its network inquiry to banks and registries", "/enforcement"),
    ("bank.officer", "A bank's tasks from the court: answer an inquiry", "/agency"),
    ("registry.officer", "The real-estate registry's tasks from the court: say what property the debtor holds", "/agency"),
    ("clerk.yuecheng", "A filing forwarded from 西湖 to 越城, waiting for this court's decision", "/clerk"),
    ("judge.yuecheng", "A registered case at 越城", "/judge"),
    ("operator.shangtian", "The shared-court kiosk: set it up with the device key below, then file for a villager", "/kiosk/setup"),
    ("admin", "The court's terminals (共享法庭) and their state", "/leader/terminals?court=浙0106"),
]


def demo_links() -> list[dict[str, str]]:
    return [{"username": u, "try": t, "path": p, "href": f"/sign-in?next={quote(p)}"} for u, t, p in DEMO_LINES]


class DemoPages(PageController):
    path = "/demo"

    @get("/")
    async def start(self, request: Request[Any, Any, Any]) -> Template:
        from court.demo import DEMO_PASSWORD, KIOSK_KEY, demo_loaded, demo_setting

        if not await demo_loaded():
            raise NotFound("no such page")
        return page(request, "demo/start.html", lines=demo_links(), password=DEMO_PASSWORD,
                    kiosk_key=await demo_setting(KIOSK_KEY) or "")
