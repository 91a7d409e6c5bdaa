"""Who is looking at a page (the court_session cookie), and how a page shows an error: in HTML, in the user's language."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from litestar import Controller, Request, Response
from litestar.di import Provide
from litestar.exceptions import HTTPException, NotFoundException
from litestar.response import Redirect

from court.accounts.policy import Principal
from court.errors import CourtError, NotAuthenticated
from court.i18n import LOCALES, error_detail, translate
from court.terminals import binding as terminal_binding
from court.web.auth import SESSION_COOKIE, authenticated
from court.web.templating import page

log = logging.getLogger("court.web")


def _honour_user_locale(request: Request[Any, Any, Any], user: dict[str, Any]) -> None:
    """?lang= and the language cookie are explicit choices; otherwise the signed-in user's own setting wins."""
    if request.query_params.get("lang") in LOCALES or request.cookies.get("court_lang") in LOCALES:
        return
    if user.get("locale") in LOCALES:
        request.scope["court_locale"] = user["locale"]  # type: ignore[typeddict-unknown-key]


async def optional_page_principal(request: Request[Any, Any, Any]) -> Principal | None:
    try:
        return await page_principal(request)
    except NotAuthenticated:
        return None


async def page_principal(request: Request[Any, Any, Any]) -> Principal:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise NotAuthenticated("sign in first")
    principal, user = await authenticated(request, token)
    # A terminal session is refused off its terminal or after its terminal was revoked, saying which.
    await terminal_binding.check_request(request, principal)
    request.scope["court_user"] = user  # type: ignore[typeddict-unknown-key]
    _honour_user_locale(request, user)
    return principal


def _is_htmx(request: Request[Any, Any, Any]) -> bool:
    return request.headers.get("hx-request") == "true"


def page_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    from court.web.problems import client_error_of

    exc = client_error_of(exc) or exc
    if isinstance(exc, NotAuthenticated) and request.method == "GET" and not _is_htmx(request):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return Redirect(f"/sign-in?next={quote(target)}")
    if isinstance(exc, CourtError):
        from court.web.locale import request_locale as _locale

        # The detail in the page's own language (?lang=, the cookie, the user's setting), as the title is.
        locale = _locale(request)
        status, code, detail = exc.status, exc.code, error_detail(exc, locale)
    elif isinstance(exc, HTTPException):
        status, code, detail = (
            exc.status_code,
            "not_found" if isinstance(exc, NotFoundException) else "malformed_request",
            "",
        )
    else:
        log.exception("unhandled error on page %s", request.url.path, exc_info=exc)
        status, code, detail = 500, "internal_error", ""
    from court.web.locale import request_locale

    title = translate(code, request_locale(request))
    if _is_htmx(request):
        # htmx does not swap error responses: send the message to the live region instead.
        response = page(request, "fragments/error.html", title=title, detail=detail, code=code)
        response.headers.update({"HX-Retarget": "#messages", "HX-Reswap": "innerHTML"})
        return response
    return page(request, "error.html", status_code=status, title=title, detail=detail, code=code)


class PageController(Controller):
    """Base of every page controller: HTML errors, no OpenAPI entries, the signed-in principal as a dependency."""

    include_in_schema = False
    dependencies = {"principal": Provide(page_principal)}
    exception_handlers = {CourtError: page_error, HTTPException: page_error, Exception: page_error}  # noqa: RUF012


def local_path(target: str | None) -> str | None:
    """Only a path on this site may be a redirect target (no open redirect to //evil.example or /\\evil.example)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None
