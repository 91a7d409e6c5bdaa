"""A terminal behind a link that keeps dropping: every queued filing arrives once, whole, with its documents."""

from __future__ import annotations

import asyncio
import hashlib
import time
from pathlib import Path
from typing import Any

import httpx

from court.terminals.agent import TerminalAgent
from testkit.pdfs import make_pdf
from tests.live_server import live_server
from tests.terminals.proxy import DroppingProxy


def _direct(base: str, method: str, path: str, **kw: Any) -> httpx.Response:
    with httpx.Client(base_url=base, timeout=30) as c:
        return c.request(method, path, **kw)


def test_queued_filings_survive_a_dropping_link(tmp_path: Path) -> None:
    with live_server(tmp_path) as (base, settings):
        token = _direct(
            base,
            "POST",
            "/api/v1/auth/sign-in",
            json={"username": "leader.xihu", "password": "court-demo-2026"},
        ).json()["token"]
        reg = _direct(
            base,
            "POST",
            "/api/v1/terminals",
            headers={"authorization": f"Bearer {token}"},
            json={
                "code": "XH-SHUANGLIU-01",
                "name": "双流村共享法庭",
                "court_code": "浙0106",
                "place": "西湖区转塘街道双流村",
            },
        )
        assert reg.status_code == 201, reg.text
        device_key = reg.json()["device_key"]
        port = int(base.rsplit(":", 1)[1])
        with DroppingProxy(port, seed=11) as proxy:
            agent = TerminalAgent(
                proxy.url, device_key, tmp_path / "queue.sqlite3", chunk_size=16 * 1024, timeout=5
            )
            for _ in range(50):
                try:
                    agent.sign_in("operator.shangtian", "court-demo-2026")
                    break
                except httpx.TransportError:
                    time.sleep(0.05)
            expected: dict[str, list[str]] = {}
            for i in range(3):
                docs = []
                for j in range(2):
                    path = tmp_path / f"f{i}-d{j}.pdf"
                    path.write_bytes(make_pdf(pages=2, padding=25_000 + 1000 * j))
                    docs.append((path, "evidence" if j else "complaint"))
                filing = {
                    "receiving_court_code": "浙0106",
                    "cause_name": "民间借贷纠纷",
                    "parties": [
                        {"role": "plaintiff", "name": f"村民{i}", "id_number": "330105198307161627"},
                        {"role": "defendant", "name": "陈建国"},
                    ],
                    "claims": [{"text": "归还借款", "amount": "20000"}],
                }
                local_id = agent.queue_filing(filing, docs)
                expected[local_id] = [hashlib.sha256(p.read_bytes()).hexdigest() for p, _ in docs]
            report = agent.sync_until_done(max_rounds=400, pause=0.01)
            assert not report.pending and not report.refused, report
            assert proxy.dropped > 0, "the link must actually have dropped"

        receipts = {lid: agent.receipt(lid) for lid in expected}
        numbers = {r["filing_number"] for r in receipts.values()}
        assert len(numbers) == 3
        for lid, shas in expected.items():
            assert [d["sha256"] for d in receipts[lid]["documents"]] == shas

        # The server holds exactly these filings: nothing duplicated, nothing half-made.
        async def count() -> list[dict[str, Any]]:
            from court.bootstrap import build_runtime
            from court.filing.tables import Filing, FilingDocument

            build_runtime(settings)
            # Only the filings made at a terminal (the demo data holds others).
            rows = await Filing.select(Filing.id, Filing.number, Filing.status).where(
                Filing.terminal_id.is_not_null()
            )
            for row in rows:
                row["documents"] = (
                    await FilingDocument.select(FilingDocument.sha256)
                    .where(FilingDocument.filing == row["id"])
                    .order_by(FilingDocument.position)
                )
            return rows

        rows = asyncio.run(count())
        submitted = [r for r in rows if r["number"]]
        assert sorted(r["number"] for r in submitted) == sorted(numbers)
        assert all(r["status"] == "submitted" for r in submitted)
        assert len(rows) == 3, "an interrupted create must not leave a second draft behind"
        assert sorted(tuple(d["sha256"] for d in r["documents"]) for r in rows) == sorted(
            tuple(s) for s in expected.values()
        )
