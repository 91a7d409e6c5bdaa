"""Payment-platform adapters (支付平台): how an order is opened and how the platform's signed callback is checked.

A real platform (a bank's or a payment company's collection service for court fees) implements `PaymentPlatform`.
The simulated platform ships for development and tests: it never moves money, its pages say so (模拟支付), and it
signs its callbacks exactly as a real one would — HMAC-SHA256 over `timestamp.body` — so the court's callback
handling is the same code for both.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from decimal import Decimal
from typing import Protocol

import msgspec

from court.errors import CourtError
from court.i18n import msg

SIGNATURE_HEADER = "x-payment-signature"
# A signature older than this is refused: together with the unique event id it bounds what a replay can be.
TOLERANCE_SECONDS = 300


class CallbackRefused(CourtError):
    """A payment callback whose signature, timestamp or content does not hold (forged, stale or malformed)."""

    code = "payment_callback_refused"
    status = 400


class CallbackEvent(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What a platform reports about one order: paid, with its own transaction number."""

    event_id: str
    order_no: str
    trade_no: str
    amount: str  # yuan with two decimals, as text so no float ever carries money
    status: str  # "paid"
    paid_at: int  # unix seconds


class PaymentPlatform(Protocol):
    name: str
    simulated: bool

    def checkout_url(self, order_no: str) -> str: ...

    def verify(self, body: bytes, signature: str | None, *, now: float | None = None) -> CallbackEvent: ...


def sign(secret: bytes, body: bytes, timestamp: int) -> str:
    mac = hmac.new(secret, str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


class SimulatedPlatform:
    """The development platform: the checkout page is the court's own /pay/simulated page (labelled 模拟支付)."""

    name = "simulated"
    simulated = True

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def checkout_url(self, order_no: str) -> str:
        return f"/pay/simulated/{order_no}"

    def signed_callback(
        self, order_no: str, amount: Decimal, *, now: float | None = None
    ) -> tuple[bytes, str]:
        """The notification the platform sends once the payer confirms: (body, signature header)."""
        stamp = int(now if now is not None else time.time())
        event = CallbackEvent(
            event_id=f"sim-{secrets.token_hex(8)}",
            order_no=order_no,
            trade_no=f"SIM{secrets.token_hex(10).upper()}",
            amount=f"{amount:.2f}",
            status="paid",
            paid_at=stamp,
        )
        body = msgspec.json.encode(event)
        return body, sign(self._secret, body, stamp)

    def verify(self, body: bytes, signature: str | None, *, now: float | None = None) -> CallbackEvent:
        parts = dict(p.split("=", 1) for p in (signature or "").split(",") if "=" in p)
        stamp, mac = parts.get("t", ""), parts.get("v1", "")
        if not stamp.isdigit() or not mac:
            raise CallbackRefused("the callback carries no signature", reason="unsigned")
        expected = sign(self._secret, body, int(stamp)).split("v1=", 1)[1]
        if not hmac.compare_digest(expected, mac):
            raise CallbackRefused("the callback's signature does not match", reason="bad_signature")
        if abs((now if now is not None else time.time()) - int(stamp)) > TOLERANCE_SECONDS:
            raise CallbackRefused("the callback's signature has expired", reason="stale")
        try:
            event = msgspec.json.decode(body, type=CallbackEvent)
            Decimal(event.amount)
        except (msgspec.ValidationError, msgspec.DecodeError, ArithmeticError):
            raise CallbackRefused("the callback's body is malformed", reason="malformed") from None
        if event.status != "paid":
            raise CallbackRefused(
                msg("unknown payment status %(status_text)s", status_text=event.status), reason="malformed"
            )
        return event


def callback_secret(settings: object) -> bytes:
    """The key callbacks are signed with: payment_callback_secret, or one derived from COURT_SECRET_KEY."""
    own = str(getattr(settings, "payment_callback_secret", "") or "")
    if own:
        return own.encode()
    base = str(getattr(settings, "secret_key", ""))
    return hmac.new(base.encode(), b"court.payments.callback", hashlib.sha256).digest()


def platform_for(settings: object) -> PaymentPlatform:
    name = str(getattr(settings, "payment_platform", "simulated") or "simulated")
    if name == "simulated":
        return SimulatedPlatform(callback_secret(settings))
    raise CourtError(msg("no payment platform %(name)s", name=name))
