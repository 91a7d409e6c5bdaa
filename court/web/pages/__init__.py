"""Server-rendered pages (Jinja + HTMX) for litigants, clerks, judges and court leaders over the same services as the API."""

from __future__ import annotations

from typing import Any


def page_handlers() -> list[Any]:
    from litestar.datastructures import CacheControlHeader
    from litestar.static_files import create_static_files_router

    from court.appeals.pages import AppealLitigantPages, AppealPages
    from court.documents.pages import DocumentPages, VerifyPages
    from court.payments.pages import LitigantCasePages, SimulatedPayPages
    from court.serving.pages import PublicNoticePages, ServicePages
    from court.web.pages.auth import AuthPages
    from court.web.pages.clerk import ClerkPages
    from court.web.pages.demo import DemoPages
    from court.web.pages.enforcement import AgencyPages, EnforcementPages
    from court.web.pages.judge import JudgePages
    from court.web.pages.kiosk import KioskPages
    from court.web.pages.leader import LeaderPages
    from court.web.pages.litigant import LitigantPages
    from court.web.pages.templating import STATIC_DIR

    static = create_static_files_router(
        path="/static",
        directories=[STATIC_DIR],
        include_in_schema=False,
        # An hour: a slow link should not fetch the script twice a session; a deploy changes names when needed.
        cache_control=CacheControlHeader(max_age=3600, public=True),
    )
    return [
        static,
        AuthPages,
        LitigantPages,
        ClerkPages,
        JudgePages,
        LeaderPages,
        EnforcementPages,
        KioskPages,
        DocumentPages,
        VerifyPages,
        AgencyPages,
        ServicePages,
        PublicNoticePages,
        LitigantCasePages,
        SimulatedPayPages,
        DemoPages,
        AppealLitigantPages,
        AppealPages,
    ]
