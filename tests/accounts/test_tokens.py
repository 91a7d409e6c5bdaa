"""API tokens (issue 15, findings 2 and 5): scopes never widen, unknown scopes are refused, the owner lists and
revokes their tokens, a password change needs a full session and the current password and ends every credential."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from court.accounts.tables import Credential
from court.demo import DEMO_PASSWORD
from tests.conftest import sign_in

NEW_PASSWORD = "Quiet-Harbour-2027"


def _filing() -> dict[str, Any]:
    return {
        "receiving_court_code": "浙0106",
        "cause_name": "民间借贷纠纷",
        "parties": [{"role": "plaintiff", "name": "王丽华"}],
    }


async def _mint(client: Any, headers: dict[str, str], **body: Any) -> Any:
    return await client.post(
        "/api/v1/auth/tokens", json={"label": "test", "days": 1, **body}, headers=headers
    )


def _bearer(response: Any) -> dict[str, str]:
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


async def test_a_view_token_cannot_mint_an_empty_scoped_token_and_file_with_it(client: Any) -> None:
    """Finding 2 as reported: `"scopes": []` was stored and read back as full access."""
    wang = await sign_in(client, "litigant.wang")
    view = _bearer(await _mint(client, wang, scopes=["view"]))
    empty = await _mint(client, view, scopes=[])
    assert empty.status_code == 422, empty.text
    assert empty.json()["code"] == "token_scopes_empty" and empty.json()["field"] == "scopes"
    assert (await client.post("/api/v1/filings", json=_filing(), headers=view)).status_code == 403
    # Not from a full session either: a token with no scope is no token.
    assert (await _mint(client, wang, scopes=[])).status_code == 422


async def test_a_stored_token_without_scopes_grants_nothing(client: Any) -> None:
    """A `[]` token minted before the fix must not keep its accidental full access."""
    wang = await sign_in(client, "litigant.wang")
    token = _bearer(await _mint(client, wang, scopes=["view"]))
    await Credential.update({Credential.scopes: []}).where(Credential.kind == "api_token")
    assert (await client.post("/api/v1/filings", json=_filing(), headers=token)).status_code == 401
    assert (await client.get("/api/v1/me/", headers=token)).status_code == 401


async def test_unknown_scope_names_are_refused_with_the_names(client: Any) -> None:
    wang = await sign_in(client, "litigant.wang")
    r = await _mint(client, wang, scopes=["view", "admin"])
    assert r.status_code == 422, r.text
    body = r.json()
    assert (
        body["code"] == "token_scope_unknown" and body["field"] == "scopes" and body["unknown"] == ["admin"]
    )
    assert "admin" in body["detail"] and "未知" in body["detail"]
    en = await client.post(
        "/api/v1/auth/tokens", json={"scopes": ["root"]}, headers=wang | {"Accept-Language": "en"}
    )
    assert en.status_code == 422 and "unknown" in en.json()["detail"].lower()


async def test_a_scoped_token_mints_only_a_subset_of_its_scopes(client: Any) -> None:
    wang = await sign_in(client, "litigant.wang")
    view = _bearer(await _mint(client, wang, scopes=["view", "read_document"]))
    for wider in (["*"], ["view", "create"], ["create"]):
        r = await _mint(client, view, scopes=wider)
        assert r.status_code == 403 and r.json()["code"] == "token_scope_wider", (wider, r.text)
    narrower = _bearer(await _mint(client, view, scopes=["view"]))
    assert (await _mint(client, narrower, scopes=["view", "read_document"])).status_code == 403
    # A full session may mint any known scope, "*" included.
    assert (await _mint(client, wang, scopes=["*"])).status_code == 201


async def test_a_minted_token_cannot_outlive_the_token_that_minted_it(client: Any) -> None:
    wang = await sign_in(client, "litigant.wang")
    parent = await _mint(client, wang, scopes=["view"], days=1)
    child = await _mint(client, _bearer(parent), scopes=["view"], days=30)
    assert child.status_code == 201
    assert datetime.fromisoformat(child.json()["expires_at"]) <= datetime.fromisoformat(
        parent.json()["expires_at"]
    )


async def test_a_token_cannot_change_the_password(client: Any) -> None:
    wang = await sign_in(client, "litigant.wang")
    for scopes in (["view"], ["*"]):
        token = _bearer(await _mint(client, wang, scopes=scopes))
        r = await client.post(
            "/api/v1/me/password",
            json={"old_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD},
            headers=token,
        )
        assert r.status_code == 403 and r.json()["code"] == "password_change_needs_session", r.text
    # The password is unchanged: the demo password still signs in.
    await sign_in(client, "litigant.wang")


async def test_a_password_change_ends_every_token_and_session_of_the_user(client: Any) -> None:
    wang = await sign_in(client, "litigant.wang")
    other_session = await sign_in(client, "litigant.wang")
    tokens = [_bearer(await _mint(client, wang, scopes=s)) for s in (["view"], ["*"])]
    li = await sign_in(client, "lawyer.li")
    li_token = _bearer(await _mint(client, li, scopes=["view"]))
    wrong = await client.post(
        "/api/v1/me/password",
        json={"old_password": "not-the-password", "new_password": NEW_PASSWORD},
        headers=wang,
    )
    assert wrong.status_code == 422 and wrong.json()["field"] == "old_password"
    assert (
        await client.get("/api/v1/me/", headers=tokens[0])
    ).status_code == 200  # a failed change ends nothing
    ok = await client.post(
        "/api/v1/me/password",
        json={"old_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD},
        headers=wang,
    )
    assert ok.status_code == 204, ok.text
    # Every credential of the user ends, the session that made the change included (documented choice).
    for headers in (wang, other_session, *tokens):
        assert (await client.get("/api/v1/me/", headers=headers)).status_code == 401
    # Another user's credentials are untouched; the new password signs in.
    assert (await client.get("/api/v1/me/", headers=li_token)).status_code == 200
    assert (
        await client.get("/api/v1/me/", headers=await sign_in(client, "litigant.wang", NEW_PASSWORD))
    ).status_code == 200


async def test_the_owner_lists_own_live_tokens_without_secrets(client: Any) -> None:
    wang = await sign_in(client, "litigant.wang")
    minted = [await _mint(client, wang, label=f"ci-{n}", scopes=["view"]) for n in range(2)]
    expired = await _mint(client, wang, label="old", scopes=["view"])
    await Credential.update({Credential.expires_at: datetime.now(UTC) - timedelta(seconds=1)}).where(
        Credential.label == "old"
    )
    li = await sign_in(client, "lawyer.li")
    await _mint(client, li, label="li's", scopes=["view"])
    r = await client.get("/api/v1/auth/tokens", headers=wang)
    assert r.status_code == 200, r.text
    listed = r.json()
    assert [t["label"] for t in listed] == ["ci-0", "ci-1"]
    assert set(listed[0]) == {"id", "label", "scopes", "created_at", "expires_at"}
    assert listed[0]["scopes"] == ["view"]
    text = r.text
    for m in [*minted, expired]:
        assert m.json()["token"] not in text
    assert "token_hash" not in text


async def test_the_owner_revokes_a_token_and_nobody_else_can(client: Any) -> None:
    wang = await sign_in(client, "litigant.wang")
    li = await sign_in(client, "lawyer.li")
    token = _bearer(await _mint(client, wang, label="ci", scopes=["view"]))
    wider = _bearer(await _mint(client, wang, label="full", scopes=["*"]))
    ids = {t["label"]: t["id"] for t in (await client.get("/api/v1/auth/tokens", headers=wang)).json()}
    # Another user gets the same answer as for a token that does not exist.
    assert (await client.delete(f"/api/v1/auth/tokens/{ids['ci']}", headers=li)).status_code == 404
    assert (await client.delete("/api/v1/auth/tokens/999999", headers=li)).status_code == 404
    assert (await client.get("/api/v1/me/", headers=token)).status_code == 200
    # A narrow token cannot end a wider one; it can end itself.
    assert (await client.delete(f"/api/v1/auth/tokens/{ids['full']}", headers=token)).status_code == 403
    assert (await client.get("/api/v1/me/", headers=wider)).status_code == 200
    assert (await client.delete(f"/api/v1/auth/tokens/{ids['ci']}", headers=wang)).status_code == 204
    assert (await client.get("/api/v1/me/", headers=token)).status_code == 401
    listed = (await client.get("/api/v1/auth/tokens", headers=wang)).json()
    assert [t["label"] for t in listed] == ["full"]


async def test_tokens_minted_while_the_password_changes_do_not_survive_it(seeded: object) -> None:
    """Minting and the change lock the user's row: a token minted alongside a password change is either refused or
    ended by it, on PostgreSQL as on SQLite."""
    import asyncio

    from court.accounts import service
    from court.accounts.tables import User
    from court.errors import NotAuthenticated

    issued = await service.sign_in("litigant.wang", DEMO_PASSWORD, client="test")
    session, _ = await service.authenticate(issued.token)

    async def mint(n: int) -> str:
        try:
            await service.mint_token(session, scopes=["view"], label=f"race-{n}", lifetime=timedelta(days=1))
        except NotAuthenticated:
            return "refused"
        return "minted"

    outcomes = await asyncio.gather(
        *(mint(n) for n in range(8)),
        service.change_password(session, DEMO_PASSWORD, NEW_PASSWORD),
        *(mint(n) for n in range(8, 16)),
    )
    assert set(outcomes[:8] + outcomes[9:]) <= {"minted", "refused"}
    uid = (await User.select(User.id).where(User.username == "litigant.wang").first())["id"]
    live = await Credential.count().where((Credential.user == uid) & Credential.revoked_at.is_null())
    assert live == 0
