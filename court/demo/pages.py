"""The demo start page (/demo): who to sign in as and what to try, one line per role, each linking straight to the
screen. It exists only on a database where `court seed --demo` loaded the demo (court.demo.settings.demo_loaded);
anywhere else — production — it answers 404 like any unknown path."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from litestar import Request, get
from litestar.response import Template

from court.errors import NotFound
from court.web.access import PageController
from court.web.templating import page

# (username, what to try — a page-catalogue msgid, the screen). The msgids are listed for extraction in
# templates/demo/start.html's catalogue block, so pybabel finds them.
DEMO_LINES: list[tuple[str, str, str]] = [
    (
        "litigant.wang",
        "File a case online and follow your filings: one draft, one submitted, one returned, one registered",
        "/filings",
    ),
    ("lawyer.li", "A lawyer's filings: one returned by the court, asking for more material", "/filings"),
    ("clerk.xihu", "The filing queue: decide on a submitted filing (register, return or forward)", "/clerk"),
    (
        "judge.xihu",
        "Your docket: a hearing tomorrow, a judgment to sign, a signed one, a closed case",
        "/judge",
    ),
    ("judge2.xihu", "A second judge of the division, with a case waiting for its first hearing", "/judge"),
    ("leader.xihu", "Approve or refuse a judge's request to extend a time limit", "/leader/inbox"),
    (
        "enforcer.xihu",
        "An enforcement matter with its network inquiry to banks and registries",
        "/enforcement",
    ),
    ("bank.officer", "A bank's tasks from the court: answer an inquiry", "/agency"),
    (
        "clerk.hz01",
        "杭州中院 (浙01): an appeal from 西湖 registered as a second-instance (民终) case, its dossier verified",
        "/appeals/",
    ),
    (
        "judge.hz01",
        "The second-instance (民终) case of the appeal, with the original case and court",
        "/appeals/",
    ),
    (
        "registry.officer",
        "The real-estate registry's tasks from the court: say what property the debtor holds",
        "/agency",
    ),
    ("clerk.yuecheng", "A filing forwarded from 西湖 to 越城, waiting for this court's decision", "/clerk"),
    ("judge.yuecheng", "A registered case at 越城", "/judge"),
    (
        "operator.shangtian",
        "The shared-court kiosk: set it up with the device key below, then file for a villager",
        "/kiosk/setup",
    ),
    ("admin", "The court's terminals (共享法庭) and their state", "/leader/terminals?court=浙0106"),
]


# The later stages (court.demo.stages): `{name}` in a path is the id the demo loader remembered under that name.
DEMO_LINES += [
    (
        "enforcer.xihu",
        "A freeze about to lapse comes first on the workbench: renew it before its term ends",
        "/enforcement",
    ),
    (
        "enforcer.xihu",
        "An online auction round open for bidding from today, its reserve price set at seven tenths of the valuation",
        "/enforcement/{auction_matter}",
    ),
    (
        "enforcer.xihu",
        "A matter concluded as 终本: nothing found, sanctions imposed, the applicant interviewed",
        "/enforcement/{zhongben_matter}",
    ),
    (
        "litigant.wang",
        "Your enforcement matter concluded as 终本: give a property lead to have it resumed",
        "/enforcement/{zhongben_matter}",
    ),
    ("litigant.wang", "A judgment served on you five days ago: the last day to appeal", "/my/service"),
    ("lawyer.li", "A judgment served on your client: the last day to appeal", "/my/service"),
    (
        "judge.xihu",
        "A judgment served on both parties, still within its appeal period",
        "/cases/{served_case}/service",
    ),
    ("judge.xihu", "A case just assigned to you: schedule its first hearing", "/judge/cases/{assigned_case}"),
    (
        "clerk.xihu",
        "A filing under review: register it, ask for more material or refuse it",
        "/clerk/filings/{review_filing}",
    ),
    (
        "clerk.xihu",
        "A refused filing (不予受理) and the reason the filer is told",
        "/clerk/filings/{refuse_filing}",
    ),
]
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def demo_links(ids: dict[str, str] | None = None) -> list[dict[str, str]]:
    """The lines, a user's lines together; a line whose object the demo did not make (no id) is left out."""
    ids = ids or {}
    order = {u: i for i, (u, _, _) in reversed(list(enumerate(DEMO_LINES)))}
    lines = []
    for u, t, p in sorted(DEMO_LINES, key=lambda line: order[line[0]]):
        if any(name not in ids for name in _PLACEHOLDER.findall(p)):
            continue
        path = _PLACEHOLDER.sub(lambda m: ids[m.group(1)], p)
        lines.append(
            {
                "username": u,
                "try": t,
                "path": path,
                "line": f"{u} {p}",
                "href": f"/sign-in?next={quote(path)}",
            }
        )
    return lines


class DemoPages(PageController):
    path = "/demo"

    @get("/")
    async def start(self, request: Request[Any, Any, Any]) -> Template:
        from court.demo import DEMO_PASSWORD
        from court.demo.settings import KIOSK_KEY, demo_link_ids, demo_loaded, demo_setting

        if not await demo_loaded():
            raise NotFound("no such page")
        return page(
            request,
            "demo/start.html",
            lines=demo_links(await demo_link_ids()),
            password=DEMO_PASSWORD,
            kiosk_key=await demo_setting(KIOSK_KEY) or "",
        )
