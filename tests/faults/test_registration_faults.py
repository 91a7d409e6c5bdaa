"""PostgreSQL restarting during registration (立案): the case is registered whole or not at all, the clerk gets a
503 problem (never a 500 or a hang), and the retry numbers gaplessly.

The app reaches PostgreSQL through a proxy of the test's own (tests/faults/proxy.py): the shared server is never
restarted; the proxy cuts every connection and refuses new ones for a moment, which is what a restart looks like
from the app.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from court.bootstrap import Runtime
from court.cases import registration
from court.cases.numbers import counter_scope
from court.cases.tables import Case, CaseEvent, CaseParty
from court.counters import peek
from court.filing import service as filing_service
from court.filing.tables import Filing
from testkit.services import PG_HOST, PG_PORT, fresh_postgres_database
from testkit.settings import make_settings
from tests.cases.test_registration import XIHU, submitted_filing
from tests.conftest import app_for, build_template, sign_in, start_runtime
from tests.faults.proxy import ThreadedProxy
from tests.templates import Level, postgres_template

pytestmark = pytest.mark.postgres

REQUEST_TIMEOUT = 30  # a request that outlives this has hung


@pytest.fixture
async def proxied(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[tuple[Runtime, ThreadedProxy]]:
    """A fresh database, seeded, whose every connection goes through a fault proxy."""
    from court.db import close_pool

    # A copy of the process's migrated and seeded template (thousands of small statements, made once, directly):
    # only the test's own traffic takes the proxy.
    template = await postgres_template(
        Level.SEEDED, tmp_path_factory.getbasetemp() / "court-templates", build_template
    )
    async with fresh_postgres_database(template) as url:
        # Its own thread and loop: Piccolo also connects from a thread of its own (the server version at start).
        with ThreadedProxy(PG_HOST, PG_PORT) as proxy:
            via_proxy = url.replace(f"{PG_HOST}:{PG_PORT}", f"127.0.0.1:{proxy.port}")
            assert via_proxy != url
            rt = await start_runtime(make_settings(via_proxy, tmp_path), migrate=False)
            try:
                yield rt, proxy
            finally:
                await close_pool(rt.engine)


@pytest.fixture
async def api(proxied: tuple[Runtime, ThreadedProxy]) -> AsyncIterator[httpx.AsyncClient]:
    app = app_for(proxied[0])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        yield c


async def _register(api: httpx.AsyncClient, headers: dict[str, str], filing_id: int) -> httpx.Response:
    return await asyncio.wait_for(
        api.post(f"/api/v1/filings/{filing_id}/register", json={}, headers=headers), REQUEST_TIMEOUT
    )


async def _until_up(proxy: ThreadedProxy) -> None:
    for _ in range(100):
        if proxy.up:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the proxy never came back")


def _after(
    original: Callable[..., Awaitable[Any]], fault: Callable[[], None]
) -> Callable[..., Awaitable[Any]]:
    async def wrapped(*args: Any, **kwargs: Any) -> Any:
        result = await original(*args, **kwargs)
        fault()
        return result

    return wrapped


# Where in the registration transaction PostgreSQL goes away: the module attribute wrapped, and what has been
# written (inside the transaction) when it does.
FAULT_POINTS = [
    pytest.param(registration, "allocate_case_number", id="after-the-serial-was-taken"),
    pytest.param(registration, "_copy_filing", id="after-the-case-row-and-copies"),
    pytest.param(filing_service, "move", id="after-the-filing-moved-to-registered"),
    pytest.param(registration, "log_event", id="after-the-audit-event-before-commit"),
]


async def _state(filing_id: int) -> dict[str, Any]:
    from court.audit.tables import AuditEvent

    case = await Case.select(Case.id, Case.number, Case.serial).where(Case.filing_id == filing_id).first()
    filing = await Filing.select(Filing.status).where(Filing.id == filing_id).first()
    events = await CaseEvent.count().where(CaseEvent.case == case["id"]) if case else 0
    parties = await CaseParty.count().where(CaseParty.case == case["id"]) if case else 0
    audit = (
        await AuditEvent.count().where(
            (AuditEvent.action == "case.registered") & (AuditEvent.subject_id == str(case["id"]))
        )
        if case
        else 0
    )
    return {"case": case, "status": filing["status"], "events": events, "parties": parties, "audit": audit}


@pytest.mark.parametrize(("module", "name"), FAULT_POINTS)
async def test_postgres_restarting_mid_registration_registers_nothing_and_the_retry_numbers_gaplessly(
    proxied: tuple[Runtime, ThreadedProxy],
    api: httpx.AsyncClient,
    monkeypatch: pytest.MonkeyPatch,
    module: Any,
    name: str,
) -> None:
    _, proxy = proxied
    clerk = await sign_in(api, "clerk.xihu")
    first, second, third = [await submitted_filing(defendant=f"被告{i}") for i in range(3)]
    assert (await _register(api, clerk, first)).json()["serial"] == 1

    monkeypatch.setattr(module, name, _after(getattr(module, name), proxy.restart))
    r = await _register(api, clerk, second)
    monkeypatch.undo()
    assert proxy.cuts == 1, "the fault never happened"
    assert r.status_code == 503, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "service_unavailable"

    await _until_up(proxy)
    # Not at all: no case, the filing still waits, the serial was given back, no event or audit entry.
    state = await _state(second)
    assert state == {"case": None, "status": "submitted", "events": 0, "parties": 0, "audit": 0}
    assert await peek(counter_scope(XIHU, "民初", await _year())) == 1

    # The clerk presses the button again: the case takes the next serial, and the one after follows on.
    again = await _register(api, clerk, second)
    assert again.status_code == 201, again.text
    assert again.json()["serial"] == 2
    assert (await _register(api, clerk, third)).json()["serial"] == 3
    state = await _state(second)
    # Two case events: registered, and assigned (分案 follows 立案 in the same call).
    assert (state["status"], state["events"], state["parties"], state["audit"]) == ("registered", 2, 2, 1)
    assert sorted(r["serial"] for r in await Case.select(Case.serial)) == [1, 2, 3]


async def _year() -> int:
    row = await Case.select(Case.year).first()
    return int(row["year"])


async def test_a_registration_whose_commit_reply_was_lost_is_whole_and_the_retry_returns_the_same_case(
    proxied: tuple[Runtime, ThreadedProxy], api: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hardest moment: PostgreSQL committed, then the connection died before the app heard so."""
    _, proxy = proxied
    clerk = await sign_in(api, "clerk.xihu")
    first, second = [await submitted_filing(defendant=f"被告{i}") for i in range(2)]

    monkeypatch.setattr(
        registration, "log_event", _after(registration.log_event, proxy.lose_next_commit_reply)
    )
    r = await _register(api, clerk, first)
    monkeypatch.undo()
    assert proxy.commits_lost == 1, "the fault never happened"
    assert r.status_code == 503, r.text
    assert r.json()["code"] == "service_unavailable"

    # Whole: the case, its number, the filing's move and its audit entry all committed together.
    state = await _state(first)
    assert state["case"] is not None and state["case"]["serial"] == 1
    assert (state["status"], state["events"], state["parties"], state["audit"]) == ("registered", 1, 2, 1)
    # The retry finds the case instead of numbering it twice.
    again = await _register(api, clerk, first)
    assert again.status_code == 201, again.text
    assert (again.json()["id"], again.json()["number"]) == (state["case"]["id"], state["case"]["number"])
    assert again.json()["judge_id"] is not None  # the retry also does the 分案 the lost reply cut short
    assert (await _register(api, clerk, second)).json()["serial"] == 2
    assert await Case.count() == 2
