"""Idempotency-Key: a retried request returns the first one's result; the same key with another body is a 409.

The execution-money ledger showed the way (court.execution.ledger: a posting's key is kept with its payload, and a
replay must repeat the payload exactly). Here the same holds for any action a client may retry over a bad link —
creating a filing, opening a resumable upload, uploading a document: the key is bound to the user, the action and
its target (`route`, e.g. "filing:12:documents") and a SHA-256 of the request body. The record is written in the
action's own transaction, so the result and the record commit together or not at all.

Two requests with one key at the same moment: the second blocks on the unique index until the first commits, then
finds the key taken, rolls its own work back and answers with the first one's result (or 409 if its body differs).
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
from piccolo.columns import JSON, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from court.errors import Conflict, InvalidInput
from court.i18n import msg

MAX_KEY_LENGTH = 255


class IdempotencyKey(Table, tablename="court_idempotency_key"):
    """A client's Idempotency-Key (幂等键) with the request it was first used for and that request's result."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    lookup = Varchar(length=64, unique=True, index=True)  # SHA-256 of (user, route, key)
    user_id = Integer(index=True)
    route = Varchar(length=128)
    request_hash = Varchar(length=64)
    result = JSON(default={})
    created_at = Timestamptz(default=TimestamptzNow())


class KeyReused(Conflict):
    """The key was used before for a different request (another body, file or file name)."""

    code = "idempotency_key_reused"


class KeyTaken(Exception):
    """Raised inside the action's transaction when a concurrent request with the same key committed first."""


class IdempotentRequest(msgspec.Struct, frozen=True):
    user_id: int
    route: str  # the action and its target: "filing:create", "filing:12:uploads", "filing:12:documents"
    key: str
    request_hash: str  # SHA-256 of what the request asked for (see `body_hash`)

    @property
    def lookup(self) -> str:
        return hashlib.sha256(f"{self.user_id}\x1f{self.route}\x1f{self.key}".encode()).hexdigest()


def body_hash(*parts: Any) -> str:
    """SHA-256 of a request's content: Structs and dicts as canonical JSON (sorted keys), bytes as they are."""
    digest = hashlib.sha256()
    for part in parts:
        data = (
            part
            if isinstance(part, bytes)
            else msgspec.json.encode(msgspec.to_builtins(part), order="sorted")
        )
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def request_of(user_id: int, route: str, key: str | None, request_hash: str) -> IdempotentRequest | None:
    """The request to hold to its key, or None when the client sent no key."""
    if key is None or key == "":
        return None
    if len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise InvalidInput(
            msg(
                "Idempotency-Key must be at most %(MAX_KEY_LENGTH)s printable characters",
                MAX_KEY_LENGTH=MAX_KEY_LENGTH,
            ),
            field="Idempotency-Key",
        )
    return IdempotentRequest(user_id, route, key, request_hash)


async def replay(request: IdempotentRequest) -> dict[str, Any] | None:
    """The first result for this key, None when the key is new; KeyReused when it served another request."""
    row = (
        await IdempotencyKey.select(IdempotencyKey.request_hash, IdempotencyKey.result)
        .where(IdempotencyKey.lookup == request.lookup)
        .output(load_json=True)
        .first()
    )
    if row is None:
        return None
    if row["request_hash"] != request.request_hash:
        raise KeyReused(
            "this Idempotency-Key was used for a different request",
            message_key="idempotency_key_reused",
            route=request.route,
        )
    return dict(row["result"])


async def remember(request: IdempotentRequest | None, result: dict[str, Any]) -> None:
    """Inside the action's write transaction: record the key with the result; KeyTaken if a twin got there first."""
    if request is None:
        return
    rows = (
        await IdempotencyKey.insert(
            IdempotencyKey(
                lookup=request.lookup,
                user_id=request.user_id,
                route=request.route,
                request_hash=request.request_hash,
                result=result,
            )
        )
        .on_conflict(target=IdempotencyKey.lookup, action="DO NOTHING")
        .returning(IdempotencyKey.id)
    )
    if not rows:
        raise KeyTaken(request.route)


async def once(
    request: IdempotentRequest | None, action: Callable[[], Awaitable[dict[str, Any]]]
) -> dict[str, Any]:
    """Run `action` (which calls `remember` in its transaction) unless the key already has a result; return the
    result either way. A twin that committed first while `action` ran wins: its result is returned instead."""
    if request is None:
        return await action()
    stored = await replay(request)
    if stored is not None:
        return stored
    try:
        return await action()
    except KeyTaken:
        stored = await replay(request)
        if stored is None:  # the twin's transaction was rolled back after all: the client may retry
            raise Conflict(
                "a request with this Idempotency-Key was in progress; retry", message_key="duplicate_request"
            ) from None
        return stored
