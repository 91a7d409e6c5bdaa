"""`Cache-Control: no-store` on every response that may carry personal data.

Filings, cases, ID numbers, receipts and documents must not stay in a shared computer's browser cache (a village
terminal, a library PC) or in a proxy on the way: the next user of the machine could read them back. Marked
private: the whole API under /api/ except the public reference data (the court list, causes, the fee calculator),
and every page a signed-in user is shown, and any response that hands out a session. Static files, the schema,
the probes and the pages shown to anonymous visitors (sign-in, registration, legal help) keep their caching.
"""

from __future__ import annotations

import re

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

from court.web.auth import SESSION_COOKIE

NO_STORE = "no-store"
# The law and the court list are public (route_matrix: PUBLIC rows); /api/v1/courts/{code}/... below them is not.
PUBLIC_API = re.compile(r"^/api/v1/(?:courts(?:/[^/]+)?|causes|fees)/?$")
PUBLIC_PREFIXES = ("/static/", "/schema")
PUBLIC_PATHS = frozenset({"/health", "/ready"})
_SESSION = re.compile(rf"(?:^|;)\s*{re.escape(SESSION_COOKIE)}=[^;\s]")


def _signed_in(scope: Scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            return True
        if name == b"cookie" and _SESSION.search(value.decode("latin-1")):
            return True
    return False


def is_private(scope: Scope, response_headers: MutableScopeHeaders) -> bool:
    path = str(scope.get("path", ""))
    if any(v.startswith(f"{SESSION_COOKIE}=") for v in response_headers.getall("set-cookie", [])):
        return True  # a sign-in's answer carries the session itself
    if path.startswith("/api/"):
        return not (scope.get("method") in ("GET", "HEAD") and PUBLIC_API.match(path))
    if path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES):
        return False
    return _signed_in(scope)


async def mark_private(message: Message, scope: Scope) -> None:
    """A before_send hook: sees every response start, errors and the router's own 404s included."""
    if message["type"] != "http.response.start" or scope.get("type") != "http":
        return
    headers = MutableScopeHeaders.from_message(message)
    if is_private(scope, headers):
        headers["cache-control"] = NO_STORE
