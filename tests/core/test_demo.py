"""Command 1's demo data: a living court — users of every role, filings in each state, a case, a matter."""

from typing import Any

from court.accounts.roles import Role
from court.accounts.tables import User
from court.cases.tables import Case
from court.demo import load_demo_data
from court.execution.tables import EnforcementMatter
from court.filing.tables import Filing


async def test_demo_data_shows_a_living_court_and_loads_once(demo: Any) -> None:
    roles = {r["role"] for r in await User.select(User.role)}
    assert roles == {r.value for r in Role}
    states = sorted(r["status"] for r in await Filing.select(Filing.status))
    assert states == sorted(["submitted", "forwarded", "returned", "registered", "draft"])
    cases = await Case.select(Case.number, Case.judge_id)
    assert len(cases) == 1 and cases[0]["number"].endswith("民初1号") and cases[0]["judge_id"] is not None
    assert await EnforcementMatter.count() == 1
    again = await load_demo_data(demo)
    assert again["users_created"] == 0 and again["demo_filings"] == 0
    assert await Filing.count() == 5
