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
from court.responses import Out, out
from court.web.auth import current_principal

MAX_CALLBACK_BYTES = 16 * 1024  # a notification is a few hundred bytes


def platform_of(request: Request[Any, Any, Any]) -> Any:
    return platform_for(request.app.state.runtime.settings)


class PaymentOut(Out):
    order_no: str
    trade_no: str | None
    platform: str
    amount: str  # yuan, two decimals


class FeeChargeOut(Out):
    """A case's fee charge (诉讼费) as its parties and the court see it; amounts are yuan strings, dates ISO 8601."""

    id: int
    status: str
    amount: str
    notice_on: str
    due_on: str
    rule: str
    article: str
    provisional: bool
    reminded_on: str | None
    withdrawn_on: str | None
    paid_at: str | None
    payment: PaymentOut | None
    payments_recorded: int
    refunded: str


class PaymentStarted(Out):
    order_no: str
    amount: str
    platform: str
    simulated: bool
    checkout_url: str


class CallbackHandled(Out):
    outcome: str  # paid, duplicate or refund_due
    order_no: str


class CaseFeeController(Controller):
    path = "/api/v1/cases/{case_id:int}/fee"
    tags = ["fees"]
    dependencies = {"principal": Provide(current_principal)}

    @get("/")
    async def show(
        self, case_id: FromPath[int], principal: NamedDependency[Principal]
    ) -> FeeChargeOut | None:
        charge = await service.fee_status(principal, case_id)
        return None if charge is None else out(FeeChargeOut, charge)

    @post("/payments", status_code=201)
    async def pay(
        self, request: Request[Any, Any, Any], case_id: FromPath[int], principal: NamedDependency[Principal]
    ) -> PaymentStarted:
        return out(PaymentStarted, await service.start_payment(principal, case_id, platform_of(request)))

    @get("/receipt.pdf")
    async def receipt(self, case_id: FromPath[int], principal: NamedDependency[Principal]) -> Response[bytes]:
        pdf = await service.receipt_pdf(principal, case_id)
        return Response(
            pdf,
            media_type="application/pdf",
            headers={
                "content-disposition": f'inline; filename="fee-receipt-{case_id}.pdf"',
                "cache-control": "no-store",
            },
        )


@post("/api/v1/payments/callback/{platform_name:str}", tags=["fees"], status_code=200)
async def payment_callback(request: Request[Any, Any, Any], platform_name: FromPath[str]) -> CallbackHandled:
    """The payment platform's notification: no session, authenticated by its HMAC signature alone."""
    platform = platform_of(request)
    if platform_name != platform.name:
        raise CallbackRefused(
            msg("no payment platform %(platform_name)s", platform_name=platform_name),
            reason="unknown_platform",
        )
    body = await request.body()
    if len(body) > MAX_CALLBACK_BYTES:
        raise CallbackRefused("the callback is too large", reason="malformed")
    return out(
        CallbackHandled, await service.handle_callback(platform, body, request.headers.get(SIGNATURE_HEADER))
    )
