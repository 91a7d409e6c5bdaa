"""Sliding-window rate limits on sign-in and filing creation, attached to handlers, counted where every web process
sees them.

A handler names the limit it counts in with `opt=rate_limited("sign_in")`; the app's before_request hook (`enforce`)
reads it from the matched handler, so a route renamed or moved keeps its limit, and every way in to the same act
(API, page form, kiosk) names the same limit and shares one bucket. The numbers stay here, in LIMITS: handlers that
share a bucket must share its numbers too.

The counters live in the database (court_rate_limit, kept by court.web.ratelimit_store), or in Redis when
COURT_REDIS_URL is set; never in process memory, since a second web process must see the same counts. The window
slides by weighting the previous fixed slot by how much of it still overlaps the window (the "sliding window
counter" approximation), so a burst at a slot boundary cannot pass twice the limit.

Why not Litestar's RateLimitConfig (litestar.middleware.rate_limit), evaluated for issue 16:
- its count is a read-modify-write of a JSON history through the Store's get and set, serialised only by an
  in-process lock, so two web processes sharing a RedisStore both read the same history and both pass: the limit
  would hold per process, not across them (tests/security/test_accounts_security.py checks it across processes).
  Our counters are one atomic step (an upsert in the database, INCR in Redis). litestar.stores has no database
  Store either, and the court runs without Redis;
- one config is one limit in whole units ("minute", "hour"): the progress lookup's 20 per 10 minutes cannot be said,
  and its buckets (per terminal, per keyed hash of the ID number in the body) are known only inside the handler;
- the identifier function is synchronous and runs in middleware, before authentication, so a per-account bucket
  would authenticate a second time (or not at all);
- its window is fixed (it resets when it expires), so a burst at the boundary passes twice the limit;
- a refusal raises TooManyRequestsException with RateLimit-* headers but no Retry-After, and a Redis outage would
  fail the request; ours answers a page in the user's language or a problem with Retry-After, and lets people
  sign in and file while Redis is down (the sign-in back-off, in the database, still holds).
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

from court.errors import NotAuthenticated, RateLimited
from court.i18n import msg
from court.web.auth import SESSION_COOKIE, authenticated, header_token
from court.web.ratelimit_store import DatabaseCounter

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

# The handler option that names a handler's limit (see rate_limited).
RATE_LIMIT_OPT = "rate_limit"


def rate_limited(name: str) -> dict[str, Any]:
    """A route handler's `opt=`: each request to it counts in the limit `name` (a key of LIMITS and BUCKETS)."""
    if name not in LIMITS:
        raise KeyError(f"no rate limit named {name!r}")
    return {RATE_LIMIT_OPT: name}


def limit_of(request: Request[Any, Any, Any]) -> str | None:
    """The limit the matched route handler counts in, if any."""
    name = request.route_handler.opt.get(RATE_LIMIT_OPT)
    return name if isinstance(name, str) else None


class Counter(Protocol):
    async def hit(self, bucket: str, slot: int, ttl: int) -> tuple[int, int]:
        """Count one request in `slot`; return (hits in this slot, hits in the slot before)."""
        ...


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
    """The bucket of a filing creation: the signed-in user (unauthenticated requests are refused later anyway).

    The answer is kept in the request (court.web.auth.authenticated), so the handler's principal does not
    authenticate the token a second time."""
    token = header_token(request) or request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    try:
        principal, _ = await authenticated(request, token)
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
    """The app's before_request hook: over its limit, a handler with a rate limit (rate_limited) answers 429 with Retry-After — a problem
    (RFC 9457) on the API, an HTML page in the user's language on the pages."""
    name = limit_of(request)
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

    response = problem(
        request,
        429,
        "rate_limited",
        f"too many requests; try again in {verdict.retry_after} s",
        retry_after=verdict.retry_after,
    )
    response.headers["retry-after"] = str(verdict.retry_after)
    return response


def _refusal_page(request: Request[Any, Any, Any], retry_after: int) -> Response[Any]:
    """A page's form post (sign-in, new filing, kiosk) gets the refusal as a page in the user's language, not JSON."""
    from court.web.access import page_error
    from court.web.locale import request_locale

    request_locale(request)  # settle the language before the page is chosen
    minutes = math.ceil(retry_after / 60)
    shown = msg(
        "Please try again in %(retry_after)s seconds (about %(minutes)s min).",
        retry_after=retry_after,
        minutes=minutes,
    )
    response = page_error(
        request, RateLimited(msg("try again in %(retry_after)s s", retry_after=retry_after), shown=shown)
    )
    response.headers["retry-after"] = str(retry_after)
    return response
