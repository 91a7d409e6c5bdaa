"""Sign-in back-off per (username, client), in place of an account lock that anyone could trigger.

A lock per account let anyone shut its owner out with five wrong passwords. Here the failures are counted per
(username, client) — the client being the address of the caller (behind COURT_TRUSTED_PROXIES, the forwarded one)
or the terminal — so guessing from one place makes only that place wait, and the owner elsewhere signs in. After
FREE_FAILURES attempts without a success the pair waits, twice as long after each further failure, up to
MAX_BACKOFF_SECONDS. Unknown usernames are counted the same way, so the back-off tells nothing about which
accounts exist. The per-address rate limit (web.ratelimit) still bounds how many accounts one address can try.

An attempt is counted *before* the password is checked, in one short transaction, so parallel guesses cannot all
pass the check before the first failure is written; a success clears the pair's count.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from court.accounts.tables import SignInBackoff
from court.db import write_transaction

FREE_FAILURES = 5
FIRST_BACKOFF_SECONDS = 30
MAX_BACKOFF_SECONDS = 15 * 60
FORGET_AFTER_SECONDS = 24 * 3600  # a pair with no attempt for a day starts afresh


def backoff_delay(failures: int) -> int:
    """Seconds to wait after `failures` failed attempts in a row: none for the first FREE_FAILURES - 1, then 30 s,
    60 s, 120 s, ... up to 15 minutes."""
    if failures < FREE_FAILURES:
        return 0
    return min(MAX_BACKOFF_SECONDS, FIRST_BACKOFF_SECONDS * 2 ** min(failures - FREE_FAILURES, 16))


def pair_key(username: str, client: str) -> str:
    return hashlib.sha256(f"{username}\x00{client}".encode(errors="surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class Attempt:
    key: str
    number: int  # this attempt's place in the run of attempts without a success
    retry_after: int  # > 0: refused without checking the password; wait this many seconds


async def begin(username: str, client: str, now: float) -> Attempt:
    """Count an attempt of `username` from `client`, unless the pair must still wait (then nothing is counted)."""
    key = pair_key(username, client)
    second = int(now)
    table = SignInBackoff._meta.tablename
    async with write_transaction():
        # One upsert takes the row lock (PostgreSQL) under the write lock (SQLite): concurrent attempts of one pair
        # are numbered one after another.
        rows = await SignInBackoff.raw(
            f'INSERT INTO {table} ("key", failures, last_attempt_at, blocked_until) VALUES ({{}}, 1, {{}}, 0) '
            f'ON CONFLICT ("key") DO UPDATE SET '
            f"failures = CASE WHEN {table}.blocked_until > {{}} THEN {table}.failures "
            f"WHEN {table}.last_attempt_at < {{}} THEN 1 ELSE {table}.failures + 1 END, "
            f"last_attempt_at = CASE WHEN {table}.blocked_until > {{}} THEN {table}.last_attempt_at ELSE {{}} END "
            f"RETURNING failures, blocked_until",
            key,
            second,
            second,
            second - FORGET_AFTER_SECONDS,
            second,
            second,
        )
        number, blocked_until = int(rows[0]["failures"]), int(rows[0]["blocked_until"])
        if blocked_until > second:
            return Attempt(key, number, max(1, math.ceil(blocked_until - now)))
        wait = backoff_delay(number)
        if wait:
            # Waiting starts now, whether this attempt succeeds or not; a success clears it below.
            await SignInBackoff.update({SignInBackoff.blocked_until: second + wait}).where(
                SignInBackoff.key == key
            )
    return Attempt(key, number, 0)


async def succeeded(attempt: Attempt, now: float) -> None:
    """The password was right: the pair starts afresh. Pairs idle for a day are swept out on the way."""
    await SignInBackoff.delete().where(
        (SignInBackoff.key == attempt.key) | (SignInBackoff.last_attempt_at < int(now) - FORGET_AFTER_SECONDS)
    )
