"""Tables of fees paid (缴费): one charge per case, the payments made against it, each platform callback once, refunds."""

from piccolo.columns import JSON, Date, ForeignKey, Integer, Numeric, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from court.cases.tables import Case


class FeeCharge(Table, tablename="court_fee_charge"):
    """The acceptance fee a case's plaintiff must prepay (预交案件受理费), from the fee notice given at registration."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    case = ForeignKey(references=Case, unique=True, index=True)  # one charge per case
    court_code = Varchar(length=16, index=True)
    amount = Numeric(digits=(16, 2))
    status = Varchar(length=16, default="due", index=True)  # court.payments.status.ChargeStatus
    notice_on = Date()  # the day the fee notice was given (交纳诉讼费用通知)
    due_on = Date(index=True)  # the engine's fee_payment deadline from notice_on
    due_rule = JSON(default={})  # the engine's answer: rule, article, provisional
    reminded_on = Date(null=True, default=None)  # the reminder (催缴) was sent; once
    paid_at = Timestamptz(null=True, default=None)
    payment_id = Integer(null=True, default=None)  # the payment that settled the charge
    withdrawn_on = Date(null=True, default=None)  # 按撤诉处理 (CPL-Interp Art 213)
    # An appeal's fee (上诉案件受理费, Fee Measures Art 20) is a charge of its own: no case (the case's charge stays
    # the one acceptance fee), the appeal it belongs to instead (court.appeals).
    appeal_id = Integer(null=True, default=None, index=True)  # unique: an index of the migration


class FeePayment(Table, tablename="court_fee_payment"):
    """One payment order at a payment platform (支付订单) for a charge."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    charge = ForeignKey(references=FeeCharge, index=True)
    order_no = Varchar(length=40, unique=True, index=True)  # ours, sent to the platform
    platform = Varchar(length=24)  # court.payments.platform name, e.g. simulated
    amount = Numeric(digits=(16, 2))
    status = Varchar(length=16, default="pending", index=True)  # court.payments.status.PaymentStatus
    payer_id = Integer(null=True, default=None)
    trade_no = Varchar(length=64, null=True, default=None, unique=True)  # the platform's transaction number
    created_at = Timestamptz(default=TimestamptzNow())
    paid_at = Timestamptz(null=True, default=None)


class FeeCallback(Table, tablename="court_fee_callback"):
    """A platform notification processed once: its event id is unique, so a replay finds it and changes nothing."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    platform = Varchar(length=24)
    event_id = Varchar(length=80, unique=True, index=True)  # platform:event id
    order_no = Varchar(length=40, index=True)
    outcome = Varchar(length=24)  # paid, duplicate
    at = Timestamptz(default=TimestamptzNow())


class FeeRefund(Table, tablename="court_fee_refund"):
    """A refund of fees paid (退费), e.g. half on withdrawal or mediation (Fee Measures Art 15), recorded at closing."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    charge = ForeignKey(references=FeeCharge, index=True)
    amount = Numeric(digits=(16, 2))
    reason = Varchar(length=255, default="")
    article = Varchar(length=64, default="")
    recorded_by = Integer(null=True, default=None)
    at = Timestamptz(default=TimestamptzNow())
