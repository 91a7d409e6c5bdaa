"""Accounts: users, argon2 password hashes, sign-in with lockout, sessions and API tokens."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from court.accounts.policy import Principal
from court.accounts.roles import STAFF_ROLES, Role
from court.accounts.tables import Credential, User
from court.audit.chain import Actor, record
from court.db import write_transaction
from court.errors import Conflict, InvalidInput, NotAuthenticated

_hasher = PasswordHasher()

MAX_FAILED_SIGN_INS = 5
LOCKOUT = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=12)
MIN_PASSWORD_LENGTH = 8
# Hashing the demo users' passwords with full argon2 cost at every seed costs seconds; same algorithm, fewer rounds.
_fast_hasher = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)


def hash_password(password: str, *, fast: bool = False) -> str:
    return (_fast_hasher if fast else _hasher).hash(password)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class IssuedCredential:
    token: str  # shown once; only its hash is stored
    expires_at: datetime
    user_id: int


def principal_of(user: dict[str, Any], scopes: list[str] | None = None, terminal_id: int | None = None) -> Principal:
    return Principal(
        user_id=int(user["id"]),
        role=Role(user["role"]),
        court_code=user.get("court_code"),
        agency_code=user.get("division") if user["role"] == Role.AGENCY_OFFICER else None,
        terminal_id=terminal_id,
        scopes=frozenset(scopes or ["*"]),
    )


async def create_user(
    username: str,
    password: str,
    role: Role,
    *,
    display_name: str = "",
    court_code: str | None = None,
    division: str | None = None,
    id_number: str | None = None,
    locale: str = "zh_CN",
    actor: Actor | None = None,
    fast_hash: bool = False,
) -> int:
    username = username.strip()
    if not username or len(username) > 64:
        raise InvalidInput("username must be 1–64 characters", field="username")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"password must be at least {MIN_PASSWORD_LENGTH} characters", field="password")
    if role in STAFF_ROLES and not court_code:
        raise InvalidInput(f"a {role.value} must be bound to a court", field="court_code")
    async with write_transaction():
        if await User.exists().where(User.username == username):
            raise Conflict("username already taken", field="username")
        user = User(
            username=username,
            display_name=display_name or username,
            password_hash=hash_password(password, fast=fast_hash),
            role=role.value,
            court_code=court_code,
            division=division,
            id_number=id_number,
            locale=locale,
        )
        await user.save()
        await record(
            actor or Actor.system(),
            "user.created",
            subject_type="user",
            subject_id=user.id,
            court_code=court_code,
            detail={"username": username, "role": role.value},
        )
    return int(user.id)


async def sign_in(username: str, password: str, *, now: datetime | None = None) -> IssuedCredential:
    """Check the password; lock the account for LOCKOUT after MAX_FAILED_SIGN_INS failures in a row."""
    now = now or datetime.now(UTC)
    user = await User.objects().where(User.username == username.strip()).first()
    # The same message for an unknown user and a wrong password: no probing for usernames.
    if user is None or not user.active:
        raise NotAuthenticated("wrong username or password")
    if user.locked_until is not None and user.locked_until > now:
        raise NotAuthenticated("account locked after repeated failed sign-ins", locked_until=user.locked_until.isoformat())
    try:
        _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        failed = user.failed_logins + 1
        locked = now + LOCKOUT if failed >= MAX_FAILED_SIGN_INS else None
        await User.update(
            {User.failed_logins: 0 if locked else failed, User.locked_until: locked}
        ).where(User.id == user.id)
        await record(
            Actor(user.id, user.role, user.court_code),
            "user.sign_in_failed" if locked is None else "user.locked",
            subject_type="user",
            subject_id=user.id,
        )
        raise NotAuthenticated("wrong username or password") from None
    await User.update({User.failed_logins: 0, User.locked_until: None}).where(User.id == user.id)
    return await issue_credential(int(user.id), kind="session", lifetime=SESSION_LIFETIME, now=now)


async def issue_credential(
    user_id: int,
    *,
    kind: str,
    lifetime: timedelta,
    scopes: list[str] | None = None,
    label: str = "",
    terminal_id: int | None = None,
    now: datetime | None = None,
) -> IssuedCredential:
    now = now or datetime.now(UTC)
    token = secrets.token_urlsafe(32)
    expires = now + lifetime
    await Credential.insert(
        Credential(
            user=user_id,
            kind=kind,
            token_hash=_token_hash(token),
            label=label,
            scopes=scopes or ["*"],
            expires_at=expires,
            terminal_id=terminal_id,
        )
    )
    return IssuedCredential(token=token, expires_at=expires, user_id=user_id)


def _credential_query(token_hash: str) -> Any:
    return (
        Credential.select(Credential.all_columns(), Credential.user.all_columns(exclude=[User.password_hash]))
        .where(Credential.token_hash == token_hash)
        .first()
    )


_TOKEN_HASH_MARK = "0" * 64  # stands for the token hash while the lookup's SQL is compiled
_credential_sql: dict[str, str] = {}


async def _credential_row(token_hash: str) -> dict[str, Any] | None:
    """The credential and its user, as `_credential_query` selects them. Building and compiling that Piccolo query
    took ~1.1 ms of CPU on every authenticated request, several times the query itself: its SQL is compiled once
    per engine type and then run with the token hash as its one parameter."""
    engine_type = Credential._meta.db.engine_type
    sql = _credential_sql.get(engine_type)
    if sql is None:
        rendered = str(_credential_query(_TOKEN_HASH_MARK).querystrings[0])
        sql = rendered.replace(f"'{_TOKEN_HASH_MARK}'", "{}")
        if sql.count("{") != 1 or sql.count("}") != 1:
            raise RuntimeError(f"cannot make the credential lookup a parameterised statement: {rendered}")
        _credential_sql[engine_type] = sql
    rows = await Credential.raw(sql, token_hash)
    return rows[0] if rows else None


async def authenticate(token: str, *, now: datetime | None = None) -> tuple[Principal, dict[str, Any]]:
    """The principal behind a bearer token or session cookie; NotAuthenticated when unknown, expired or revoked."""
    now = now or datetime.now(UTC)
    row = await _credential_row(_token_hash(token))
    if row is None or row["revoked_at"] is not None or row["expires_at"] <= now or not row["user.active"]:
        raise NotAuthenticated("session expired or unknown; sign in again")
    user = {k.removeprefix("user."): v for k, v in row.items() if k.startswith("user.")}
    scopes = row["scopes"] if isinstance(row["scopes"], list) else json.loads(row["scopes"])
    return principal_of(user, scopes, row["terminal_id"]), user


async def revoke(token: str) -> None:
    await Credential.update({Credential.revoked_at: datetime.now(UTC)}).where(
        Credential.token_hash == _token_hash(token)
    )


async def change_password(user_id: int, old: str, new: str) -> None:
    user = await User.objects().where(User.id == user_id).first()
    if user is None:
        raise NotAuthenticated("unknown user")
    try:
        _hasher.verify(user.password_hash, old)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        raise InvalidInput("the current password is wrong", field="old_password") from None
    if len(new) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"password must be at least {MIN_PASSWORD_LENGTH} characters", field="new_password")
    async with write_transaction():
        await User.update({User.password_hash: hash_password(new)}).where(User.id == user_id)
        # Every other session ends with a password change.
        await Credential.update({Credential.revoked_at: datetime.now(UTC)}).where(
            (Credential.user == user_id) & (Credential.kind == "session")
        )
        await record(Actor(user_id, user.role, user.court_code), "user.password_changed", subject_type="user", subject_id=user_id)
