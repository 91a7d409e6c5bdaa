"""Pages for everyone: sign-in, registration of litigants, sign-out, password change and the language switch."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from litestar import Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency, Provide
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from court.accounts import service
from court.accounts.policy import Principal
from court.accounts.roles import Role
from court.accounts.rules import MIN_PASSWORD_LENGTH
from court.errors import Conflict, CourtError, InvalidInput, NotAuthenticated
from court.i18n import LOCALES, error_detail, translate
from court.web.access import PageController, local_path, optional_page_principal
from court.web.auth import SESSION_COOKIE
from court.web.csrf import check_form
from court.web.locale import request_locale
from court.web.ratelimit import client_address, rate_limited
from court.web.templating import page

LANG_COOKIE = "court_lang"
_HOMES = {
    Role.LITIGANT: "/filings",
    Role.LAWYER: "/filings",
    Role.CLERK: "/clerk",
    Role.JUDGE: "/judge",
    Role.COURT_LEADER: "/leader",
    Role.TERMINAL_OPERATOR: "/kiosk",
    Role.ENFORCEMENT_OFFICER: "/enforcement",
    Role.AGENCY_OFFICER: "/agency",
}


def _error_message(request: Request[Any, Any, Any], exc: CourtError) -> str | None:
    """The refusal's own words in the user's language, when the service named them (`message_key`)."""
    if not isinstance(exc.params.get("message_key"), str):
        return None
    return error_detail(exc, request_locale(request))


def _password_hint(request: Request[Any, Any, Any]) -> str:
    return translate("password_rules_hint", request_locale(request), min_length=MIN_PASSWORD_LENGTH)


def home_of(role: Role) -> str:
    return _HOMES.get(role, "/account")


def _secure(request: Request[Any, Any, Any]) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


def _session_cookie(request: Request[Any, Any, Any], token: str, expires_at: datetime) -> Cookie:
    return Cookie(
        key=SESSION_COOKIE,
        value=token,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        max_age=int((expires_at - datetime.now(expires_at.tzinfo)).total_seconds()),
        path="/",
    )


async def signed_out(request: Request[Any, Any, Any], target: str) -> Redirect:
    """Signing out (on the site or at a kiosk): the session's credential revoked, its cookie cleared."""
    await check_form(request)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await service.revoke(token)
    return Redirect(target, cookies=[Cookie(key=SESSION_COOKIE, value="", max_age=0, path="/")])


async def _signed_in_redirect(
    request: Request[Any, Any, Any], username: str, password: str, target: str | None
) -> Response[Any]:
    issued = await service.sign_in(username, password, client=client_address(request))
    role = await service.role_of(issued.user_id)
    where = local_path(target) or home_of(role)
    return Redirect(where, cookies=[_session_cookie(request, issued.token, issued.expires_at)])


class AuthPages(PageController):
    path = "/"

    @get("/", dependencies={"viewer": Provide(optional_page_principal)})
    async def home(self, viewer: NamedDependency[Principal | None]) -> Redirect:
        return Redirect(home_of(viewer.role) if viewer else "/sign-in")

    @get("/sign-in")
    async def sign_in_form(
        self, request: Request[Any, Any, Any], next: FromQuery[str | None] = None
    ) -> Template:  # noqa: A002
        from court.demo.settings import demo_loaded

        return page(request, "auth/sign_in.html", next=local_path(next) or "", demo=await demo_loaded())

    @post("/sign-in", opt=rate_limited("sign_in"))
    async def sign_in(self, request: Request[Any, Any, Any]) -> Response[Any]:
        form = await check_form(request)
        try:
            return await _signed_in_redirect(
                request, form.get("username", ""), form.get("password", ""), form.get("next")
            )
        except service.SignInDeferred as exc:
            response = page(
                request,
                "auth/sign_in.html",
                status_code=429,
                failed=True,
                error_message=_error_message(request, exc),
                username=form.get("username", ""),
                next=local_path(form.get("next")) or "",
            )
            response.headers["retry-after"] = str(exc.params["retry_after"])
            return response
        except NotAuthenticated:
            return page(
                request,
                "auth/sign_in.html",
                status_code=401,
                failed=True,
                username=form.get("username", ""),
                next=local_path(form.get("next")) or "",
            )

    @get("/register")
    async def register_form(self, request: Request[Any, Any, Any]) -> Template:
        return page(request, "auth/register.html", values={}, password_hint=_password_hint(request))

    @post("/register")
    async def register(self, request: Request[Any, Any, Any]) -> Response[Any]:
        form = await check_form(request)
        username, password = form.get("username", "").strip(), form.get("password", "")
        try:
            if password != form.get("password_again", ""):
                raise InvalidInput("the passwords differ", field="password_again")
            await service.create_user(
                username,
                password,
                Role.LITIGANT,
                display_name=form.get("display_name", "").strip()[:128],
                locale=str(request.scope.get("court_locale") or "zh_CN"),
            )
        except (InvalidInput, Conflict) as exc:
            return page(
                request,
                "auth/register.html",
                status_code=exc.status,
                values=form,
                error_field=exc.params.get("field"),
                error_code=exc.code,
                error_message=_error_message(request, exc),
                password_hint=_password_hint(request),
            )
        return await _signed_in_redirect(request, username, password, "/filings/new")

    @post("/sign-out")
    async def sign_out(self, request: Request[Any, Any, Any]) -> Redirect:
        return await signed_out(request, "/sign-in")

    @get("/account")
    async def account(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal]
    ) -> Template:
        return page(request, "auth/account.html", password_hint=_password_hint(request))

    @post("/account/password")
    async def change_password(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal]
    ) -> Response[Any]:
        form = await check_form(request)
        try:
            if form.get("new_password") != form.get("new_password_again"):
                raise InvalidInput("the new passwords differ", field="new_password_again")
            await service.change_password(
                principal, form.get("old_password", ""), form.get("new_password", "")
            )
        except InvalidInput as exc:
            return page(
                request,
                "auth/account.html",
                status_code=422,
                error_field=exc.params.get("field"),
                error_message=_error_message(request, exc),
                password_hint=_password_hint(request),
            )
        # Every session ends with a password change, this one too: sign in again with the new password.
        return Redirect(
            "/sign-in?changed=1", cookies=[Cookie(key=SESSION_COOKIE, value="", max_age=0, path="/")]
        )

    @post("/language", dependencies={"viewer": Provide(optional_page_principal)})
    async def language(
        self, request: Request[Any, Any, Any], viewer: NamedDependency[Principal | None]
    ) -> Redirect:
        form = await check_form(request)
        locale = form.get("locale", "")
        if locale not in LOCALES:
            raise InvalidInput("unknown language", field="locale")
        if viewer is not None:
            await service.set_locale(viewer.user_id, locale)
        cookie = Cookie(
            key=LANG_COOKIE,
            value=locale,
            max_age=365 * 24 * 3600,
            samesite="lax",
            path="/",
            secure=_secure(request),
        )
        return Redirect(local_path(form.get("next")) or "/", cookies=[cookie])
