"""Accounts: argon2 hashes, sessions and scoped API tokens, through the API (the back-off: test_sign_in.py)."""

from datetime import UTC, datetime, timedelta

import pytest

from court.accounts import service
from court.accounts.roles import Role
from court.accounts.tables import User
from court.errors import InvalidInput, NotAuthenticated


async def test_passwords_are_stored_as_argon2_hashes(runtime: object) -> None:
    uid = await service.create_user("alice", "correct horse", Role.LITIGANT)
    row = await User.select(User.password_hash).where(User.id == uid).first()
    assert row["password_hash"].startswith("$argon2id$")
    issued = await service.sign_in("alice", "correct horse")
    principal, _ = await service.authenticate(issued.token)
    assert principal.user_id == uid and principal.role is Role.LITIGANT


async def test_staff_must_be_bound_to_a_court(runtime: object) -> None:
    with pytest.raises(InvalidInput):
        await service.create_user("judge.nobody", "long enough pw", Role.JUDGE)


async def test_expired_and_revoked_credentials_are_refused(runtime: object) -> None:
    uid = await service.create_user("carol", "correct horse", Role.LAWYER)
    issued = await service.issue_credential(
        uid, kind="api_token", lifetime=timedelta(days=1), scopes=["view"]
    )
    principal, _ = await service.authenticate(issued.token)
    assert principal.scopes == frozenset({"view"})
    with pytest.raises(NotAuthenticated):
        await service.authenticate(issued.token, now=datetime.now(UTC) + timedelta(days=2))
    await service.revoke(issued.token)
    with pytest.raises(NotAuthenticated):
        await service.authenticate(issued.token)


async def test_sign_in_me_and_sign_out_over_the_api(client: object) -> None:
    c = client
    r = await c.post("/api/v1/auth/sign-in", json={"username": "clerk.xihu", "password": "wrong password"})
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "not_authenticated" and r.json()["title"] == "请先登录"
    r = await c.post("/api/v1/auth/sign-in", json={"username": "clerk.xihu", "password": "court-demo-2026"})
    assert r.status_code == 200
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    headers = {"Authorization": f"Bearer {r.json()['token']}"}
    c.cookies.clear()
    me = await c.get("/api/v1/me/", headers=headers)
    assert me.status_code == 200 and me.json()["role"] == "clerk" and me.json()["court_code"] == "浙0106"
    assert (await c.post("/api/v1/auth/sign-out", headers=headers)).status_code == 204
    after = await c.get("/api/v1/me/", headers=headers | {"Accept-Language": "en"})
    assert after.status_code == 401 and after.json()["title"] == "Please sign in"


async def test_password_change_ends_other_sessions(client: object) -> None:
    c = client
    r1 = await c.post("/api/v1/auth/sign-in", json={"username": "lawyer.li", "password": "court-demo-2026"})
    r2 = await c.post("/api/v1/auth/sign-in", json={"username": "lawyer.li", "password": "court-demo-2026"})
    c.cookies.clear()
    h1 = {"Authorization": f"Bearer {r1.json()['token']}"}
    h2 = {"Authorization": f"Bearer {r2.json()['token']}"}
    bad = await c.post(
        "/api/v1/me/password", json={"old_password": "nope", "new_password": "new-password-1"}, headers=h1
    )
    assert bad.status_code == 422 and bad.json()["field"] == "old_password"
    ok = await c.post(
        "/api/v1/me/password",
        json={"old_password": "court-demo-2026", "new_password": "new-password-1"},
        headers=h1,
    )
    assert ok.status_code == 204
    assert (await c.get("/api/v1/me/", headers=h2)).status_code == 401
