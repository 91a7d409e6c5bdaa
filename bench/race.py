"""A 20-way race per action against a real server on PostgreSQL: each action must have exactly one winner.

    python -m bench.race [--ways 20] [--sqlite]

Creates a fresh PostgreSQL database on 127.0.0.1:5432 (dropped afterwards; --sqlite: a temporary SQLite file),
starts the court in uvicorn on a loopback port (tests/live_server.py: migrated, reference and demo data loaded,
jobs in-process), and for each action below fires `--ways` identical requests at once from as many connections,
then prints one line: how many requests won, how many got 409 naming the state they found, and anything else.
A winner is a request that changed the state; registering a registered filing again answers with the same case
(registration is idempotent), so registrations that return the one case count as one winner. At the end
`court audit verify` replays every object's audit events against its state machine. Exit status 0 when every
action had exactly one winner and the audit log verifies.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

XIHU = "浙0106"
FILING = {
    "receiving_court_code": XIHU,
    "cause_name": "民间借贷纠纷",
    "amount_in_dispute": "50000",
    "parties": [
        {"role": "plaintiff", "name": "王丽华", "address": "浙江省杭州市西湖区文三路90号"},
        {"role": "defendant", "name": "陈建国", "address": "浙江省杭州市西湖区转塘街道双流村12号"},
    ],
    "claims": [{"text": "判令被告归还借款50000元", "amount": "50000"}],
}


class Race:
    """One server, signed-in users, and a pool of connections wide enough for every request of a race at once."""

    def __init__(self, base: str, ways: int) -> None:
        self.ways = ways
        limits = httpx.Limits(max_connections=ways * 2, max_keepalive_connections=ways * 2)
        self.client = httpx.AsyncClient(base_url=base, timeout=120, limits=limits)
        self.tokens: dict[str, dict[str, str]] = {}
        self.failed = False

    async def who(self, username: str) -> dict[str, str]:
        from court.demo import DEMO_PASSWORD

        if username not in self.tokens:
            r = await self.client.post(
                "/api/v1/auth/sign-in", json={"username": username, "password": DEMO_PASSWORD}
            )
            r.raise_for_status()
            self.tokens[username] = {"Authorization": f"Bearer {r.json()['token']}"}
            self.client.cookies.clear()
        return self.tokens[username]

    async def ok(self, response: Awaitable[httpx.Response]) -> dict:  # type: ignore[type-arg]
        r = await response
        if r.status_code >= 300:
            raise RuntimeError(
                f"set-up step failed: {r.request.method} {r.request.url.path} {r.status_code} {r.text[:300]}"
            )
        return r.json()  # type: ignore[no-any-return]

    async def fire(
        self,
        name: str,
        make: Callable[[int], Awaitable[httpx.Response]],
        winners_of: Callable[[list[httpx.Response]], int] | None = None,
    ) -> None:
        responses = await asyncio.gather(*(make(i) for i in range(self.ways)))
        codes = Counter(r.status_code for r in responses)
        winners = winners_of(responses) if winners_of else sum(n for code, n in codes.items() if code < 300)
        found = Counter(r.json().get("current_status", "?") for r in responses if r.status_code == 409)
        others = {code: n for code, n in codes.items() if code >= 300 and code != 409}
        verdict = "ok" if winners == 1 and not others else "FAIL"
        self.failed |= verdict != "ok"
        states = ", ".join(f"{s}×{n}" for s, n in found.items()) or "-"
        print(
            f"{name:38s} winners {winners}   409 {codes.get(409, 0):3d} (found {states})   other {others or '-'}   {verdict}"
        )

    async def draft(self) -> int:
        wang = await self.who("litigant.wang")
        fid = (await self.ok(self.client.post("/api/v1/filings/", json=FILING, headers=wang)))["id"]
        from court.demo.cases import _complaint_pdf

        pdf = _complaint_pdf(["民事起诉状", "原告王丽华诉被告陈建国民间借贷纠纷", "此致"])
        await self.ok(
            self.client.post(
                f"/api/v1/filings/{fid}/documents",
                params={"filename": "起诉状.pdf", "kind": "complaint"},
                content=pdf,
                headers=wang | {"content-type": "application/octet-stream"},
            )
        )
        return int(fid)

    async def submitted(self) -> int:
        fid = await self.draft()
        await self.ok(
            self.client.post(f"/api/v1/filings/{fid}/submit", headers=await self.who("litigant.wang"))
        )
        return fid

    async def run(self) -> None:
        c, wang, clerk, leader = (
            self.client,
            await self.who("litigant.wang"),
            await self.who("clerk.xihu"),
            await self.who("leader.xihu"),
        )

        fid = await self.draft()
        await self.fire("filing: submit", lambda i: c.post(f"/api/v1/filings/{fid}/submit", headers=wang))

        fid = await self.submitted()

        def register_or_refuse(i: int) -> Awaitable[httpx.Response]:
            if i % 2:
                return c.post(
                    f"/api/v1/filings/{fid}/decision",
                    json={"decision": "refuse", "reason": "不属于受案范围"},
                    headers=clerk,
                )
            return c.post(f"/api/v1/filings/{fid}/register", json={}, headers=clerk)

        def one_outcome(responses: list[httpx.Response]) -> int:
            cases = {r.json()["id"] for r in responses if r.status_code == 201}
            refusals = sum(1 for r in responses if r.status_code == 200)
            return len(cases) + refusals

        await self.fire("filing: register ∥ refuse", register_or_refuse, one_outcome)

        # A case: registered (registration draws its judge, 分案), a hearing booked; then held, then closed, each once.
        drawn = await self.ok(
            c.post(f"/api/v1/filings/{await self.submitted()}/register", json={}, headers=clerk)
        )
        case = drawn
        judge = None
        for name in ("judge.xihu", "judge2.xihu"):
            me = await self.ok(c.get("/api/v1/me", headers=await self.who(name)))
            if me["id"] == drawn["judge_id"]:
                judge = await self.who(name)
        assert judge is not None, "the drawn judge is one of the demo judges"
        room = await self.ok(
            c.post("/api/v1/cases/courtrooms", json={"name": f"竞态法庭{os.getpid()}"}, headers=leader)
        )
        start = (datetime.now(UTC) + timedelta(days=30)).replace(microsecond=0)
        hearing = await self.ok(
            c.post(
                f"/api/v1/cases/{case['id']}/hearings",
                headers=judge,
                json={
                    "courtroom_id": room["id"],
                    "starts_at": start.isoformat(),
                    "ends_at": (start + timedelta(hours=2)).isoformat(),
                },
            )
        )
        await self.fire(
            "case: hearing held",
            lambda i: c.post(
                f"/api/v1/cases/{case['id']}/events",
                json={"kind": "heard", "hearing_id": hearing["id"]},
                headers=judge,
            ),
        )
        await self.fire(
            "case: closed",
            lambda i: c.post(
                f"/api/v1/cases/{case['id']}/events",
                json={"kind": "closed", "note": "调解结案"},
                headers=judge,
            ),
        )

        officer = await self.who("enforcer.xihu")
        matter = await self.ok(
            c.post(
                "/api/v1/matters/",
                headers=officer,
                json={
                    "court_code": XIHU,
                    "title_number": case["number"],
                    "performance_due": "2026-01-10",
                    "parties": [
                        {
                            "role": "applicant",
                            "name": "王丽华",
                            "id_code": "330105198307161627",
                            "principal": "50000",
                        },
                        {"role": "debtor", "name": "陈建国", "id_code": "330106198001011234"},
                    ],
                },
            )
        )
        await self.fire(
            "enforcement matter: close",
            lambda i: c.post(
                f"/api/v1/matters/{matter['id']}/close",
                json={"kind": "terminated", "termination_ground": "applicant_withdrew"},
                headers=officer,
            ),
        )

        terminal = await self.ok(
            c.post(
                "/api/v1/terminals",
                headers=leader,
                json={
                    "code": f"RACE-{os.getpid()}",
                    "name": "双流村共享法庭",
                    "court_code": XIHU,
                    "place": "西湖区转塘街道双流村",
                },
            )
        )
        await self.fire(
            "terminal: revoke", lambda i: c.post(f"/api/v1/terminals/{terminal['id']}/revoke", headers=leader)
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ways", type=int, default=20, help="parallel requests per action")
    parser.add_argument("--sqlite", action="store_true", help="a temporary SQLite file instead of PostgreSQL")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from bench.databases import fresh_postgres
    from court.web import ratelimit
    from court.web.ratelimit import Limit
    from testkit.live_server import live_server

    # The race measures outcomes, not the limiter: every request must reach the state change.
    for name in list(ratelimit.LIMITS):
        ratelimit.LIMITS[name] = Limit(100_000, 60)
    tmp = Path(tempfile.mkdtemp(prefix="court-race-"))
    with ExitStack() as stack:
        database_url = None if args.sqlite else stack.enter_context(fresh_postgres("court_race"))
        base, settings = stack.enter_context(live_server(tmp, database_url=database_url))
        print(f"{args.ways}-way races on {'SQLite' if args.sqlite else 'PostgreSQL'} at {base}")

        async def go() -> bool:
            race = Race(base, args.ways)
            try:
                await race.run()
            finally:
                await race.client.aclose()
            return not race.failed

        all_one = asyncio.run(go())
        env = {
            **os.environ,
            "COURT_DATABASE_URL": settings.database_url,
            "COURT_STORAGE_URL": settings.storage_url,
            "COURT_SECRET_KEY": settings.secret_key,
        }
        audit = subprocess.run(
            [sys.executable, "-m", "court.cli", "audit", "verify"],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        print(f"court audit verify: exit {audit.returncode}: {(audit.stdout + audit.stderr).strip()[:600]}")
        return 0 if all_one and audit.returncode == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
