"""create_app(settings): the composition root — wires settings, engine, storage, jobs and the features' routes and
templates (court.features); nothing else."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar, Request, Response
from litestar.config.app import AppConfig
from litestar.datastructures import MutableScopeHeaders, State
from litestar.openapi import OpenAPIConfig
from litestar.types import Message, Scope

from court.bootstrap import Runtime, build_runtime
from court.db import close_pool, start_pool
from court.features import FEATURES, template_dirs
from court.i18n import Msg
from court.reference.names import load_court_names
from court.replica import read_your_writes
from court.settings import Settings, load_settings
from court.web.boundary import CourtRequest, refuse_forbidden_text
from court.web.caching import mark_private
from court.web.problems import EXCEPTION_HANDLERS
from court.web.ratelimit import enforce as enforce_rate_limits
from court.web.templating import template_config

log = logging.getLogger("court")

# Requests that never render a page: no court names needed (the API answers codes, health checks must not query).
NO_PAGE_PATHS = ("/api/", "/health", "/ready", "/static/", "/schema")

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    # Same origin only: the clerk's review screen shows a filing's PDF in a frame beside its docket.
    "x-frame-options": "SAMEORIGIN",
    "referrer-policy": "same-origin",
    "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'self'",
    "permissions-policy": "camera=(self), microphone=(self), geolocation=()",
}


def route_handlers() -> list[Any]:
    """Every feature's handlers, in FEATURES order (one list, so the access-control matrix can enumerate the routes)."""
    return [handler for feature in FEATURES for handler in feature.routes()]


async def before_request(request: Request[Any, Any, Any]) -> Response[Any] | None:
    """Before every handler: the courts' names for the pages (read from the reference tables once per process),
    then the handler's rate limit."""
    if not request.url.path.startswith(NO_PAGE_PATHS):
        try:
            await load_court_names()
        except Exception as exc:  # noqa: BLE001 - names are for display; the handler reports a database outage itself
            log.warning("court names not loaded: %s", type(exc).__name__)
    return await enforce_rate_limits(request)


def create_app(
    settings: Settings | None = None, *, runtime: Runtime | None = None, run_jobs: bool = True
) -> Litestar:
    settings = settings or (runtime.settings if runtime else load_settings())

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        rt = runtime or build_runtime(settings)
        app.state.runtime = rt
        await start_pool(rt.engine)
        stop = asyncio.Event()
        tasks: list[asyncio.Task[None]] = []
        if run_jobs:
            if rt.redis is None:
                from court.jobs.runners import InProcessRunner

                runner = InProcessRunner(rt)
                rt.extras["runner"] = runner
                tasks.append(asyncio.create_task(runner.run_forever(stop)))
            else:
                from court.jobs.runners import RqRelay

                tasks.append(asyncio.create_task(RqRelay(rt).run_forever(stop)))
        try:
            yield
        finally:
            stop.set()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await close_pool(rt.engine)

    async def add_security_headers(message: Message, scope: Scope) -> None:
        # before_send sees every response start, including those built by exception handlers and the router's
        # own 404/405, which an after_request hook never sees.
        if message["type"] == "http.response.start":
            headers = MutableScopeHeaders.from_message(message)
            for name, value in SECURITY_HEADERS.items():
                if name not in headers:
                    headers[name] = value

    config = AppConfig(
        route_handlers=route_handlers(),
        lifespan=[lifespan],
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        type_encoders={
            Msg: str
        },  # a message made for later translation (court.i18n.msg) leaves as its English
        before_request=before_request,
        before_send=[
            add_security_headers,
            mark_private,
        ],  # mark_private: Cache-Control no-store, court.web.caching
        template_config=template_config(template_dirs()),
        openapi_config=OpenAPIConfig(title="Court API", version="1.0.0", path="/schema"),
        # JSON bodies are small; upload routes raise their own limit (and check COURT_MAX_UPLOAD_BYTES).
        request_max_body_size=1024 * 1024,
        # A runtime handed in (tests, embedding) is usable before and without the lifespan.
        state=State({"settings": settings, **({"runtime": runtime} if runtime else {})}),
        debug=settings.debug,
        # Input checks at the boundary (court.web.boundary): JSON depth, NUL and unpaired surrogates in any text.
        request_class=CourtRequest,
        # With a read replica: a session that wrote in the last seconds reads from the primary (court/replica.py).
        middleware=[refuse_forbidden_text, *([read_your_writes] if settings.database_replica_url else [])],
    )
    return Litestar.from_config(config)
