"""Who is calling: a bearer token (API) or the court_session cookie (pages), resolved to a Principal.

A cookie travels with every request the browser makes, whoever asked for it, so an unsafe API call
authenticated by the cookie must also carry the CSRF token (double submit); a bearer token cannot be sent
by another site and needs none.
"""

from __future__ import annotations

from typing import Any, cast

from litestar import Request

from court.accounts.policy import Principal
from court.accounts.service import authenticate
from court.errors import NotAuthenticated
from court.terminals import binding as terminal_binding
from court.web.csrf import check_header

SESSION_COOKIE = "court_session"
_AUTHENTICATED = "court_authenticated"  # scope key: (token, answer) of this request's one authentication


async def authenticated(request: Request[Any, Any, Any], token: str) -> tuple[Principal, dict[str, Any]]:
    """authenticate(token), once per request: the rate limiter (court.web.ratelimit) identifies the caller before
    the handler runs, and the handler's principal reuses that answer — a refusal as well as a principal."""
    scope = cast("dict[str, Any]", request.scope)
    kept = scope.get(_AUTHENTICATED)
    if kept is None or kept[0] != token:
        try:
            kept = (token, await authenticate(token))
        except NotAuthenticated as exc:
            kept = (token, exc)
        scope[_AUTHENTICATED] = kept
    answer = kept[1]
    if isinstance(answer, NotAuthenticated):
        raise answer
    return cast("tuple[Principal, dict[str, Any]]", answer)


def header_token(request: Request[Any, Any, Any]) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return None


def bearer_token(request: Request[Any, Any, Any]) -> str | None:
    return header_token(request) or request.cookies.get(SESSION_COOKIE)


async def current_principal(request: Request[Any, Any, Any]) -> Principal:
    token = header_token(request)
    if token is None:
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            check_header(request)
    if not token:
        raise NotAuthenticated("sign in first")
    principal, user = await authenticated(request, token)
    await terminal_binding.check_request(request, principal)
    request.scope["court_user"] = user  # type: ignore[typeddict-unknown-key]
    return principal


async def optional_principal(request: Request[Any, Any, Any]) -> Principal | None:
    try:
        return await current_principal(request)
    except NotAuthenticated:
        return None
