"""Limits on the progress lookup by ID number (进度查询): per terminal and per ID number.

The lookup answers only when a resident ID number and a filing number match, but both are guessable: ID numbers
follow a public format (GB 11643) and filing numbers a running series. Unlimited, one terminal session could try
hundreds of pairs a second. Two buckets, both counted in the shared limiter (court.web.ratelimit, the database
or Redis, never process memory):

- per terminal: a screen serves one villager at a time, a few lookups a minute at most;
- per ID number, across all terminals: someone guessing filing numbers for one person's ID, from many devices.

The ID number is counted under a keyed hash (HMAC with the court's secret key): the limiter's table must not
become a list of the ID numbers that were looked up, and an unkeyed hash of an 18-digit number with a known
structure is reversed by trying them all.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math

from court.errors import RateLimited
from court.i18n import msg
from court.web.ratelimit import Counter, Limit, check

log = logging.getLogger("court.terminals.limits")

# One villager at the screen at a time; a lookup takes a minute of talk. 20 in 10 minutes leaves room for a
# queue on a legal-aid day and for mistyped numbers, and stops a script at the 21st try (it did 200 in 1.7 s).
PER_TERMINAL = Limit(requests=20, window=600)
# One person's filings are few; a villager who mistypes the filing number tries again a few times.
PER_ID_NUMBER = Limit(requests=10, window=3600)


def id_number_bucket(id_number: str, secret_key: str) -> str:
    digest = hmac.new(secret_key.encode(), id_number.strip().upper().encode(), hashlib.sha256).hexdigest()
    return f"progress_id:{digest[:32]}"


async def limit_lookup(counter: Counter, *, terminal_id: int, id_number: str, secret_key: str) -> None:
    """Count one lookup in both buckets; RateLimited (429) with `retry_after` when either is over its limit.

    Both are counted even when the first refuses, so a script cannot spare one bucket by tripping the other."""
    try:
        by_terminal = await check(counter, f"progress_terminal:{terminal_id}", PER_TERMINAL)
        by_person = await check(counter, id_number_bucket(id_number, secret_key), PER_ID_NUMBER)
    except Exception as exc:  # noqa: BLE001 - only Redis outages are forgiven, as court.web.ratelimit.enforce does
        if not type(exc).__module__.startswith("redis"):
            raise
        log.warning("progress lookup limiter skipped: Redis did not answer (%s)", type(exc).__name__)
        return
    if by_terminal.allowed and by_person.allowed:
        return
    wait = max(by_terminal.retry_after, by_person.retry_after)
    minutes = math.ceil(wait / 60)
    raise RateLimited(
        msg("too many progress lookups; try again in %(wait)s s", wait=wait),
        retry_after=wait,
        shown=msg(
            "Too many lookups; try again in %(wait)s seconds (about %(minutes)s min), or ask the court for help.",
            wait=wait,
            minutes=minutes,
        ),
    )
