"""The state machines of fees paid: a charge is due until paid or deemed withdrawn; a payment order is pending until
the platform reports it paid (or it is cancelled)."""

from __future__ import annotations

from enum import StrEnum

from court.statemachine import Machine


class ChargeStatus(StrEnum):
    DUE = "due"  # 待缴费
    PAID = "paid"  # 已缴费
    WITHDRAWN = "withdrawn"  # 未缴费，按撤诉处理 (CPL-Interp Art 213)


class PaymentStatus(StrEnum):
    PENDING = "pending"  # 待支付
    PAID = "paid"  # 已支付
    CANCELLED = "cancelled"  # 已取消


FEE_CHARGE = Machine(
    name="fee_charge",
    table="court.payments.tables:FeeCharge",
    transitions={
        ChargeStatus.DUE: frozenset({ChargeStatus.PAID, ChargeStatus.WITHDRAWN}),
        ChargeStatus.PAID: frozenset(),
        ChargeStatus.WITHDRAWN: frozenset(),
    },
    initial=frozenset({ChargeStatus.DUE}),
    subject_type="fee_charge",
    events={
        "fee.charged": ChargeStatus.DUE,
        "fee.paid": ChargeStatus.PAID,
        "fee.withdrawn": ChargeStatus.WITHDRAWN,
    },
)

FEE_PAYMENT = Machine(
    name="fee_payment",
    table="court.payments.tables:FeePayment",
    transitions={
        PaymentStatus.PENDING: frozenset({PaymentStatus.PAID, PaymentStatus.CANCELLED}),
        PaymentStatus.PAID: frozenset(),
        PaymentStatus.CANCELLED: frozenset(),
    },
    initial=frozenset({PaymentStatus.PENDING}),
)
