"""Sign-in, sign-out, the current user, password change and API tokens."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import msgspec
from litestar import Controller, Request, Response, delete, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody

from court.accounts import service
from court.accounts.policy import Principal
from court.errors import InvalidInput
from court.web.auth import SESSION_COOKIE, bearer_token, current_principal
from court.web.ratelimit import client_address, rate_limited


class SignIn(msgspec.Struct):
    username: str
    password: str


class SignedIn(msgspec.Struct):
    token: str
    expires_at: datetime
    user_id: int


class PasswordChange(msgspec.Struct):
    old_password: str
    new_password: str


class TokenRequest(msgspec.Struct):
    label: str = ""
    # "*" or actions of the access policy (view, create, edit, submit, ...); within the calling credential's own.
    scopes: list[str] = msgspec.field(default_factory=lambda: ["*"])
    days: int = 30


class TokenListing(msgspec.Struct):
    """One of the caller's API tokens in force, as listed: never its secret or hash."""

    id: int
    label: str
    scopes: list[str]
    created_at: datetime
    expires_at: datetime


class Me(msgspec.Struct):
    id: int
    username: str
    display_name: str
    role: str
    court_code: str | None
    locale: str


def _secure(request: Request[Any, Any, Any]) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["accounts"]

    @post("/sign-in", status_code=200, opt=rate_limited("sign_in"))
    async def sign_in(self, request: Request[Any, Any, Any], data: JSONBody[SignIn]) -> Response[SignedIn]:
        issued = await service.sign_in(data.username, data.password, client=client_address(request))
        cookie = Cookie(
            key=SESSION_COOKIE,
            value=issued.token,
            httponly=True,
            samesite="lax",
            secure=_secure(request),
            max_age=int((issued.expires_at - datetime.now(issued.expires_at.tzinfo)).total_seconds()),
            path="/",
        )
        return Response(SignedIn(issued.token, issued.expires_at, issued.user_id), cookies=[cookie])

    @post("/sign-out", status_code=204, dependencies={"principal": Provide(current_principal)})
    async def sign_out(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal]
    ) -> Response[None]:
        token = bearer_token(request)
        if token:
            await service.revoke(token)
        return Response(
            None, status_code=204, cookies=[Cookie(key=SESSION_COOKIE, value="", max_age=0, path="/")]
        )

    @post("/tokens", status_code=201, dependencies={"principal": Provide(current_principal)})
    async def create_token(
        self, data: JSONBody[TokenRequest], principal: NamedDependency[Principal]
    ) -> SignedIn:
        if not 1 <= data.days <= 365:
            raise InvalidInput("days must be between 1 and 365", field="days")
        if len(data.label) > 128:
            raise InvalidInput("the label may have at most 128 characters", field="label")
        # A token may hand on its own scopes, never more, and never none: otherwise any token could mint a "*" one.
        issued = await service.mint_token(
            principal, scopes=data.scopes, label=data.label, lifetime=timedelta(days=data.days)
        )
        return SignedIn(issued.token, issued.expires_at, issued.user_id)

    @get("/tokens", dependencies={"principal": Provide(current_principal)})
    async def list_tokens(self, principal: NamedDependency[Principal]) -> list[TokenListing]:
        return [
            TokenListing(t.id, t.label, t.scopes, t.created_at, t.expires_at)
            for t in await service.list_tokens(principal)
        ]

    @delete("/tokens/{token_id:int}", status_code=204, dependencies={"principal": Provide(current_principal)})
    async def revoke_token(self, token_id: FromPath[int], principal: NamedDependency[Principal]) -> None:
        await service.revoke_token(principal, token_id)


class MeController(Controller):
    path = "/api/v1/me"
    tags = ["accounts"]
    dependencies = {"principal": Provide(current_principal)}

    @get("/")
    async def me(self, request: Request[Any, Any, Any], principal: NamedDependency[Principal]) -> Me:
        user = request.scope["court_user"]  # type: ignore[typeddict-item]
        return Me(
            principal.user_id,
            user["username"],
            user["display_name"],
            user["role"],
            user["court_code"],
            user["locale"],
        )

    @post("/password", status_code=204)
    async def change_password(
        self, data: JSONBody[PasswordChange], principal: NamedDependency[Principal]
    ) -> None:
        await service.change_password(principal, data.old_password, data.new_password)
