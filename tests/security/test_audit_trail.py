"""Every change of state and every document read leaves its audit event; `court audit verify` catches tampering."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from court.audit.tables import AuditEvent
from testkit.settings import SECRET
from tests.security.world import World


async def _latest_id() -> int:
    row = await AuditEvent.select(AuditEvent.id).order_by(AuditEvent.id, ascending=False).first()
    return int(row["id"]) if row else 0


def _bearer(w: World, role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {w.tokens[role]}"}


async def test_each_state_change_and_document_read_writes_an_event(
    world_client: Any, court_world: World
) -> None:
    w, c, ids = court_world, world_client, court_world.ids
    new_filing: dict[str, Any] = {}

    async def create() -> Any:
        r = await c.post(
            "/api/v1/filings",
            headers=_bearer(w, "litigant"),
            json={
                "receiving_court_code": "浙0106",
                "cause_name": "民间借贷纠纷",
                "parties": [{"role": "plaintiff", "name": "王丽华"}],
                "claims": [{"text": "还款", "amount": "100"}],
            },
        )
        new_filing.update(r.json())
        return r

    # (what, role, request, subject the event must name): in an order that makes every step valid.
    steps: list[tuple[str, str, Any, str]] = [
        ("filing created", "litigant", create, "filing"),
        (
            "party added",
            "litigant",
            lambda: c.post(
                f"/api/v1/filings/{ids['draft_filing']}/parties",
                headers=_bearer(w, "litigant"),
                json={"role": "defendant", "name": "李四"},
            ),
            "filing",
        ),
        (
            "filing submitted",
            "litigant",
            lambda: c.post(f"/api/v1/filings/{ids['draft_filing']}/submit", headers=_bearer(w, "litigant")),
            "filing",
        ),
        (
            "document read",
            "litigant",
            lambda: c.get(
                f"/api/v1/filings/{ids['submitted_filing']}/documents/{ids['submitted_document']}/content",
                headers=_bearer(w, "litigant"),
            ),
            "document",
        ),
        (
            "filing forwarded",
            "clerk",
            lambda: c.post(
                f"/api/v1/filings/{ids['submitted_filing']}/forward",
                headers=_bearer(w, "clerk"),
                json={"identity_checked": True, "materials_checked": True, "to_court_code": "浙0602"},
            ),
            "filing",
        ),
        (
            "filing decided (under review)",
            "clerk",
            lambda: c.post(
                f"/api/v1/filings/{ids['inbound_filing']}/decision",
                headers=_bearer(w, "clerk"),
                json={"decision": "review"},
            ),
            "filing",
        ),
        (
            "filing registered",
            "clerk",
            lambda: c.post(f"/api/v1/filings/{ids['inbound_filing']}/register", headers=_bearer(w, "clerk")),
            "case",
        ),
        (
            "case reassigned",
            "clerk",
            lambda: c.post(
                f"/api/v1/cases/{ids['case']}/assign",
                headers=_bearer(w, "clerk"),
                json={"judge_id": w.users["judge2.xihu"], "reason": "调整"},
            ),
            "case",
        ),
        (
            "notice issued",
            "enforcement_officer",
            lambda: c.post(
                f"/api/v1/matters/{ids['matter']}/notices",
                headers=_bearer(w, "enforcement_officer"),
                json={"kind": "report_order"},
            ),
            "matter",
        ),
        (
            "notice read",
            "litigant",
            lambda: c.get(
                f"/api/v1/matters/{ids['matter']}/notices/{ids['notice']}", headers=_bearer(w, "litigant")
            ),
            "matter",
        ),
        (
            "payment recorded",
            "enforcement_officer",
            lambda: c.post(
                f"/api/v1/matters/{ids['matter']}/payments",
                headers=_bearer(w, "enforcement_officer"),
                json={"key": "audit-1", "amount": "10"},
            ),
            "matter",
        ),
        (
            "measure renewed",
            "enforcement_officer",
            lambda: c.post(
                f"/api/v1/matters/{ids['matter']}/measures/{ids['measure']}/renew",
                headers=_bearer(w, "enforcement_officer"),
            ),
            "matter",
        ),
    ]
    missing = []
    for what, role, send, subject in steps:
        before = await _latest_id()
        r = await send()
        assert r.status_code < 300, f"{what}: {r.status_code} {r.text[:300]}"
        events = await AuditEvent.select().where(AuditEvent.id > before).order_by(AuditEvent.id)
        user = w.users[
            {"litigant": "litigant.wang", "clerk": "clerk.xihu", "enforcement_officer": "enforcer.xihu"}[role]
        ]
        mine = [e for e in events if e["actor_id"] == user and e["subject_type"] == subject]
        if not mine:
            missing.append(f"{what} ({[(e['action'], e['subject_type']) for e in events]})")
    assert not missing, f"state changes without their audit event: {missing}"
    assert new_filing.get("id")


def _court(tmp: Path, db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "COURT_DATABASE_URL": f"sqlite:{db}",
        "COURT_SECRET_KEY": SECRET,
        "COURT_STORAGE_URL": f"file:{tmp / 'court' / 'blobs'}",
    }
    return subprocess.run(
        [sys.executable, "-m", "court.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )


async def test_audit_verify_exits_non_zero_naming_the_tampered_event(
    world_runtime: Any, tmp_path: Path
) -> None:
    from court.db import close_pool

    await close_pool(world_runtime.engine)
    db = tmp_path / "court" / "court.sqlite3"
    intact = _court(tmp_path, db, "audit", "verify")
    assert intact.returncode == 0, intact.stdout + intact.stderr
    with sqlite3.connect(db) as conn:
        chain, seq = conn.execute(
            "SELECT chain, seq FROM court_audit_event WHERE action LIKE 'filing.%' ORDER BY id LIMIT 1"
        ).fetchone()
        # Someone rewrites who did it, directly in the database.
        conn.execute(
            "UPDATE court_audit_event SET actor_role = 'judge' WHERE chain = ? AND seq = ?", (chain, seq)
        )
    tampered = _court(tmp_path, db, "audit", "verify")
    assert tampered.returncode != 0
    assert f"{chain} #{seq}: altered" in tampered.stdout
