"""`court audit verify` replays each object's events against its state machine and names an impossible history."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from court.audit.chain import Actor, record, verify
from court.audit.replay import replay_histories
from court.cases.registration import _open_case
from tests.cases.test_registration import NOW, principal, submitted_filing

ROOT = Path(__file__).resolve().parents[2]
CLERK = Actor(user_id=2, role="clerk", court_code="浙0106")


def court_audit_verify(runtime: Any) -> subprocess.CompletedProcess[str]:
    settings = runtime.settings
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURT_")} | {
        "PYTHONPATH": str(ROOT),
        "COURT_DATABASE_URL": settings.database_url,
        "COURT_STORAGE_URL": settings.storage_url,
        "COURT_SECRET_KEY": settings.secret_key,
    }
    return subprocess.run(
        [sys.executable, "-m", "court.cli", "audit", "verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def test_a_clean_log_replays_without_a_problem(demo: Any) -> None:
    # The demo: filings drafted, submitted, returned, registered; cases assigned; an enforcement matter.
    assert await verify() == []
    assert await replay_histories() == []
    out = court_audit_verify(demo)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "every object's history is legal" in out.stdout


async def test_a_second_submission_is_named(seeded: Any) -> None:
    fid = await submitted_filing()
    # What the race of issue 15 left behind: created, submitted, and submitted again (every hash is right).
    seqs = [
        await record(CLERK, action, subject_type="filing", subject_id=fid)
        for action in ("filing.created", "filing.submitted", "filing.submitted")
    ]
    problems = await replay_histories()
    assert [(p.machine, p.subject_id, p.action, p.found, p.target) for p in problems] == [
        ("filing", str(fid), "filing.submitted", "submitted", "submitted")
    ]
    assert problems[0].reference == f"浙0106 #{seqs[2]}"
    assert await verify() == []  # the chain itself is intact: only the replay sees it
    out = court_audit_verify(seeded)
    assert out.returncode == 1
    assert (
        f"filing {fid}: filing.submitted moves submitted to submitted, which is not allowed (浙0106 #{seqs[2]})"
        in out.stdout
    )


async def test_a_refusal_after_registration_is_named(seeded: Any) -> None:
    fid = await submitted_filing()
    await record(CLERK, "filing.created", subject_type="filing", subject_id=fid)
    await record(CLERK, "filing.submitted", subject_type="filing", subject_id=fid)
    # Registered without the assignment that follows it, so the case is still waiting for its judge.
    case = await _open_case(await principal("clerk.xihu"), fid, now=NOW)
    assert await replay_histories() == []
    await record(
        CLERK, "filing.refused", subject_type="filing", subject_id=fid, detail={"reason": "不属于受案范围"}
    )
    await record(
        CLERK, "case.closed", subject_type="case", subject_id=case["id"]
    )  # closed before any judge had it
    problems = {(p.machine, p.found, p.target) for p in await replay_histories()}
    assert problems == {("filing", "registered", "refused"), ("case", "registered", "closed")}


async def test_a_history_must_begin_where_objects_begin(runtime: Any) -> None:
    await record(CLERK, "terminal.revoked", subject_type="terminal", subject_id=5)
    await record(CLERK, "terminal.registered", subject_type="terminal", subject_id=6)
    await record(CLERK, "terminal.revoked", subject_type="terminal", subject_id=6)
    await record(CLERK, "terminal.revoked", subject_type="terminal", subject_id=6)
    problems = [(p.subject_id, p.found, p.target) for p in await replay_histories()]
    assert problems == [("5", None, "revoked"), ("6", "revoked", "revoked")]
