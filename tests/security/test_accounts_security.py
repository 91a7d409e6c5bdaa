"""Accounts under attack: rate limits shared across processes, scoped tokens kept to their scope, no secret in logs."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from court.app import create_app
from court.bootstrap import Runtime
from court.demo import DEMO_PASSWORD
from court.web import ratelimit
from court.web.ratelimit import Limit, RedisCounter, check
from court.web.ratelimit_store import DatabaseCounter
from testkit.services import redis_or_skip
from testkit.settings import SECRET
from tests.conftest import sign_in


def _filing() -> dict[str, Any]:
    return {
        "receiving_court_code": "浙0106",
        "cause_name": "民间借贷纠纷",
        "parties": [{"role": "plaintiff", "name": "王丽华"}],
    }


async def test_sign_in_is_rate_limited_with_a_retry_after_problem(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ratelimit.LIMITS, "sign_in", Limit(requests=3, window=60))
    body = {"username": "litigant.wang", "password": "wrong-password"}
    codes = [(await client.post("/api/v1/auth/sign-in", json=body)).status_code for _ in range(3)]
    assert codes == [401, 401, 401]
    r = await client.post("/api/v1/auth/sign-in", json={"username": "lawyer.li", "password": DEMO_PASSWORD})
    assert r.status_code == 429
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "rate_limited"
    assert 1 <= int(r.headers["retry-after"]) <= 120
    # The page form and the terminal's sign-in share the bucket: another door is no way round it.
    page = await client.post("/sign-in", data={"username": "lawyer.li", "password": DEMO_PASSWORD})
    assert page.status_code == 429


async def test_the_limit_is_shared_by_two_web_processes(
    seeded: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two app instances over one database stand for two web processes: the count is the database's, not theirs."""
    monkeypatch.setitem(ratelimit.LIMITS, "sign_in", Limit(requests=4, window=60))
    body = {"username": "nobody", "password": "wrong-password"}
    apps = [create_app(runtime=seeded, run_jobs=False) for _ in range(2)]
    statuses = []
    for n in range(6):
        transport = httpx.ASGITransport(app=apps[n % 2])
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            statuses.append((await c.post("/api/v1/auth/sign-in", json=body)).status_code)
    assert statuses == [401, 401, 401, 401, 429, 429]


async def test_filing_creation_is_rate_limited_per_user(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ratelimit.LIMITS, "filing", Limit(requests=2, window=60))
    wang = await sign_in(client, "litigant.wang")
    li = await sign_in(client, "lawyer.li")
    made = [
        (await client.post("/api/v1/filings", json=_filing(), headers=wang)).status_code for _ in range(3)
    ]
    assert made == [201, 201, 429]
    # Another filer has a bucket of their own.
    assert (await client.post("/api/v1/filings", json=_filing(), headers=li)).status_code == 201


@pytest.mark.parametrize("limit", [Limit(5, 10), Limit(20, 60)])
async def test_the_window_slides_so_a_burst_at_a_slot_boundary_cannot_double_the_limit(
    runtime: Runtime, limit: Limit
) -> None:
    counter = DatabaseCounter()
    boundary = 1_800_000_000 // limit.window * limit.window + limit.window
    passed = 0
    # A burst just before the slot ends and another just after: a fixed window would let 2 × limit through.
    for t in (boundary - 0.5, boundary + 0.5):
        for _ in range(limit.requests):
            passed += (await check(counter, "burst", limit, now=t)).allowed
    assert passed <= limit.requests + 1
    # Once a whole window has passed the bucket is free again.
    assert (await check(counter, "burst", limit, now=boundary + 2 * limit.window)).allowed


async def test_redis_counter_behaves_like_the_database_counter(runtime: Runtime) -> None:
    from redis import Redis

    redis = Redis.from_url(redis_or_skip())
    bucket = f"test-{os.getpid()}-{datetime.now(UTC).timestamp()}"
    limit = Limit(3, 60)
    now = 1_900_000_000.0
    verdicts = []
    for counter in (RedisCounter(redis), DatabaseCounter()):
        verdicts.append([(await check(counter, bucket, limit, now=now)).allowed for _ in range(5)])
    assert verdicts[0] == verdicts[1] == [True, True, True, False, False]
    refused = await check(RedisCounter(redis), bucket, limit, now=now)
    assert not refused.allowed and refused.retry_after >= 1


