"""CSRF protection by signed double submit: a court_csrf cookie whose value every unsafe request must echo back.

A page form echoes it in the `csrf_token` field, page JavaScript and HTMX in the X-CSRF-Token header. The token is
signed with the server's secret, so a cookie planted by a sibling host cannot be forged; the cookie is HttpOnly
because pages hand the token to their scripts through a <meta> element, never through document.cookie. Who is
checked: every page form (check_form) and every API call authenticated by the session cookie (court.web.auth);
a call carrying a bearer token (another site cannot send one) and the signed callbacks of the payment platform
and the SMS gateway need no token.

Why not Litestar's CSRFConfig (litestar.config.csrf), evaluated for issue 16: its middleware exempts by path
pattern or handler opt only, never by how a request authenticates. The same API path (/api/v1/filings) is called
with a bearer token by the terminal agent and scripts, which hold no CSRF cookie, and with the session cookie by
page scripts, which must echo the token: excluding /api/ would leave the cookie-session calls unprotected, and
not excluding it would refuse every bearer client. Its refusal is a PermissionDeniedException raised in middleware,
before the page controllers' HTML error handling, so a page form or an HTMX call would get neither the page nor
the live-region message in the user's language (tests/web/test_csrf.py). It also reads the form field
`_csrf_token` (ours: `csrf_token`), answers a GET with whatever cookie came in without checking its signature, and
takes its secret when the app is built. Keeping ours costs these few functions.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any, cast

from litestar import Request
from litestar.datastructures import Cookie

from court.errors import PermissionDenied

CSRF_COOKIE = "court_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_SCOPE_KEY = "court_csrf_new"


def _secret(request: Request[Any, Any, Any]) -> bytes:
    return str(request.app.state.runtime.settings.secret_key).encode()


def _signature(secret: bytes, nonce: str) -> str:
    return hmac.new(secret, f"csrf:{nonce}".encode(), hashlib.sha256).hexdigest()[:32]


def new_token(secret: bytes) -> str:
    nonce = secrets.token_urlsafe(18)
    return f"{nonce}.{_signature(secret, nonce)}"


def token_valid(secret: bytes, token: str | None) -> bool:
    if not token or "." not in token:
        return False
    nonce, signature = token.rsplit(".", 1)
    return hmac.compare_digest(signature, _signature(secret, nonce))


def csrf_token(request: Request[Any, Any, Any]) -> str:
    """The request's token: the cookie's when it is genuine, otherwise a new one (the page then sets the cookie)."""
    existing = request.cookies.get(CSRF_COOKIE)
    if token_valid(_secret(request), existing):
        return str(existing)
    scope = cast("dict[str, Any]", request.scope)  # the ASGI scope carries the token minted for this request
    minted = scope.get(_SCOPE_KEY)
    if not minted:
        minted = new_token(_secret(request))
        scope[_SCOPE_KEY] = minted
    return str(minted)


def pending_cookie(request: Request[Any, Any, Any]) -> Cookie | None:
    """The cookie to set when this request minted a token."""
    minted = cast("dict[str, Any]", request.scope).get(_SCOPE_KEY)
    if not minted:
        return None
    secure = request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"
    return Cookie(key=CSRF_COOKIE, value=str(minted), httponly=True, samesite="lax", secure=secure, path="/")


def check_token(request: Request[Any, Any, Any], submitted: str | None) -> None:
    """Refuse an unsafe request whose echoed token is missing, forged or differs from the cookie."""
    cookie = request.cookies.get(CSRF_COOKIE)
    if not (
        cookie
        and submitted
        and hmac.compare_digest(cookie, submitted)
        and token_valid(_secret(request), cookie)
    ):
        raise PermissionDenied(
            "the form or request lacks a valid CSRF token; reload the page", message_key="csrf_failed"
        )


def check_header(request: Request[Any, Any, Any]) -> None:
    """For cookie-authenticated API calls from page scripts."""
    if request.method.upper() in SAFE_METHODS:
        return
    check_token(request, request.headers.get(CSRF_HEADER))


async def check_form(request: Request[Any, Any, Any]) -> dict[str, str]:
    """Check a page form's token (field or header, for HTMX) and return the form's fields."""
    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    check_token(request, fields.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER))
    return fields
