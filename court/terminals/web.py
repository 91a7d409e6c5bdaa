"""Terminal API: device heartbeat, operator sign-in on a device, identity check, progress lookup, the fleet."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody

from court.accounts.policy import Principal
from court.errors import PermissionDenied, RateLimited
from court.responses import Out, out, out_list
from court.terminals import lookup, service
from court.terminals.identity import verifier
from court.web.auth import current_principal
from court.web.problems import court_error_handler
from court.web.ratelimit import rate_limited

DEVICE_HEADER = "x-terminal-key"


class TerminalIn(msgspec.Struct, forbid_unknown_fields=True):
    code: str
    name: str
    court_code: str
    place: str = ""
    division_code: str = ""


class HeartbeatIn(msgspec.Struct):
    version: str
    queued_items: int = 0


class OperatorSignIn(msgspec.Struct):
    username: str
    password: str


class IdentityIn(msgspec.Struct):
    name: str
    id_number: str


class TerminalHeartbeat(Out):
    terminal: str
    court_code: str
    server_time: str  # ISO 8601, as the terminal's client parses it


class OperatorSignedIn(Out):
    token: str
    expires_at: str  # ISO 8601
    user_id: int


class TerminalRegistered(Out):
    id: int
    code: str
    device_key: str  # returned once; only its hash is kept


class TerminalRevoked(Out):
    id: int
    revoked: bool


class TerminalListed(Out):
    id: int
    code: str
    name: str
    place: str
    version: str
    queued_items: int
    last_seen_at: datetime | None
    revoked_at: datetime | None


class IdentityChecked(Out):
    verified: bool
    method: str
    detail: str


class ProgressStep(Out):
    at: datetime
    to_status: str  # court.filing.status.FilingStatus the filing moved to
    reason: str


class ProgressOut(Out):
    """A filing's progress as the villager's terminal shows it."""

    number: str
    status: str
    party: str  # the villager's own name on the filing
    steps: list[ProgressStep]
    decision_due_at: datetime | None


class TerminalDeviceController(Controller):
    """Calls a terminal makes with its device key (no user yet)."""

    path = "/api/v1/terminal"
    tags = ["terminals"]

    @post("/heartbeat", status_code=200)
    async def heartbeat(
        self, request: Request[Any, Any, Any], data: JSONBody[HeartbeatIn]
    ) -> TerminalHeartbeat:
        return out(
            TerminalHeartbeat,
            await service.heartbeat(
                request.headers.get(DEVICE_HEADER), version=data.version, queued_items=data.queued_items
            ),
        )

    @post("/sign-in", status_code=200, opt=rate_limited("sign_in"))
    async def sign_in(
        self, request: Request[Any, Any, Any], data: JSONBody[OperatorSignIn]
    ) -> OperatorSignedIn:
        issued = await service.operator_sign_in(
            request.headers.get(DEVICE_HEADER), data.username, data.password
        )
        return OperatorSignedIn(
            token=issued.token, expires_at=issued.expires_at.isoformat(), user_id=issued.user_id
        )


class TerminalController(Controller):
    path = "/api/v1"
    tags = ["terminals"]
    dependencies = {"principal": Provide(current_principal)}

    @post("/terminals", status_code=201)
    async def register(
        self, data: JSONBody[TerminalIn], principal: NamedDependency[Principal]
    ) -> TerminalRegistered:
        return out(
            TerminalRegistered,
            await service.register_terminal(
                principal,
                code=data.code,
                name=data.name,
                court_code=data.court_code,
                place=data.place,
                division_code=data.division_code,
            ),
        )

    @post("/terminals/{terminal_id:int}/revoke", status_code=200)
    async def revoke(
        self, terminal_id: FromPath[int], principal: NamedDependency[Principal]
    ) -> TerminalRevoked:
        await service.revoke_terminal(principal, terminal_id)
        return TerminalRevoked(id=terminal_id, revoked=True)

    @get("/courts/{code:str}/terminals")
    async def fleet(self, code: FromPath[str], principal: NamedDependency[Principal]) -> list[TerminalListed]:
        return out_list(TerminalListed, await service.fleet(principal, code))

    @post("/terminal/identity", status_code=200)
    async def check_identity(
        self, data: JSONBody[IdentityIn], principal: NamedDependency[Principal]
    ) -> IdentityChecked:
        if principal.terminal_id is None:
            raise PermissionDenied("identity checks are made on a terminal session")
        result = verifier().verify(data.name, data.id_number)
        return IdentityChecked(verified=result.verified, method=result.method, detail=result.detail)

    @get("/terminal/progress")
    async def progress(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        id_number: FromQuery[str],
        number: FromQuery[str],
    ) -> Response[ProgressOut]:
        """A villager's filing or case progress, found by their resident ID number AND the filing/case number.
        Limited per terminal and per ID number (court.terminals.limits): over the limit, 429 with Retry-After."""
        try:
            found = await lookup.progress(
                principal, request.app.state.runtime, id_number=id_number, number=number
            )
        except RateLimited as exc:
            refused = court_error_handler(request, exc)
            refused.headers["retry-after"] = str(exc.params["retry_after"])
            return refused
        return Response(out(ProgressOut, found))
