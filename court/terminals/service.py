"""Terminals: registration with a device key, revocation, heartbeats, operator sign-in, the court's fleet."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime
from typing import Any

from court.accounts.policy import Action, Principal, Resource, ResourceKind, not_found, require
from court.accounts.roles import Role
from court.accounts.service import SESSION_LIFETIME, IssuedCredential, issue_credential, sign_in
from court.accounts.tables import User
from court.audit.chain import Actor, record
from court.db import write_transaction
from court.errors import Conflict, InvalidInput, NotAuthenticated, PermissionDenied
from court.i18n import msg
from court.statemachine import transition
from court.terminals.lifecycle import TERMINAL, TerminalState
from court.terminals.tables import Terminal


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def register_terminal(
    p: Principal, *, code: str, name: str, court_code: str, place: str, division_code: str = ""
) -> dict[str, Any]:
    """Register a terminal to a court; the device key is returned once and only its hash is kept."""
    require(p, Action.ADMINISTER, Resource(ResourceKind.COURT, court_code=court_code))
    if not code.strip() or not name.strip():
        raise InvalidInput("code and name are required", field="code")
    secret = secrets.token_urlsafe(32)
    async with write_transaction():
        if await Terminal.exists().where(Terminal.code == code):
            raise Conflict(msg("terminal %(code)s exists", code=code), field="code")
        row = Terminal(
            code=code,
            name=name,
            court_code=court_code,
            place=place,
            division_code=division_code,
            key_hash=_hash(secret),
        )
        await row.save()
        await record(
            Actor(p.user_id, p.role.value, court_code),
            "terminal.registered",
            subject_type="terminal",
            subject_id=row.id,
            court_code=court_code,
            detail={"code": code, "place": place},
        )
    return {"id": int(row.id), "code": code, "device_key": f"{row.id}.{secret}"}


async def revoke_terminal(p: Principal, terminal_id: int) -> None:
    row = await Terminal.select().where(Terminal.id == terminal_id).first()
    if row is None:
        raise not_found("terminal", terminal_id)
    # Named by id: who may not see the court's fleet is told there is no such terminal, as for a missing id.
    require(
        p,
        Action.ADMINISTER,
        Resource(ResourceKind.COURT, court_code=row["court_code"], ref=("terminal", terminal_id)),
    )
    async with write_transaction():
        # Revoked once: a second (or concurrent) revocation gets 409 and writes no second audit event.
        await transition(
            TERMINAL, terminal_id, TerminalState.REVOKED, values={Terminal.revoked_at: datetime.now(UTC)}
        )
        # Its sessions end with it: court.terminals.binding checks the terminal on every request of a terminal
        # session and answers "this terminal has been revoked". Their credentials are left as they are, so that
        # answer (not a bare "session unknown") is what the operator reads.
        await record(
            Actor(p.user_id, p.role.value, row["court_code"]),
            "terminal.revoked",
            subject_type="terminal",
            subject_id=terminal_id,
            court_code=row["court_code"],
        )


async def device(device_key: str | None) -> dict[str, Any]:
    """The terminal behind a device key; refused when unknown or revoked."""
    if not device_key or "." not in device_key:
        raise NotAuthenticated("this device is not a registered terminal")
    raw_id, secret = device_key.split(".", 1)
    row = await Terminal.select().where(Terminal.id == int(raw_id)).first() if raw_id.isdigit() else None
    if row is None or not hmac.compare_digest(row["key_hash"], _hash(secret)):
        raise NotAuthenticated("this device is not a registered terminal")
    if row["revoked_at"] is not None:
        raise NotAuthenticated("this terminal's key has been revoked")
    return row


async def heartbeat(device_key: str | None, *, version: str, queued_items: int) -> dict[str, Any]:
    row = await device(device_key)
    await Terminal.update(
        {
            Terminal.version: version[:32],
            Terminal.queued_items: max(queued_items, 0),
            Terminal.last_seen_at: datetime.now(UTC),
        }
    ).where(Terminal.id == row["id"])
    return {
        "terminal": row["code"],
        "court_code": row["court_code"],
        "server_time": datetime.now(UTC).isoformat(),
    }


async def operator_sign_in(device_key: str | None, username: str, password: str) -> IssuedCredential:
    """An operator signs in on a terminal: the session is bound to that terminal (and its court)."""
    terminal = await device(device_key)
    issued = await sign_in(
        username, password, client=f"terminal:{terminal['id']}"
    )  # back-off per (operator, terminal)
    user = await User.select(User.role, User.court_code).where(User.id == issued.user_id).first()
    if user is None or user["role"] != Role.TERMINAL_OPERATOR:
        raise PermissionDenied("only terminal operators sign in on a terminal")
    if user["court_code"] != terminal["court_code"]:
        raise PermissionDenied("this operator belongs to another court's terminals")
    bound = await issue_credential(
        issued.user_id,
        kind="session",
        lifetime=SESSION_LIFETIME,
        label=f"terminal {terminal['code']}",
        terminal_id=int(terminal["id"]),
    )
    from court.accounts.service import revoke

    await revoke(issued.token)
    await Terminal.update({Terminal.last_seen_at: datetime.now(UTC)}).where(Terminal.id == terminal["id"])
    return bound


async def fleet(p: Principal, court_code: str) -> list[dict[str, Any]]:
    require(p, Action.VIEW, Resource(ResourceKind.COURT, court_code=court_code))
    return (
        await Terminal.select(
            Terminal.id,
            Terminal.code,
            Terminal.name,
            Terminal.place,
            Terminal.version,
            Terminal.queued_items,
            Terminal.last_seen_at,
            Terminal.revoked_at,
        )
        .where(Terminal.court_code == court_code)
        .order_by(Terminal.code)
    )


async def terminal_of(principal: Principal | None) -> dict[str, Any] | None:
    if principal is None or principal.terminal_id is None:
        return None
    return (
        await Terminal.select(Terminal.code, Terminal.name, Terminal.place)
        .where(Terminal.id == principal.terminal_id)
        .first()
    )
