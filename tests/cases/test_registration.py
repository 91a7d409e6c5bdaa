"""Registration (立案) on both engines: the case, its copies, its fee and limit, gapless numbers under load."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest

from court.accounts.policy import Principal
from court.accounts.service import principal_of
from court.accounts.tables import User
from court.cases.fees import FeeKind, assess_fee
from court.cases.numbers import counter_scope
from court.cases.registration import register_filing
from court.cases.tables import Case, CaseClaim, CaseEvent, CaseParty
from court.counters import peek
from court.db import write_transaction
from court.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from court.filing.tables import Filing, FilingClaim, FilingParty
from tests.conftest import app_for

XIHU = "浙0106"
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 10:00 in Hangzhou, Monday 2 March 2026


async def principal(username: str) -> Principal:
    return principal_of(await User.select().where(User.username == username).first())


async def submitted_filing(
    *,
    court: str = XIHU,
    cause: str = "民间借贷纠纷",
    amount: str | None = "150000",
    defendant: str = "陈建国",
    defendant_id: str | None = None,
    parties: bool = True,
    case_type: str = "civil",
    procedure: str = "ordinary",
    filer: str = "litigant.wang",
) -> int:
    """A filing as the filing service leaves it after submission (documents are not needed to register)."""
    filer_id = (await User.select(User.id).where(User.username == filer).first())["id"]
    async with write_transaction():
        filing = Filing(
            status="submitted",
            filer=filer_id,
            receiving_court_code=court,
            competent_court_code=court,
            cause_name=cause,
            amount_in_dispute=Decimal(amount) if amount else None,
            case_type=case_type,
            procedure=procedure,
            submitted_at=NOW,
        )
        await filing.save()
        if parties:
            await FilingParty.insert(
                FilingParty(
                    filing=filing.id,
                    position=0,
                    role="plaintiff",
                    name="王丽华",
                    id_number="330105198307161627",
                    user_id=filer_id,
                ),
                FilingParty(
                    filing=filing.id, position=1, role="defendant", name=defendant, id_number=defendant_id
                ),
            )
            await FilingClaim.insert(
                FilingClaim(
                    filing=filing.id, position=0, text="判令被告归还借款", amount=Decimal(amount or 0)
                )
            )
    return int(filing.id)


async def test_registration_makes_a_case_with_number_fee_limit_and_copies(seeded: Any) -> None:
    clerk = await principal("clerk.xihu")
    fid = await submitted_filing()
    case = await register_filing(clerk, fid, now=NOW)
    assert case["number"] == "（2026）浙0106民初1号"
    # 分案 follows 立案 in the same call: the case comes back with its judge.
    assert (case["year"], case["serial"], case["type_code"], case["status"]) == (2026, 1, "民初", "assigned")
    assert case["judge_id"] is not None
    # FM Art 13(1): 150,000 -> 50 + 90,000 x 2.5% + 50,000 x 2% = 3,300
    assert case["fee"] == assess_fee(FeeKind.PROPERTY, Decimal("150000")).fee == Decimal("3300.00")
    assert case["fee_notice"]["kind"] == "property" and case["fee_notice"]["fee"] == "3300.00"
    # CPL Art 152: six months from 2 March 2026 is 2 September 2026, a Wednesday
    assert case["registered_on"] == date(2026, 3, 2) and case["deadline"] == date(2026, 9, 2)
    parties = (
        await CaseParty.select(CaseParty.role, CaseParty.name)
        .where(CaseParty.case == case["id"])
        .order_by(CaseParty.position)
    )
    assert [(p["role"], p["name"]) for p in parties] == [("plaintiff", "王丽华"), ("defendant", "陈建国")]
    assert await CaseClaim.count().where(CaseClaim.case == case["id"]) == 1
    assert [
        e["kind"] for e in await CaseEvent.select(CaseEvent.kind).where(CaseEvent.case == case["id"])
    ] == ["registered", "assigned"]
    filing = await Filing.select(Filing.status, Filing.decision_reason).where(Filing.id == fid).first()
    assert filing["status"] == "registered" and case["number"] in filing["decision_reason"]


async def test_summary_procedure_halves_the_fee_and_shortens_the_limit(seeded: Any) -> None:
    clerk = await principal("clerk.xihu")
    case = await register_filing(clerk, await submitted_filing(procedure="summary"), now=NOW)
    assert case["fee"] == Decimal("1650.00")  # FM Art 16
    assert case["deadline"] == date(2026, 6, 2)  # CPL Art 164: three months


async def test_registering_twice_gives_the_same_case_and_number(seeded: Any) -> None:
    clerk = await principal("clerk.xihu")
    fid = await submitted_filing()
    first = await register_filing(clerk, fid, now=NOW)
    again = await asyncio.gather(*(register_filing(clerk, fid, now=NOW) for _ in range(5)))
    assert {c["id"] for c in again} == {first["id"]}
    assert await Case.count() == 1
    assert await peek(counter_scope(XIHU, "民初", 2026)) == 1


async def test_concurrent_registrations_number_gaplessly(seeded: Any) -> None:
    clerk = await principal("clerk.xihu")
    n = 32
    filings = [await submitted_filing(defendant=f"被告{i}") for i in range(n)]
    cases = await asyncio.gather(*(register_filing(clerk, fid, now=NOW) for fid in filings))
    assert sorted(c["serial"] for c in cases) == list(range(1, n + 1))
    assert len({c["number"] for c in cases}) == n
    assert {c["filing_id"] for c in cases} == set(filings)


async def test_a_failed_registration_gives_its_number_back(seeded: Any) -> None:
    clerk = await principal("clerk.xihu")
    with pytest.raises(InvalidInput):
        await register_filing(clerk, await submitted_filing(parties=False), now=NOW)
    case = await register_filing(clerk, await submitted_filing(), now=NOW)
    assert case["serial"] == 1


async def test_serials_run_per_type_and_court(seeded: Any) -> None:
    clerk = await principal("clerk.xihu")
    civil = await register_filing(clerk, await submitted_filing(), now=NOW)
    enforcement = await register_filing(clerk, await submitted_filing(case_type="enforcement"), now=NOW)
    yuecheng = await register_filing(
        await principal("clerk.yuecheng"), await submitted_filing(court="浙0602"), now=NOW
    )
    assert (civil["number"], enforcement["number"], yuecheng["number"]) == (
        "（2026）浙0106民初1号",
        "（2026）浙0106执1号",
        "（2026）浙0602民初1号",
    )
    assert enforcement["fee_notice"]["prepaid_by"] is None  # FM Art 20: the debtor bears it after enforcement


async def test_only_a_clerk_of_the_competent_court_registers(seeded: Any) -> None:
    fid = await submitted_filing()
    # Another court's clerk may not even see the filing: told it does not exist (issue 15); the others see it.
    for username, refusal in (
        ("clerk.yuecheng", NotFound),
        ("judge.xihu", PermissionDenied),
        ("litigant.wang", PermissionDenied),
    ):
        with pytest.raises(refusal):
            await register_filing(await principal(username), fid, now=NOW)
    assert await Case.count() == 0


async def test_a_refused_filing_is_not_registered(seeded: Any) -> None:
    fid = await submitted_filing()
    await Filing.update({Filing.status: "refused"}).where(Filing.id == fid)
    with pytest.raises(Conflict):
        await register_filing(await principal("clerk.xihu"), fid, now=NOW)


@pytest.fixture
async def api(seeded: Any) -> AsyncIterator[httpx.AsyncClient]:
    """The app in this test's event loop (a portal thread would strand the PostgreSQL pool on another loop)."""
    app = app_for(seeded)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://court.test") as c:
        yield c


async def test_register_and_fee_over_the_api(api: httpx.AsyncClient) -> None:
    from tests.conftest import sign_in

    client = api
    fid = await submitted_filing()
    headers = await sign_in(client, "clerk.xihu")
    r = await client.post(f"/api/v1/filings/{fid}/register", json={"procedure": "summary"}, headers=headers)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["number"].endswith("民初1号") and body["fee"] == "1650.00" and len(body["parties"]) == 2
    again = await client.post(f"/api/v1/filings/{fid}/register", json={}, headers=headers)
    assert again.json()["id"] == body["id"]
    fee = await client.get("/api/v1/fees", params={"kind": "property", "amount": "1000000"})
    assert fee.status_code == 200 and fee.json()["fee"] == "13800.00"  # FM Art 13(1) worked example
    bad = await client.get("/api/v1/fees", params={"kind": "property", "amount": "-5"})
    assert bad.status_code == 422
    litigant = await sign_in(client, "litigant.wang")
    assert (
        await client.post(f"/api/v1/filings/{fid}/register", json={}, headers=litigant)
    ).status_code == 403
