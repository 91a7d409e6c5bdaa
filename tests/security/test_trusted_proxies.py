"""COURT_TRUSTED_PROXIES (issue 15, finding 4): whose X-Forwarded-For names the client of the rate limits and the
sign-in back-off. Default none: every peer is the client, whatever header it sends."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import httpx
import pytest

from court.bootstrap import Runtime
from court.errors import InvalidSetting
from court.settings import load_settings
from court.web import ratelimit
from court.web.ratelimit import Limit, forwarded_client
from tests.conftest import app_for


@pytest.mark.parametrize(
    ("peer", "xff", "trusted", "client"),
    [
        ("127.0.0.1", "203.0.113.9", "", "127.0.0.1"),  # nobody trusted: the header is ignored
        ("10.0.0.2", "203.0.113.9", "127.0.0.1", "10.0.0.2"),  # an untrusted peer's header is ignored
        ("127.0.0.1", "203.0.113.9", "127.0.0.1", "203.0.113.9"),
        ("127.0.0.1", "1.2.3.4, 203.0.113.9", "127.0.0.1", "203.0.113.9"),  # the client wrote 1.2.3.4 itself
        (
            "10.0.0.2",
            "1.2.3.4, 203.0.113.9, 10.0.0.7",
            "10.0.0.0/8",
            "203.0.113.9",
        ),  # a chain of trusted proxies
        ("10.0.0.2", "10.0.0.5, 10.0.0.7", "10.0.0.0/8", "10.0.0.5"),  # all trusted: the farthest hop
        ("127.0.0.1", "not-an-address", "127.0.0.1", "127.0.0.1"),  # garbage: the last hop we can vouch for
        ("::1", "2001:db8::5", "::1, 127.0.0.1", "2001:db8::5"),
        ("127.0.0.1", "", "127.0.0.1", "127.0.0.1"),
        ("::ffff:127.0.0.1", "203.0.113.9", "127.0.0.1", "203.0.113.9"),  # a dual-stack socket's IPv4 peer
    ],
)
def test_the_client_is_the_rightmost_address_not_added_by_a_trusted_proxy(
    peer: str, xff: str, trusted: str, client: str
) -> None:
    networks = load_settings({"COURT_TRUSTED_PROXIES": trusted}).trusted_proxy_networks
    assert forwarded_client(peer, xff, networks) == client


def test_the_setting_is_validated() -> None:
    assert load_settings({}).trusted_proxies == ""
    assert load_settings({}).trusted_proxy_networks == ()
    assert (
        len(load_settings({"COURT_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.1,::1"}).trusted_proxy_networks)
        == 3
    )
    with pytest.raises(InvalidSetting) as bad:
        load_settings({"COURT_TRUSTED_PROXIES": "10.0.0.0/8,proxy.local"})
    assert bad.value.variable == "COURT_TRUSTED_PROXIES" and "proxy.local" in str(bad.value)


async def test_rotating_x_forwarded_for_does_not_escape_the_per_address_limit(
    seeded: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ratelimit.LIMITS, "sign_in", Limit(requests=3, window=60))

    async def statuses(runtime: Runtime) -> list[int]:
        app = app_for(runtime)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as c:
            return [
                (
                    await c.post(
                        "/api/v1/auth/sign-in",
                        json={"username": f"u{n}", "password": "wrong password"},
                        headers={"X-Forwarded-For": f"198.51.100.{n}"},
                    )
                ).status_code
                for n in range(5)
            ]

    assert await statuses(seeded) == [401, 401, 401, 429, 429]
    trusting = replace(seeded, settings=replace(seeded.settings, trusted_proxies="127.0.0.1"))
    assert (
        await statuses(trusting) == [401] * 5
    )  # behind a trusted proxy each forwarded address has its bucket


def test_court_serve_leaves_forwarded_headers_to_the_court(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    """uvicorn by default rewrites the peer from X-Forwarded-For for any local peer; the court decides instead."""
    import uvicorn

    from court import cli

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw))
    monkeypatch.setenv("COURT_DATABASE_URL", f"sqlite:{tmp_path / 'c.sqlite3'}")
    assert cli.main(["serve"]) == 0
    assert seen.get("proxy_headers") is False
