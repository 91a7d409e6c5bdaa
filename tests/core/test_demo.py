"""Command 1's demo data: a living court — users of every role, filings in each state, judge.xihu's cases at each
stage, a request in the leader's inbox, an enforcement matter, a kiosk terminal; loaded once."""

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from court.accounts.roles import Role
from court.accounts.tables import User
from court.cases.tables import Case, CaseHearing, Courtroom, TimeLimitRequest
from court.demo import load_demo_data
from court.demo.settings import KIOSK_KEY, demo_loaded, demo_setting
from court.documents.tables import CourtDocument
from court.execution.tables import EnforcementMatter
from court.filing.tables import Filing
from court.terminals.service import device
from tests.core.test_demo_stages import _today as demo_day

# The served judgment (court.demo.stages) is judged too; the case just assigned waits for its first hearing.
# judged: awaiting signature is "heard"; signed, served within its appeal period, and appealed to 浙01 are "judged"
EXPECTED = ["assigned", "closed", "heard", "hearing_scheduled", "judged", "judged", "judged"]


async def test_demo_data_shows_a_living_court_and_loads_once(demo: Any) -> None:
    roles = {r["role"] for r in await User.select(User.role)}
    assert roles == {r.value for r in Role}
    states = {r["status"] for r in await Filing.select(Filing.status)}
    assert states == {"submitted", "forwarded", "returned", "registered", "draft", "under_review", "refused"}
    yuecheng = await Case.select(Case.number, Case.judge_id).where(Case.court_code == "浙0602")
    assert (
        len(yuecheng) == 1
        and yuecheng[0]["number"].endswith("民初1号")
        and yuecheng[0]["judge_id"] is not None
    )
    assert await EnforcementMatter.count() == 5
    filings = await Filing.count()
    again = await load_demo_data(demo)
    assert again["users_created"] == 0 and again["demo_filings"] == 0
    assert await Filing.count() == filings


async def test_the_judge_the_readme_names_has_a_case_at_every_stage(demo: Any) -> None:
    judge = await User.select(User.id).where(User.username == "judge.xihu").first()
    cases = await Case.select(Case.id, Case.status, Case.closing_method).where(
        (Case.court_code == "浙0106") & (Case.judge_id == judge["id"])
    )
    assert sorted(c["status"] for c in cases) == EXPECTED, sorted(c["status"] for c in cases)
    # A hearing tomorrow (Shanghai time), in the court's courtroom.
    tomorrow = await demo_day() + timedelta(days=1)  # tomorrow from the day the demo was loaded
    hearings = await CaseHearing.select(CaseHearing.starts_at, CaseHearing.status)
    assert any(
        h["status"] == "scheduled" and h["starts_at"].astimezone(ZoneInfo("Asia/Shanghai")).date() == tomorrow
        for h in hearings
    )
    assert await Courtroom.count().where(Courtroom.court_code == "浙0106") == 1
    # A judgment drafted awaiting signature, and signed ones.
    kinds = {
        (d["status"])
        for d in await CourtDocument.select(CourtDocument.status).where(CourtDocument.kind == "judgment")
    }
    assert "draft" in kinds and len(kinds) == 2
    closed = [c for c in cases if c["status"] == "closed"]
    assert len(closed) == 1 and closed[0]["closing_method"] == "judgment"
    # The leader's inbox has a pending request.
    assert (
        await TimeLimitRequest.count().where(
            (TimeLimitRequest.court_code == "浙0106") & (TimeLimitRequest.status == "pending")
        )
        == 1
    )


async def test_the_demo_flag_and_the_kiosk_key(demo: Any) -> None:
    assert await demo_loaded()
    key = await demo_setting(KIOSK_KEY)
    assert key is not None
    terminal = await device(key)  # the printed key opens the registered kiosk
    assert terminal["court_code"] == "浙0106" and terminal["revoked_at"] is None


async def test_without_the_demo_there_is_no_demo_flag(seeded: Any) -> None:
    assert not await demo_loaded()


async def test_enforcement_has_work_at_several_stages_for_the_officer_and_the_bank(demo: Any) -> None:
    from court.execution.tables import AgencyTaskRow, ControlMeasureRow

    bank = await User.select(User.division).where(User.username == "bank.officer").first()
    tasks = await AgencyTaskRow.select(AgencyTaskRow.state, AgencyTaskRow.action).where(
        AgencyTaskRow.agency_code == bank["division"]
    )
    states = {(t["action"], t["state"]) for t in tasks}
    assert ("inquire", "answered") in states and ("freeze", "answered") in states
    assert any(a == "inquire" and s != "answered" for a, s in states)  # still waiting for the bank's answer
    measures = await ControlMeasureRow.select(ControlMeasureRow.kind)
    assert sorted(m["kind"] for m in measures) == ["freeze_deposit", "freeze_deposit", "seal_real_estate"]