async def _token(client: Any, headers: dict[str, str], scopes: list[str], days: int = 1) -> dict[str, str]:
    r = await client.post(
        "/api/v1/auth/tokens", json={"label": "scoped", "scopes": scopes, "days": days}, headers=headers
    )
    assert r.status_code == 201, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


async def test_a_scoped_token_cannot_exceed_its_scope(client: Any) -> None:
    wang = await sign_in(client, "litigant.wang")
    filing = (await client.post("/api/v1/filings", json=_filing(), headers=wang)).json()["id"]
    view_only = await _token(client, wang, ["view"])
    assert (await client.get(f"/api/v1/filings/{filing}", headers=view_only)).status_code == 200
    assert (await client.post("/api/v1/filings", json=_filing(), headers=view_only)).status_code == 403
    claim = {"text": "支付利息"}
    assert (
        await client.post(f"/api/v1/filings/{filing}/claims", json=claim, headers=view_only)
    ).status_code == 403
    assert (await client.post(f"/api/v1/filings/{filing}/submit", headers=view_only)).status_code == 403
    # A token cannot mint itself a wider one.
    escalate = await client.post("/api/v1/auth/tokens", json={"scopes": ["*"]}, headers=view_only)
    assert escalate.status_code == 403
    narrower = await _token(client, view_only, ["view"])
    assert (await client.get(f"/api/v1/filings/{filing}", headers=narrower)).status_code == 200
    # A token scoped to editing may edit but not read documents or view.
    edit_only = await _token(client, wang, ["edit"])
    assert (
        await client.post(f"/api/v1/filings/{filing}/claims", json=claim, headers=edit_only)
    ).status_code == 201
    assert (await client.get(f"/api/v1/filings/{filing}", headers=edit_only)).status_code == 403


async def test_an_expired_token_is_refused(client: Any) -> None:
    from court.accounts.tables import Credential

    wang = await sign_in(client, "litigant.wang")
    token = await _token(client, wang, ["view"])
    assert (await client.get("/api/v1/me", headers=token)).status_code == 200
    await Credential.update({Credential.expires_at: datetime.now(UTC) - timedelta(seconds=1)}).where(
        Credential.kind == "api_token"
    )
    r = await client.get("/api/v1/me", headers=token)
    assert r.status_code == 401 and r.headers["content-type"].startswith("application/problem+json")


async def test_no_password_token_or_secret_key_reaches_the_logs(
    client: Any, caplog: pytest.LogCaptureFixture, tmp_path: Any
) -> None:
    caplog.set_level(logging.DEBUG)
    secrets_seen: list[str] = [DEMO_PASSWORD, SECRET]
    r = await client.post(
        "/api/v1/auth/sign-in", json={"username": "litigant.wang", "password": DEMO_PASSWORD}
    )
    session = r.json()["token"]
    headers = {"Authorization": f"Bearer {session}"}
    token = (await client.post("/api/v1/auth/tokens", json={"label": "ci"}, headers=headers)).json()["token"]
    secrets_seen += [session, token]
    # Error paths that log: a wrong password, a password change with the wrong current one, a bad token, a 404.
    await client.post(
        "/api/v1/auth/sign-in", json={"username": "litigant.wang", "password": "Wrong-Secret-123"}
    )
    secrets_seen.append("Wrong-Secret-123")
    await client.post(
        "/api/v1/me/password",
        json={"old_password": "Not-The-One-456", "new_password": "New-Secret-789"},
        headers=headers,
    )
    secrets_seen += ["Not-The-One-456", "New-Secret-789"]
    await client.get("/api/v1/me", headers={"Authorization": "Bearer forged-token-value-000"})
    await client.get("/api/v1/filings/999999", headers=headers)
    env = {
        **os.environ,
        "COURT_SECRET_KEY": SECRET + "-cli",
        "COURT_DATABASE_URL": f"sqlite:{tmp_path / 'c.sqlite3'}",
        "COURT_STORAGE_URL": "s3://ACCESSKEY:SuperSecretS3Key@127.0.0.1:9/bucket",
    }
    cli = subprocess.run(
        [sys.executable, "-m", "court.cli", "config"], env=env, capture_output=True, text=True, timeout=60
    )
    secrets_seen += [SECRET + "-cli", "SuperSecretS3Key"]
    logged = caplog.text + cli.stdout + cli.stderr
    assert cli.returncode == 0 and '"secret_key": "***"' in cli.stdout, cli.stderr
    leaked = [s for s in secrets_seen if s in logged]
    assert not leaked, f"secrets in logs or CLI output: {[s[:6] + '…' for s in leaked]}"
