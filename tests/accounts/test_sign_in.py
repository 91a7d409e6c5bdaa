"""Sign-in (issue 15, finding 4): a back-off per (account, client) instead of a lock anyone can trigger, and the same
work and the same answer for unknown users."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import httpx
import pytest
from argon2 import PasswordHasher

from court.accounts import backoff, service
from court.accounts.roles import Role
from court.bootstrap import Runtime
from court.demo import DEMO_PASSWORD
from court.errors import NotAuthenticated
from tests.conftest import app_for

PASSWORD = "Correct-Horse-77"


async def test_failures_from_one_client_do_not_stop_the_owner_on_another(runtime: Runtime) -> None:
    await service.create_user("bob", PASSWORD, Role.LITIGANT)
    now = datetime.now(UTC)
    for _ in range(backoff.FREE_FAILURES + 3):
        with pytest.raises(NotAuthenticated):
            await service.sign_in("bob", "wrong password", client="ip:203.0.113.9", now=now)
    # The owner, elsewhere, signs in at once.
    assert (await service.sign_in("bob", PASSWORD, client="ip:198.51.100.7", now=now)).token


async def test_a_client_backs_off_after_repeated_failures_and_the_wait_grows(runtime: Runtime) -> None:
    await service.create_user("bob", PASSWORD, Role.LITIGANT)
    client = "ip:203.0.113.9"
    now = datetime.now(UTC)
    for _ in range(backoff.FREE_FAILURES):
        with pytest.raises(NotAuthenticated) as wrong:
            await service.sign_in("bob", "wrong password", client=client, now=now)
        assert not isinstance(wrong.value, service.SignInDeferred)
    # Deferred: even the right password is not tried until the wait is over.
    with pytest.raises(service.SignInDeferred) as deferred:
        await service.sign_in("bob", PASSWORD, client=client, now=now)
    first_wait = deferred.value.params["retry_after"]
    assert first_wait == backoff.backoff_delay(backoff.FREE_FAILURES)
    later = now + timedelta(seconds=first_wait + 1)
    with pytest.raises(NotAuthenticated):
        await service.sign_in("bob", "still wrong", client=client, now=later)
    with pytest.raises(service.SignInDeferred) as again:
        await service.sign_in("bob", PASSWORD, client=client, now=later)
    assert again.value.params["retry_after"] > first_wait  # each further failure waits longer
    # Once the wait is over the right password works and clears the count.
    after = later + timedelta(seconds=again.value.params["retry_after"] + 1)
    assert (await service.sign_in("bob", PASSWORD, client=client, now=after)).token
    with pytest.raises(NotAuthenticated) as fresh:
        await service.sign_in("bob", "wrong again", client=client, now=after)
    assert not isinstance(fresh.value, service.SignInDeferred)


def test_the_wait_is_bounded() -> None:
    waits = [backoff.backoff_delay(n) for n in range(1, 40)]
    assert waits[: backoff.FREE_FAILURES - 1] == [0] * (backoff.FREE_FAILURES - 1)
    assert waits == sorted(waits) and max(waits) == backoff.MAX_BACKOFF_SECONDS


async def test_an_unknown_user_costs_one_password_verification_like_a_real_one(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same work: the password of an unknown (or look-alike, unusable) username is verified against a dummy argon2
    hash made with the same parameters as a real one. Checked by counting calls, not by timing."""
    await service.create_user("bob", PASSWORD, Role.LITIGANT)
    calls: list[str] = []

    class CountingHasher(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:  # noqa: A002 - argon2's name
            calls.append(str(hash))
            return super().verify(hash, password)

    monkeypatch.setattr(service, "_hasher", CountingHasher())
    for username in ("bob", "nobody", "bob\u200b", "x" * 300):
        with pytest.raises(NotAuthenticated) as refused:
            await service.sign_in(username, "wrong password", client=f"ip:{username[:8]}")
        assert refused.value.detail == "wrong username or password"
    assert len(calls) == 4
    dummy = calls[1]
    assert calls[2] == calls[3] == dummy and calls[0] != dummy
    assert (
        dummy.split("$")[1:4] == service._hasher.hash("x").split("$")[1:4]
    )  # argon2id, same version and cost


async def test_unknown_and_known_users_get_the_same_answer_and_the_same_back_off(client: Any) -> None:
    def comparable(r: httpx.Response) -> tuple[int, dict[str, Any], bool]:
        body = r.json()
        body.pop("instance", None)
        # The wait is counted in whole seconds from each request's own clock: compared below within one second.
        waits.append(int(r.headers.get("retry-after", "0")))
        body["detail"] = body["detail"].replace(str(body.pop("retry_after", "")), "N")
        return r.status_code, body, "retry-after" in r.headers

    waits: list[int] = []

    answers = {}
    for username in ("litigant.wang", "no.such.user"):
        seen = []
        for _ in range(backoff.FREE_FAILURES + 1):
            seen.append(
                comparable(
                    await client.post(
                        "/api/v1/auth/sign-in", json={"username": username, "password": "wrong password"}
                    )
                )
            )
        answers[username] = seen
    assert answers["litigant.wang"] == answers["no.such.user"]
    assert [s[0] for s in answers["litigant.wang"]] == [401] * backoff.FREE_FAILURES + [429]
    deferred = answers["litigant.wang"][-1]
    assert deferred[1]["code"] == "sign_in_deferred" and deferred[2]
    known, unknown = waits[backoff.FREE_FAILURES], waits[-1]
    assert known >= 1 and abs(known - unknown) <= 1


async def test_over_http_the_client_is_the_peer_unless_a_trusted_proxy_says_otherwise(
    seeded: Runtime,
) -> None:
    """Behind a trusted proxy each forwarded client has its own back-off; an untrusted peer's X-Forwarded-For is
    ignored, so rotating it does not reset the back-off."""

    async def attempts(runtime: Runtime, forwarded: list[str], password: str) -> list[int]:
        app = app_for(runtime)  # the process's app, pointed at this runtime and its settings
        codes = []
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as c:
            for xff in forwarded:
                r = await c.post(
                    "/api/v1/auth/sign-in",
                    json={"username": "lawyer.li", "password": password},
                    headers={"X-Forwarded-For": xff},
                )
                codes.append(r.status_code)
        return codes

    spoofed = [f"198.51.100.{n}" for n in range(backoff.FREE_FAILURES + 1)]
    # No trusted proxy (the default): every request is the test client's own address, whatever it claims.
    assert await attempts(seeded, spoofed, "wrong password") == [401] * backoff.FREE_FAILURES + [429]
    assert await attempts(seeded, ["198.51.100.200"], DEMO_PASSWORD) == [429]
    trusting = replace(seeded, settings=replace(seeded.settings, trusted_proxies="127.0.0.1/32"))
    # With the peer trusted, the forwarded address is the client: the owner elsewhere is not held back.
    assert await attempts(trusting, ["198.51.100.200"], DEMO_PASSWORD) == [200]
    # Only the hop the trusted proxy saw counts; what the client wrote before it does not.
    assert await attempts(
        trusting, [f"10.9.9.{n}, 203.0.113.5" for n in range(backoff.FREE_FAILURES + 1)], "wrong password"
    ) == [401] * backoff.FREE_FAILURES + [429]
    # The rightmost address the trusted proxy did not add is the client: another client there is not held back.
    assert await attempts(trusting, ["203.0.113.5, 10.0.0.1"], DEMO_PASSWORD) == [200]


async def test_parallel_guesses_from_one_client_get_no_more_tries_than_sequential_ones(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each attempt is counted before its password is checked, in one transaction: twenty guesses sent at once check
    only FREE_FAILURES passwords; the rest wait, as they would one after another."""
    import asyncio

    await service.create_user("bob", PASSWORD, Role.LITIGANT)
    verified: list[str] = []

    class CountingHasher(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:  # noqa: A002 - argon2's name
            verified.append(str(password))
            return super().verify(hash, password)

    monkeypatch.setattr(service, "_hasher", CountingHasher())

    async def guess(n: int) -> str:
        try:
            await service.sign_in("bob", f"guess number {n}", client="ip:203.0.113.9")
        except service.SignInDeferred:
            return "deferred"
        except NotAuthenticated:
            return "wrong"
        return "signed in"

    outcomes = await asyncio.gather(*(guess(n) for n in range(20)))
    assert sorted(outcomes) == ["deferred"] * (20 - backoff.FREE_FAILURES) + ["wrong"] * backoff.FREE_FAILURES
    assert len(verified) == backoff.FREE_FAILURES


async def test_the_sign_in_page_says_how_long_to_wait(client: Any) -> None:
    import re

    page = await client.get("/sign-in")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    form = {"csrf_token": token, "username": "lawyer.li", "password": "wrong password"}
    codes = [(await client.post("/sign-in", data=form)).status_code for _ in range(backoff.FREE_FAILURES)]
    assert codes == [401] * backoff.FREE_FAILURES
    r = await client.post("/sign-in", data=form | {"password": DEMO_PASSWORD})
    assert r.status_code == 429 and r.headers["content-type"].startswith("text/html")
    wait = int(r.headers["retry-after"])
    assert f"登录失败次数过多，请在 {wait} 秒后再试" in r.text
