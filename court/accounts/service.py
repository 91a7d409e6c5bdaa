"""Accounts: users, argon2 password hashes, sign-in with a back-off per (account, client), sessions and API tokens."""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from court.accounts import backoff
from court.accounts.backoff import FREE_FAILURES, backoff_delay
from court.accounts.policy import Action, Principal
from court.accounts.roles import STAFF_ROLES, Role
from court.accounts.rules import check_password, normalize_username
from court.accounts.tables import Credential, User
from court.audit.chain import Actor, record
from court.db import write_transaction
from court.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from court.i18n import msg

log = logging.getLogger("court.accounts")

_hasher = PasswordHasher()

SESSION_LIFETIME = timedelta(hours=12)
# Names a token may be scoped to: "*" (everything its owner may do) or one action of the access policy.
KNOWN_SCOPES = frozenset({"*", *(a.value for a in Action)})


class SignInDeferred(NotAuthenticated):
    """Too many failed sign-ins of this username from this client: wait `retry_after` seconds (登录失败次数过多)."""

    code = "sign_in_deferred"
    status = 429


class TokenScopesEmpty(InvalidInput):
    code = "token_scopes_empty"


class UnknownTokenScope(InvalidInput):
    code = "token_scope_unknown"


class TokenScopeWider(PermissionDenied):
    code = "token_scope_wider"


class PasswordChangeNeedsSession(PermissionDenied):
    code = "password_change_needs_session"


# Hashing the demo users' passwords with full argon2 cost at every seed costs seconds; same algorithm, fewer rounds.
_fast_hasher = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
_standard_hasher = _hasher


def use_password_hash_cost(cost: str) -> None:
    """Hash new passwords at the settings' cost (build_runtime): "standard", or "test", which only the test harness
    can set (court/settings.py NOT_FROM_ENVIRONMENT). Verification reads the cost from each stored hash."""
    global _hasher
    _hasher = _fast_hasher if cost == "test" else _standard_hasher


def hash_password(password: str, *, fast: bool = False) -> str:
    return (_fast_hasher if fast else _hasher).hash(password)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class IssuedCredential:
    token: str  # shown once; only its hash is stored
    expires_at: datetime
    user_id: int


