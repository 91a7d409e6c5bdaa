"""Shared-court kiosk (共享法庭终端): large type, one step per screen, Chinese first, run by the terminal's operator.

The terminal is known by its device key, kept in a cookie when the terminal is set up; the operator (庭务主任)
signs in on it, and every filing made here is bound to the terminal, so the policy lets the operator act only
on this terminal's filings. Villagers' own cases are looked up by their ID number together with the number.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
from litestar import Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency, Provide
from litestar.exceptions import HTTPException
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath
from litestar.response import Redirect, Template

from court.accounts.pages import _secure, _session_cookie, signed_out
from court.accounts.policy import Action, Principal, decide
from court.cases.fee_preview import preview_fee
from court.errors import CourtError, InvalidInput, NotAuthenticated, NotFound, PermissionDenied, RateLimited
from court.filing import service
from court.filing.docket_view import as_json
from court.filing.pages import _chunk_bytes
from court.filing.schemas import ClaimIn, FilingIn, PartyIn
from court.filing.status import FilingStatus
from court.i18n import DEFAULT_LOCALE, LOCALES, error_detail, msg
from court.terminals import lookup
from court.terminals import service as terminals
from court.terminals.binding import DEVICE_COOKIE
from court.terminals.identity import verifier
from court.web.access import PageController, page_error, page_principal
from court.web.csrf import check_form
from court.web.locale import request_locale
from court.web.ratelimit import rate_limited
from court.web.templating import page

# The key stays on the device for as long as the terminal is registered; revoking it on the server ends it.
DEVICE_COOKIE_AGE = 5 * 365 * 24 * 3600
# Path "/": a terminal session shows its device key on every request (court.terminals.binding), including the
# upload API the documents screen calls. Terminals set up before kept it under /kiosk; that copy is cleared.
DEVICE_COOKIE_PATH = "/"
LEGACY_DEVICE_COOKIE_PATH = "/kiosk"
EDITABLE = (FilingStatus.DRAFT, FilingStatus.RETURNED)
# The disputes villagers most often bring (民事案件案由规定, 2020): a short list, with "other" for the rest.
COMMON_CAUSES = (
    "民间借贷纠纷",
    "买卖合同纠纷",
    "劳务合同纠纷",
    "追索劳动报酬纠纷",
    "离婚纠纷",
    "赡养纠纷",
    "相邻关系纠纷",
    "物业服务合同纠纷",
    "机动车交通事故责任纠纷",
    "土地承包经营权纠纷",
)
HELP_TOPICS = ("filing", "fees", "small-claims", "mediation")
STEPS = ("identity", "defendant", "claims", "documents", "review", "receipt")


async def kiosk_principal(request: Request[Any, Any, Any]) -> Principal:
    """A session opened on a terminal; a session opened elsewhere is sent to sign in on the terminal."""
    principal = await page_principal(request)
    if principal.terminal_id is None:
        raise NotAuthenticated("sign in on the terminal")
    return principal


def _device_cookies(request: Request[Any, Any, Any], key: str) -> list[Cookie]:
    return [
        Cookie(
            key=DEVICE_COOKIE,
            value=key,
            httponly=True,
            samesite="strict",
            secure=_secure(request),
            max_age=DEVICE_COOKIE_AGE,
            path=DEVICE_COOKIE_PATH,
        ),
        Cookie(key=DEVICE_COOKIE, value="", max_age=0, path=LEGACY_DEVICE_COOKIE_PATH),
    ]


def _page(
    request: Request[Any, Any, Any], template: str, *, status_code: int = 200, **context: Any
) -> Template:
    """A kiosk screen, in Chinese unless someone chose otherwise here: the kiosk browser's language and the
    operator's account setting say nothing about the villager at the screen."""
    chosen = request.query_params.get("lang") or request.cookies.get("court_lang")
    request.scope["court_locale"] = chosen if chosen in LOCALES else DEFAULT_LOCALE  # type: ignore[typeddict-unknown-key]
    return page(request, template, status_code=status_code, **context)


