"""A terminal session lives only as long as its terminal, and only on that terminal's device.

An operator (庭务主任/网格员) signs in on a terminal with its device key; the session carries that terminal's id.
The bearer token alone must not be enough: a token copied off the device, or kept after the terminal was
revoked, would still file in the terminal's name. So every request of a terminal session shows the device key
again (the `X-Terminal-Key` header from the agent, the `court_terminal` cookie from the kiosk browser), and the
key must be the live key of the session's own terminal. Revoking the terminal therefore ends its sessions on the
next request, whatever else happens to their credentials.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from litestar import Request

from court.accounts.policy import Principal
from court.accounts.roles import Role
from court.errors import NotAuthenticated
from court.terminals.tables import Terminal

DEVICE_HEADER = "x-terminal-key"
DEVICE_COOKIE = "court_terminal"


def device_key_of(request: Request[Any, Any, Any]) -> str | None:
    """The device key a request carries: the agent's header first, else the kiosk browser's cookie."""
    return request.headers.get(DEVICE_HEADER) or request.cookies.get(DEVICE_COOKIE) or None


def _refused(detail: str, key: str) -> NotAuthenticated:
    return NotAuthenticated(detail, message_key=key)


async def check_terminal_session(principal: Principal, device_key: str | None) -> None:
    """Refuse (401) a terminal session without its terminal's live device key, and an operator without a terminal.

    Other principals pass untouched: this costs one indexed read, and only for terminal sessions."""
    if principal.terminal_id is None:
        if principal.role is Role.TERMINAL_OPERATOR:
            # An operator signed in off the terminal (or a token minted from a terminal session, which does not
            # carry the terminal): the operator acts for villagers only at a registered terminal.
            raise _refused(
                "terminal operators work only in a session opened on their terminal",
                "terminal_session_required",
            )
        return
    row = (
        await Terminal.select(Terminal.id, Terminal.key_hash, Terminal.revoked_at)
        .where(Terminal.id == principal.terminal_id)
        .first()
    )
    # Revocation is said first: after it no key helps, and the operator needs to know why the screen stopped.
    if row is None or row["revoked_at"] is not None:
        raise _refused("this terminal has been revoked; its sessions have ended", "terminal_revoked")
    if not device_key:
        raise _refused(
            "a terminal session needs its terminal's device key on every request", "terminal_key_required"
        )
    raw_id, _, secret = device_key.partition(".")
    if raw_id != str(row["id"]) or not hmac.compare_digest(
        row["key_hash"], hashlib.sha256(secret.encode()).hexdigest()
    ):
        raise _refused("the device key is not this session's terminal's", "terminal_key_mismatch")


async def check_request(request: Request[Any, Any, Any], principal: Principal) -> None:
    await check_terminal_session(principal, device_key_of(request))