def principal_of(
    user: dict[str, Any],
    scopes: list[str] | None = None,
    terminal_id: int | None = None,
    *,
    credential_id: int | None = None,
    credential_kind: str = "",
) -> Principal:
    return Principal(
        user_id=int(user["id"]),
        role=Role(user["role"]),
        court_code=user.get("court_code"),
        agency_code=user.get("division") if user["role"] == Role.AGENCY_OFFICER else None,
        terminal_id=terminal_id,
        # None means "built in code for the user himself"; a stored empty list grants nothing (it once meant "*").
        scopes=frozenset(["*"] if scopes is None else scopes),
        credential_id=credential_id,
        credential_kind=credential_kind,
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
    username = normalize_username(username)
    check_password(password, username)
    if role in STAFF_ROLES and not court_code:
        raise InvalidInput(msg("a %(value)s must be bound to a court", value=role.value), field="court_code")
    password_hash = hash_password(password, fast=fast_hash)  # before the write lock: argon2 takes a while
    try:
        async with write_transaction():
            if await User.exists().where(User.username == username):
                raise Conflict("username already taken", field="username")
            user = User(
                username=username,
                display_name=display_name or username,
                password_hash=password_hash,
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
    except Exception as exc:
        # Two registrations of one name at once on PostgreSQL: both saw it free, the unique index keeps one.
        if _is_unique_violation(exc):
            raise Conflict("username already taken", field="username") from None
        raise
    return int(user.id)


def _is_unique_violation(exc: BaseException) -> bool:
    name = type(exc).__name__
    return name == "UniqueViolationError" or (name == "IntegrityError" and "unique" in str(exc).lower())


_dummy_hashes: dict[str, str] = {}  # by the hasher's parameters


def _unknown_user_hash() -> str:
    """A hash of a random password with the real cost parameters: an unknown username costs one verification, as a
    known one does, so the time of the answer does not tell which usernames exist."""
    p = _hasher
    key = f"{p.time_cost}:{p.memory_cost}:{p.parallelism}:{p.hash_len}:{p.salt_len}:{p.type}"
    if key not in _dummy_hashes:
        _dummy_hashes[key] = _hasher.hash(secrets.token_urlsafe(16))
    return _dummy_hashes[key]


def _password_matches(password_hash: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    except UnicodeEncodeError:
        # A lone surrogate cannot be any stored password; check a well-formed stand-in so the work stays the same.
        _password_matches(password_hash, password.encode(errors="replace").decode())
        return False


async def sign_in(
    username: str, password: str, *, client: str = "", now: datetime | None = None
) -> IssuedCredential:
    """Check the password of `username` signing in from `client` (an address or a terminal; see accounts.backoff).

    Unknown, inactive and unusable usernames do the same work as a wrong password — one argon2 verification, the
    same back-off — and get the same answer."""
    now = now or datetime.now(UTC)
    try:
        name = normalize_username(username)
    except InvalidInput:
        name = None
    attempt = await backoff.begin(name if name is not None else username[:200], client, now.timestamp())
    if attempt.retry_after:
        raise SignInDeferred(
            "too many failed sign-ins; try again later",
            retry_after=attempt.retry_after,
            message_key="sign_in_deferred_detail",
        )
    # An unusable name is looked up too (as "", which no account has): the same queries as for any other name.
    user = await User.objects().where(User.username == (name or "")).first()
    matches = _password_matches(user.password_hash if user is not None else _unknown_user_hash(), password)
    if user is None or not user.active or not matches:
        if attempt.number >= FREE_FAILURES:
            log.warning(
                "sign-in back-off: pair %s… waits %d s after %d failures",
                attempt.key[:12],
                backoff_delay(attempt.number),
                attempt.number,
            )
        raise NotAuthenticated("wrong username or password")
    await backoff.succeeded(attempt, now.timestamp())
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
    if scopes is not None and not scopes:
        raise TokenScopesEmpty(
            "a token needs at least one scope", field="scopes", message_key="token_scopes_empty"
        )
    token = secrets.token_urlsafe(32)
    expires = now + lifetime
    await Credential.insert(
        Credential(
            user=user_id,
            kind=kind,
            token_hash=_token_hash(token),
            label=label,
            scopes=["*"] if scopes is None else list(scopes),
            expires_at=expires,
            terminal_id=terminal_id,
        )
    )
    return IssuedCredential(token=token, expires_at=expires, user_id=user_id)


def check_scopes(requested: list[str], held: frozenset[str]) -> list[str]:
    """The scopes of a token minted by a credential holding `held`: known names, at least one, none beyond `held`."""
    if not requested:
        raise TokenScopesEmpty(
            "a token needs at least one scope", field="scopes", message_key="token_scopes_empty"
        )
    unknown = sorted({s for s in requested if s not in KNOWN_SCOPES})
    if unknown:
        raise UnknownTokenScope(
            msg("unknown scope(s): %(unknown)s", unknown=", ".join(unknown)),
            field="scopes",
            unknown=unknown,
            unknown_names=", ".join(unknown),
            known=sorted(KNOWN_SCOPES),
            message_key="token_scope_unknown",
        )
    wanted = set(requested)
    if "*" not in held and not wanted <= held:
        raise TokenScopeWider(
            "a token cannot grant scopes it does not hold",
            field="scopes",
            held=sorted(held),
            message_key="token_scope_wider",
        )
    return sorted(wanted)


async def _lock_user(user_id: int) -> None:
    """Serialise the credential changes of one user: a token minted while the password changes either sees the
    change (and is refused) or is ended by it. SQLite's write transaction already holds the database's write lock."""
    from piccolo.engine.postgres import PostgresEngine

    if isinstance(User._meta.db, PostgresEngine):
        await User.raw(f"SELECT id FROM {User._meta.tablename} WHERE id = {{}} FOR UPDATE", user_id)


async def mint_token(
    principal: Principal, *, scopes: list[str], label: str, lifetime: timedelta, now: datetime | None = None
) -> IssuedCredential:
    """An API token of the caller's, scoped within the calling credential's scopes and expiring no later than it."""
    now = now or datetime.now(UTC)
    granted = check_scopes(scopes, principal.scopes)
    async with write_transaction():
        await _lock_user(principal.user_id)
        expires = now + lifetime
        if principal.credential_id is not None:
            parent = (
                await Credential.select(Credential.revoked_at, Credential.expires_at, Credential.kind)
                .where(Credential.id == principal.credential_id)
                .first()
            )
            if parent is None or parent["revoked_at"] is not None or parent["expires_at"] <= now:
                raise NotAuthenticated("session expired or unknown; sign in again")
            if parent["kind"] == "api_token":
                # A token handed on by a token ends with it: minting cannot extend a credential's life.
                expires = min(expires, parent["expires_at"])
        return await issue_credential(
            principal.user_id, kind="api_token", lifetime=expires - now, scopes=granted, label=label, now=now
        )


@dataclass(frozen=True, slots=True)
class TokenInfo:
    id: int
    label: str
    scopes: list[str]
    created_at: datetime
    expires_at: datetime


async def list_tokens(principal: Principal, *, now: datetime | None = None) -> list[TokenInfo]:
    """The caller's API tokens still in force, oldest first; never their secrets or hashes."""
    now = now or datetime.now(UTC)
    rows = (
        await Credential.select(
            Credential.id, Credential.label, Credential.scopes, Credential.created_at, Credential.expires_at
        )
        .where(
            (Credential.user == principal.user_id)
            & (Credential.kind == "api_token")
            & Credential.revoked_at.is_null()
            & (Credential.expires_at > now)
        )
        .order_by(Credential.created_at)
        .order_by(Credential.id)
    )
    return [
        TokenInfo(int(r["id"]), r["label"], _scopes_of(r["scopes"]), r["created_at"], r["expires_at"])
        for r in rows
    ]


async def revoke_token(principal: Principal, token_id: int) -> None:
    """End one of the caller's API tokens. Another user's token gets the answer of a token that does not exist; a
    scoped token may end only tokens it could have minted (scopes within its own), itself included."""
    row = (
        await Credential.select(Credential.scopes, Credential.revoked_at)
        .where(
            (Credential.id == token_id)
            & (Credential.user == principal.user_id)
            & (Credential.kind == "api_token")
        )
        .first()
    )
    if row is None:
        raise NotFound("no such token", message_key="token_not_found")
    if (
        "*" not in principal.scopes
        and token_id != principal.credential_id
        and not set(_scopes_of(row["scopes"])) <= principal.scopes
    ):
        raise TokenScopeWider(
            "a token cannot end a token with scopes it does not hold",
            held=sorted(principal.scopes),
            message_key="token_scope_wider",
        )
    if row["revoked_at"] is None:
        await Credential.update({Credential.revoked_at: datetime.now(UTC)}).where(
            (Credential.id == token_id) & Credential.revoked_at.is_null()
        )


def _scopes_of(value: Any) -> list[str]:
    return value if isinstance(value, list) else json.loads(value)


def _credential_query(token_hash: str) -> Any:
    return (
        Credential.select(
            *Credential.all_columns(), *Credential.user.all_columns(exclude=[User.password_hash])
        )
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
    scopes = _scopes_of(row["scopes"])
    if not scopes:
        # Tokens minted with "scopes": [] before scopes were checked were read as full access: they end here.
        raise NotAuthenticated("session expired or unknown; sign in again")
    user = {k.removeprefix("user."): v for k, v in row.items() if k.startswith("user.")}
    principal = principal_of(
        user, scopes, row["terminal_id"], credential_id=int(row["id"]), credential_kind=row["kind"]
    )
    return principal, user


async def revoke(token: str) -> None:
    await Credential.update({Credential.revoked_at: datetime.now(UTC)}).where(
        Credential.token_hash == _token_hash(token)
    )


async def change_password(principal: Principal, old: str, new: str) -> None:
    """Change the caller's password: only from a full sign-in session (a token, even one scoped "*", is a thing handed
    to scripts and is not enough), with the current password. Every session and API token of the user ends, the
    session that made the change included: whoever changes a password because it leaked wants every door shut, and
    signs in again with the new one."""
    if principal.credential_kind != "session" or "*" not in principal.scopes:
        raise PasswordChangeNeedsSession(
            "change the password from a signed-in session, not with an API token",
            message_key="password_change_needs_session",
        )
    user = await User.objects().where(User.id == principal.user_id).first()
    if user is None:
        raise NotAuthenticated("unknown user")
    if not _password_matches(user.password_hash, old):
        raise InvalidInput(
            "the current password is wrong",
            field="old_password",
            message_key="current_password_wrong",
            reason="current_password_wrong",
        )
    check_password(new, user.username, field="new_password")
    new_hash = hash_password(new)
    async with write_transaction():
        await _lock_user(principal.user_id)
        await User.update({User.password_hash: new_hash}).where(User.id == principal.user_id)
        await Credential.update({Credential.revoked_at: datetime.now(UTC)}).where(
            (Credential.user == principal.user_id) & Credential.revoked_at.is_null()
        )
        await record(
            Actor(principal.user_id, user.role, user.court_code),
            "user.password_changed",
            subject_type="user",
            subject_id=principal.user_id,
        )


async def principal_named(username: str) -> Principal:
    """The principal of an account by its username, as a signed-in session would carry it (seeding, commands)."""
    user = await User.select().where(User.username == username).first()
    if user is None:
        raise NotFound(msg("no account %(username)s", username=username))
    return principal_of(user)


async def role_of(user_id: int) -> Role:
    """The role of an account just signed in to, which decides the home page it lands on. An account deleted
    between the sign-in and this read has no home: its caller is told it is not authenticated."""
    user = await User.select(User.role).where(User.id == user_id).first()
    if user is None:
        raise NotAuthenticated("the account no longer exists")
    return Role(user["role"])


async def set_locale(user_id: int, locale: str) -> None:
    """Remember the language a signed-in user chose, so his pages speak it on any browser that has no language
    cookie (court.web.access); the caller has checked `locale` is one the court speaks. A preference, not an act
    of the court: no audit record."""
    await User.update({User.locale: locale}).where(User.id == user_id)


async def display_name_of(user_id: int) -> str | None:
    """The name an account shows to others (a judge's name on the litigant's case page); None when unset or gone."""
    row = await User.select(User.display_name).where(User.id == user_id).first()
    return row["display_name"] if row else None


async def names_of(user_ids: set[int]) -> dict[int, str]:
    """Who each account is, by its display name or else its username: the people named on a case page (the judge,
    the clerk, whoever acted on the timeline) are shown by name, not by number."""
    if not user_ids:
        return {}
    rows = await User.select(User.id, User.display_name, User.username).where(User.id.is_in(sorted(user_ids)))
    return {int(r["id"]): r["display_name"] or r["username"] for r in rows}
