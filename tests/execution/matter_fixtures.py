"""Shared set-up of the matter scenarios: demo principals, a deterministic gateway and a registered matter."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from court.accounts.policy import Principal
from court.accounts.service import principal_of
from court.accounts.tables import User
from court.execution.agencies import Asset, SimulatedGateway
from court.execution.service import COURT_TZ, MatterIn, PartyIn, register_matter

DEBTOR_ID = "330106198001011234"
TITLE = "(2025)浙0106民初4321号"


async def principal(username: str) -> Principal:
    user = await User.select().where(User.username == username).first()
    assert user is not None
    return principal_of(user)


def gateway(*assets: Asset) -> SimulatedGateway:
    return SimulatedGateway(seed=7, holdings={DEBTOR_ID: assets}, failure_rate=0, partial_rate=0)


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), COURT_TZ).astimezone(UTC)


async def new_matter(officer: Principal, today: date, applicants: list[tuple[str, str]], **kw: Any) -> int:
    parties = [
        PartyIn("applicant", name, f"33010619900101{i:04d}", principal=Decimal(amount))
        for i, (name, amount) in enumerate(applicants)
    ]
    parties.append(PartyIn("debtor", "陈建国", DEBTOR_ID))
    data = MatterIn(
        court_code="浙0106", title_number=TITLE, performance_due=date(2026, 1, 10), parties=parties, **kw
    )
    return await register_matter(officer, data, today=today)


USERS = [
    ("enforcer.xihu", "enforcement_officer", "浙0106", "执行局"),
    ("enforcer.yuecheng", "enforcement_officer", "浙0602", "执行局"),
    ("bank.officer", "agency_officer", None, "bank:ICBC"),
    ("bank.ccb", "agency_officer", None, "bank:CCB"),
    ("litigant.wang", "litigant", None, None),
    ("litigant.zhao", "litigant", None, None),
]


async def add_users() -> None:
    """The people of the scenarios (the demo's names, so `sign_in` works), without depending on seed files."""
    from court.accounts.roles import Role
    from court.accounts.service import create_user
    from court.demo import DEMO_PASSWORD

    for username, role, court, division in USERS:
        if not await User.exists().where(User.username == username):
            await create_user(
                username,
                DEMO_PASSWORD,
                Role(role),
                display_name=username,
                court_code=court,
                division=division,
                fast_hash=True,
            )