def kiosk_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if isinstance(exc, NotAuthenticated) and request.method == "GET":
        return Redirect("/kiosk/sign-in" if request.cookies.get(DEVICE_COOKIE) else "/kiosk/setup")
    return page_error(request, exc)


def _convert(values: dict[str, str], shape: type[Any]) -> Any:
    cleaned = {k: v.strip() for k, v in values.items() if v and v.strip()}
    try:
        return msgspec.convert(cleaned, shape)
    except msgspec.ValidationError as exc:
        raise InvalidInput(str(exc)) from None


def _step(
    request: Request[Any, Any, Any], template: str, step: str, *, status_code: int = 200, **context: Any
) -> Template:
    return _page(
        request, template, status_code=status_code, step=STEPS.index(step) + 1, steps=len(STEPS), **context
    )


async def _editable_filing(principal: Principal, filing_id: int) -> dict[str, Any]:
    filing = await service.authorize(principal, Action.VIEW, filing_id)
    view = await service.filing_view(filing_id)
    view["editable"] = (
        view["status"] in EDITABLE
        and decide(principal, Action.EDIT, await service.resource_of(filing)).allowed
    )
    return view


async def _filing_step(
    request: Request[Any, Any, Any],
    principal: Principal,
    filing_id: int,
    step: str,
    *,
    status_code: int = 200,
    **context: Any,
) -> Template:
    """A step's screen (kiosk/<step>.html) over the filing as the operator may see and edit it."""
    filing = await _editable_filing(principal, filing_id)
    return _step(request, f"kiosk/{step}.html", step, status_code=status_code, filing=filing, **context)


def _step_form(step: str) -> HTTPRouteHandler:
    """The screen of a step that adds items one at a time (defendants, claims), with an empty form."""

    async def handler(
        self: Any,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        filing_id: FromPath[int],
    ) -> Template:
        return await _filing_step(request, principal, filing_id, step, values={})

    handler.__name__ = f"{step}_form"
    return get(f"/filings/{{filing_id:int}}/{step}")(handler)


def _step_add(
    step: str, fields: tuple[str, ...], add: Callable[[Principal, int, dict[str, str]], Awaitable[Any]]
) -> HTTPRouteHandler:
    """A step's form adds one item and shows the step again for the next; a problem shows the form again with what
    was typed and the problem in the screen's language."""

    async def handler(
        self: Any,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        filing_id: FromPath[int],
    ) -> Response[Any]:
        form = await check_form(request)
        values = {k: form.get(k, "") for k in fields}
        try:
            await add(principal, filing_id, values)
        except InvalidInput as exc:
            return await _filing_step(
                request,
                principal,
                filing_id,
                step,
                status_code=422,
                values=values,
                error=error_detail(exc, request_locale(request)),
            )
        return Redirect(f"/kiosk/filings/{filing_id}/{step}")

    handler.__name__ = f"add_{step.removesuffix('s')}"
    return post(f"/filings/{{filing_id:int}}/{step}")(handler)


async def _add_defendant(principal: Principal, filing_id: int, values: dict[str, str]) -> None:
    await service.add_party(principal, filing_id, _convert({**values, "role": "defendant"}, PartyIn))


async def _add_claim(principal: Principal, filing_id: int, values: dict[str, str]) -> None:
    await service.add_claim(principal, filing_id, _convert(values, ClaimIn))


async def _lookup(request: Request[Any, Any, Any], principal: Principal, template: str) -> Response[Any]:
    form = await check_form(request)
    values = {"id_number": form.get("id_number", "").strip(), "number": form.get("number", "").strip()}
    if not values["id_number"] or not values["number"]:
        return _page(request, template, status_code=422, values=values, not_found=True)
    try:
        found = await lookup.progress(
            principal, request.app.state.runtime, id_number=values["id_number"], number=values["number"]
        )
    except NotFound:
        return _page(request, template, status_code=404, values=values, not_found=True)
    except RateLimited as exc:
        refused = page_error(request, exc)
        refused.headers["retry-after"] = str(exc.params["retry_after"])
        return refused
    # The result shows no ID number back: the next villager at the screen should not read it.
    return _page(
        request, template, values={}, result=found, hearings=await lookup.online_hearings(found["number"])
    )


