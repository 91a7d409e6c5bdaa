"""The fee API: the case's charge, opening a payment, the receipt, and the platform's callback
(/api/v1/cases/{id}/fee, /api/v1/payments/callback/{platform})."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Response

from court.accounts.policy import Principal
from court.i18n import msg
from court.payments import service
from court.payments.platform import SIGNATURE_HEADER, CallbackRefused, platform_for
from court.web.auth import current_principal

MAX_CALLBACK_BYTES = 16 * 1024  # a notification is a few hundred bytes


def platform_of(request: Request[Any, Any, Any]) -> Any:
    return platform_for(request.app.state.runtime.settings)


class CaseFeeController(Controller):
    path = "/api/v1/cases/{case_id:int}/fee"
    tags = ["fees"]
    dependencies = {"principal": Provide(current_principal)}

    @get("/")
    async def show(self, case_id: FromPath[int], principal: NamedDependency[Principal]) -> dict[str, Any] | None:
        return await service.fee_status(principal, case_id)

    @post("/payments", status_code=201)
    async def pay(self, request: Request[Any, Any, Any], case_id: FromPath[int], principal: NamedDependency[Principal]) -> dict[str, Any]:
        return await service.start_payment(principal, case_id, platform_of(request))

    @get("/receipt.pdf")
    async def receipt(self, case_id: FromPath[int], principal: NamedDependency[Principal]) -> Response[bytes]:
        pdf = await service.receipt_pdf(principal, case_id)
        return Response(pdf, media_type="application/pdf", headers={
            "content-disposition": f'inline; filename="fee-receipt-{case_id}.pdf"', "cache-control": "no-store"})


@post("/api/v1/payments/callback/{platform_name:str}", tags=["fees"], status_code=200)
async def payment_callback(request: Request[Any, Any, Any], platform_name: FromPath[str]) -> dict[str, Any]:
    """The payment platform's notification: no session, authenticated by its HMAC signature alone."""
    platform = platform_of(request)
    if platform_name != platform.name:
        raise CallbackRefused(msg("no payment platform %(platform_name)s", platform_name=platform_name), reason="unknown_platform")
    body = await request.body()
    if len(body) > MAX_CALLBACK_BYTES:
        raise CallbackRefused("the callback is too large", reason="malformed")
    return await service.handle_callback(platform, body, request.headers.get(SIGNATURE_HEADER))
