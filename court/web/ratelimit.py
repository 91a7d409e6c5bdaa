"""Sliding-window rate limits on sign-in and filing creation, counted where every web process sees them.

The counters live in the database (court_rate_limit), or in Redis when COURT_REDIS_URL is set; never in process
memory, since a second web process must see the same counts. The window slides by weighting the previous fixed
slot by how much of it still overlaps the window (the "sliding window counter" approximation), so a burst at a
slot boundary cannot pass twice the limit.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network, ip_address
from typing import Any, Protocol

from litestar import Request, Response

from court.db import write_transaction
from court.errors import RateLimited
from court.i18n import msg
from court.web.ratelimit_tables import RateLimitHit

log = logging.getLogger("court.web.ratelimit")


@dataclass(frozen=True, slots=True)
class Limit:
    """At most `requests` per `window` seconds in one bucket."""

    requests: int
    window: int


@dataclass(frozen=True, slots=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds; 0 when allowed


# Password guessing: the back-off per (account, client) (accounts.backoff) slows guessing one password; this stops one
# address from trying many accounts, and from hammering argon2 (each attempt costs the server ~50 ms).
SIGN_IN = Limit(requests=20, window=60)
# Filing creation: a person files a handful a day; hundreds a minute is a script flooding the clerks' queue.
FILING = Limit(requests=30, window=60)

LIMITS: dict[str, Limit] = {"sign_in": SIGN_IN, "filing": FILING}

# (method, path) -> limit name. Every way in to the same act shares one bucket.
ROUTES: dict[tuple[str, str], str] = {
    ("POST", "/api/v1/auth/sign-in"): "sign_in",
    ("POST", "/api/v1/terminal/sign-in"): "sign_in",
    ("POST", "/sign-in"): "sign_in",
    ("POST", "/kiosk/sign-in"): "sign_in",
    ("POST", "/api/v1/filings"): "filing",
    ("POST", "/api/v1/filings/"): "filing",
    ("POST", "/filings/new"): "filing",
    ("POST", "/kiosk/file"): "filing",
}


class Counter(Protocol):
    async def hit(self, bucket: str, slot: int, ttl: int) -> tuple[int, int]:
        """Count one request in `slot`; return (hits in this slot, hits in the slot before)."""
        ...


class DatabaseCounter:
    """Counters in the court_rate_limit table: an upsert per request, old slots of the bucket removed as it goes."""

    async def hit(self, bucket: str, slot: int, ttl: int) -> tuple[int, int]:
        table = RateLimitHit._meta.tablename
        async with write_transaction():
            rows = await RateLimitHit.raw(
                f"INSERT INTO {table} (name, bucket, slot, hits) VALUES ({{}}, {{}}, {{}}, 1) "
                f"ON CONFLICT (name) DO UPDATE SET hits = {table}.hits + 1 RETURNING hits",
                f"{bucket}#{slot}", bucket, slot,
            )
            previous = await RateLimitHit.select(RateLimitHit.hits).where(RateLimitHit.name == f"{bucket}#{slot - 1}").first()
            await RateLimitHit.delete().where((RateLimitHit.bucket == bucket) & (RateLimitHit.slot < slot - 1))
        return int(rows[0]["hits"]), int(previous["hits"]) if previous else 0


class RedisCounter:
    """Counters as Redis keys that expire after two windows."""

    def __init__(self, redis: Any) -> None:
        self.redis = redis

    async def hit(self, bucket: str, slot: int, ttl: int) -> tuple[int, int]:
        import asyncio

        def run() -> tuple[int, int]:
            key = f"court:ratelimit:{bucket}:{slot}"
            pipe = self.redis.pipeline()
            pipe.incr(key)
            pipe.expire(key, ttl)
            pipe.get(f"court:ratelimit:{bucket}:{slot - 1}")
            current, _, previous = pipe.execute()
            return int(current), int(previous or 0)

        # The runtime's Redis client is synchronous (RQ's); keep it off the event loop.
        return await asyncio.to_thread(run)


async def check(counter: Counter, bucket: str, limit: Limit, *, now: float | None = None) -> Verdict:
    """Count this request and say whether it stays within `limit` over the sliding window."""
    now = time.time() if now is None else now
    slot = int(now // limit.window)
    elapsed = now - slot * limit.window
    current, previous = await counter.hit(bucket, slot, ttl=2 * limit.window)
    overlap = (limit.window - elapsed) / limit.window
    if previous * overlap + current <= limit.requests:
        return Verdict(True, 0)
    # Wait for this slot to end, then until the previous slot's weight has decayed enough for one more request.
    decay = limit.window * max(0.0, 1 - (limit.requests - 1) / current) if current else 0.0
    return Verdict(False, max(1, math.ceil(limit.window - elapsed + decay)))


def counter_of(runtime: Any) -> Counter:
    redis = getattr(runtime, "redis", None)
    return RedisCounter(redis) if redis is not None else DatabaseCounter()


def forwarded_client(peer: str, forwarded_for: str, trusted: tuple[IPv4Network | IPv6Network, ...]) -> str:
    """The client's address: the peer, unless the peer is a trusted proxy; then X-Forwarded-For is read from the
    right (the hop the trusted proxy itself saw) past every trusted proxy, and the first address not trusted is the
    client. Entries left of it were written by the client and prove nothing; an entry that is no address stops the
    walk at the last hop that can be vouched for."""

    def is_trusted(address: str) -> bool:
        try:
            ip = ip_address(address)
        except ValueError:
            return False
        if ip.version == 6 and ip.ipv4_mapped is not None:  # a dual-stack listener reports ::ffff:127.0.0.1
            ip = ip.ipv4_mapped
        return any(ip in network for network in trusted)

    client = peer
    if not trusted or not is_trusted(peer):
        return client
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        try:
            ip_address(hop)
        except ValueError:
            break
        client = hop
        if not is_trusted(hop):
            break
    return client


def client_address(request: Request[Any, Any, Any]) -> str:
    """Who is calling, for the rate limits and the sign-in back-off (COURT_TRUSTED_PROXIES decides whose
    X-Forwarded-For counts; by default nobody's)."""
    peer = request.client.host if request.client else "unknown"
    runtime = getattr(request.app.state, "runtime", None)
    trusted = runtime.settings.trusted_proxy_networks if runtime is not None else ()
    if not trusted:
        return peer
    return forwarded_client(peer, ",".join(request.headers.getall("x-forwarded-for", [])), trusted)


async def _filer(request: Request[Any, Any, Any]) -> str | None:
    """The bucket of a filing creation: the signed-in user (unauthenticated requests are refused later anyway)."""
    from court.accounts.service import authenticate
    from court.errors import NotAuthenticated
    from court.web.auth import SESSION_COOKIE, header_token

    token = header_token(request) or request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    try:
        principal, _ = await authenticate(token)
    except NotAuthenticated:
        return None
    return f"user:{principal.user_id}"


async def _address_bucket(request: Request[Any, Any, Any]) -> str | None:
    return "ip:" + hashlib.sha256(client_address(request).encode()).hexdigest()[:24]


BUCKETS: dict[str, Callable[[Request[Any, Any, Any]], Awaitable[str | None]]] = {
    "sign_in": _address_bucket,
    "filing": _filer,
}


async def enforce(request: Request[Any, Any, Any]) -> Response[Any] | None:
    """The app's before_request hook: over its limit, a limited route answers 429 with Retry-After — a problem
    (RFC 9457) on the API, an HTML page in the user's language on the pages."""
    name = ROUTES.get((request.method.upper(), request.url.path))
    if name is None:
        return None
    limit = LIMITS[name]
    who = await BUCKETS[name](request)
    if who is None:
        return None
    try:
        verdict = await check(counter_of(request.app.state.runtime), f"{name}:{who}", limit)
    except Exception as exc:  # noqa: BLE001 - only Redis outages are forgiven, see below
        if not type(exc).__module__.startswith("redis"):
            raise
        # Redis down must not stop people signing in or filing (jobs wait for it too); the sign-in back-off (in the database) still holds.
        log.warning("rate limiter skipped: Redis did not answer (%s)", type(exc).__name__)
        return None
    if verdict.allowed:
        return None
    if not request.url.path.startswith("/api/"):
        return _refusal_page(request, verdict.retry_after)
    from court.web.problems import problem

    response = problem(request, 429, "rate_limited", f"too many requests; try again in {verdict.retry_after} s",
                       retry_after=verdict.retry_after)
    response.headers["retry-after"] = str(verdict.retry_after)
    return response


def _refusal_page(request: Request[Any, Any, Any], retry_after: int) -> Response[Any]:
    """A page's form post (sign-in, new filing, kiosk) gets the refusal as a page in the user's language, not JSON."""
    from court.web.locale import request_locale
    from court.web.pages.access import page_error

    request_locale(request)  # settle the language before the page is chosen
    minutes = math.ceil(retry_after / 60)
    shown = msg("Please try again in %(retry_after)s seconds (about %(minutes)s min).", retry_after=retry_after,
                minutes=minutes)
    response = page_error(request, RateLimited(msg("try again in %(retry_after)s s", retry_after=retry_after), shown=shown))
    response.headers["retry-after"] = str(retry_after)
    return response