def _lookup_screen(name: str) -> tuple[HTTPRouteHandler, HTTPRouteHandler]:
    """A lookup screen (progress, hearings): its empty form, and the form's answer."""
    template = f"kiosk/{name}.html"

    async def form(
        self: Any, request: Request[Any, Any, Any], principal: NamedDependency[Principal]
    ) -> Template:
        return _page(request, template, values={})

    async def answer(
        self: Any, request: Request[Any, Any, Any], principal: NamedDependency[Principal]
    ) -> Response[Any]:
        return await _lookup(request, principal, template)

    form.__name__, answer.__name__ = f"{name}_form", name
    return get(f"/{name}")(form), post(f"/{name}")(answer)


class KioskPages(PageController):
    path = "/kiosk"
    dependencies = {"principal": Provide(kiosk_principal)}  # noqa: RUF012
    exception_handlers = {CourtError: kiosk_error, HTTPException: kiosk_error, Exception: kiosk_error}  # noqa: RUF012

    # --- setting up the terminal and signing in ------------------------------------------------------------

    @get("/setup")
    async def setup_form(self, request: Request[Any, Any, Any]) -> Template:
        return _page(request, "kiosk/setup.html")

    @post("/setup")
    async def setup(self, request: Request[Any, Any, Any]) -> Response[Any]:
        form = await check_form(request)
        key = form.get("device_key", "").strip()
        try:
            await terminals.device(key)
        except NotAuthenticated:
            return _page(request, "kiosk/setup.html", status_code=401, failed=True)
        return Redirect("/kiosk/sign-in", cookies=_device_cookies(request, key))

    @get("/sign-in")
    async def sign_in_form(self, request: Request[Any, Any, Any]) -> Response[Any]:
        try:
            terminal = await terminals.device(request.cookies.get(DEVICE_COOKIE))
        except NotAuthenticated:
            return Redirect("/kiosk/setup")
        return _page(request, "kiosk/sign_in.html", terminal=terminal)

    @post("/sign-in", opt=rate_limited("sign_in"))
    async def sign_in(self, request: Request[Any, Any, Any]) -> Response[Any]:
        form = await check_form(request)
        device_key = request.cookies.get(DEVICE_COOKIE)
        try:
            terminal = await terminals.device(device_key)
        except NotAuthenticated:
            return Redirect("/kiosk/setup")
        try:
            issued = await terminals.operator_sign_in(
                device_key, form.get("username", ""), form.get("password", "")
            )
        except (NotAuthenticated, PermissionDenied) as exc:
            return _page(
                request,
                "kiosk/sign_in.html",
                status_code=exc.status,
                terminal=terminal,
                failed=exc.code,
                username=form.get("username", ""),
            )
        # The device cookie is set again at its path "/" (a terminal set up before kept it under /kiosk only).
        return Redirect(
            "/kiosk",
            cookies=[
                _session_cookie(request, issued.token, issued.expires_at),
                *_device_cookies(request, str(device_key)),
            ],
        )

    @post("/sign-out")
    async def sign_out(self, request: Request[Any, Any, Any]) -> Redirect:
        return await signed_out(request, "/kiosk/sign-in")

    @get("/")
    async def home(self, request: Request[Any, Any, Any], principal: NamedDependency[Principal]) -> Template:
        recent = await service.my_filings(principal, limit=10)
        return _page(
            request, "kiosk/home.html", terminal=await terminals.terminal_of(principal), recent=recent
        )

    # --- filing on behalf of a villager (代为立案), one step per screen ----------------------------------------

    @get("/file")
    async def identity_form(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal]
    ) -> Template:
        return _step(request, "kiosk/identity.html", "identity", values={}, causes=COMMON_CAUSES)

    @post("/file", opt=rate_limited("filing"))
    async def start_filing(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal]
    ) -> Response[Any]:
        form = await check_form(request)
        values = {k: form.get(k, "") for k in ("name", "id_number", "phone", "address", "cause_name")}
        check = verifier().verify(values["name"], values["id_number"])
        # A problem shows the first screen again with what was typed.
        refused = functools.partial(
            _step,
            request,
            "kiosk/identity.html",
            "identity",
            status_code=422,
            values=values,
            causes=COMMON_CAUSES,
        )
        if not check.verified:
            return refused(error="identity")
        try:
            villager = _convert(
                {**{k: values[k] for k in ("name", "id_number", "phone", "address")}, "role": "plaintiff"},
                PartyIn,
            )
            data = FilingIn(
                receiving_court_code=principal.court_code,
                case_type="civil",
                cause_name=values["cause_name"].strip()[:64] or None,
                parties=[villager],
            )
            filing_id = await service.create_filing(
                principal, data, idempotency_key=form.get("idempotency_key") or None
            )
        except InvalidInput as exc:
            return refused(error="invalid", detail=error_detail(exc, request_locale(request)))
        return Redirect(f"/kiosk/filings/{filing_id}/defendant")

    defendant_form = _step_form("defendant")
    add_defendant = _step_add(
        "defendant", ("name", "kind", "id_number", "uscc", "address", "phone"), _add_defendant
    )
    claims_form = _step_form("claims")
    add_claim = _step_add("claims", ("text", "amount"), _add_claim)

    @get("/filings/{filing_id:int}/documents")
    async def documents(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], filing_id: FromPath[int]
    ) -> Template:
        return await _filing_step(
            request, principal, filing_id, "documents", chunk_bytes=_chunk_bytes(request)
        )

    @get("/filings/{filing_id:int}/review")
    async def review(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], filing_id: FromPath[int]
    ) -> Template:
        filing = await _editable_filing(principal, filing_id)
        return _step(request, "kiosk/review.html", "review", filing=filing, fee=preview_fee(filing))

    @post("/filings/{filing_id:int}/submit")
    async def submit(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], filing_id: FromPath[int]
    ) -> Response[Any]:
        form = await check_form(request)
        try:
            await service.submit_filing(
                principal, filing_id, idempotency_key=form.get("idempotency_key") or None
            )
        except InvalidInput as exc:
            filing = await _editable_filing(principal, filing_id)
            return _step(
                request,
                "kiosk/review.html",
                "review",
                status_code=422,
                filing=filing,
                fee=preview_fee(filing),
                missing=exc.params.get("missing") or [],
                error=error_detail(exc, request_locale(request)),
            )
        return Redirect(f"/kiosk/filings/{filing_id}/receipt")

    @get("/filings/{filing_id:int}/receipt")
    async def receipt(
        self, request: Request[Any, Any, Any], principal: NamedDependency[Principal], filing_id: FromPath[int]
    ) -> Response[Any]:
        filing = await _editable_filing(principal, filing_id)
        receipt = as_json(filing.get("receipt"))
        if not receipt:
            return Redirect(f"/kiosk/filings/{filing_id}/review")
        return _step(request, "kiosk/receipt.html", "receipt", filing=filing, receipt=receipt)

    # --- a villager's progress and hearings, found by ID number and number -----------------------------------

    progress_form, progress = _lookup_screen("progress")
    hearings_form, hearings = _lookup_screen("hearings")

    # --- legal help (法律帮助): static pages, readable without signing in -----------------------------------

    @get("/help")
    async def help_index(self, request: Request[Any, Any, Any]) -> Template:
        return _page(request, "kiosk/help.html", topics=HELP_TOPICS)

    @get("/help/{topic:str}")
    async def help_topic(self, request: Request[Any, Any, Any], topic: FromPath[str]) -> Template:
        if topic not in HELP_TOPICS:
            raise NotFound(msg("no help page %(topic)s", topic=topic))
        return _page(request, f"kiosk/help_{topic.replace('-', '_')}.html", topic=topic)
