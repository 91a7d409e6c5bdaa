"""Tables of enforcement as one matter (执行一件事): matters, parties, agency tasks, property, measures, auctions,
ledger entries, sanctions, notices and the timeline."""

from piccolo.columns import (
    JSON,
    BigInt,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

MONEY = (16, 2)


class EnforcementMatter(Table, tablename="court_exec_matter"):
    """Enforcement matter (执行案件): one 执 or 执恢 case, from registration to closing."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    number = Varchar(length=48, unique=True, index=True)  # （2026）浙0106执1号
    court_code = Varchar(length=16, index=True)
    type_code = Varchar(length=8, default="执")
    year = Integer()
    serial = BigInt()
    title_number = Varchar(length=64, index=True)  # case number of the enforceable document (执行依据)
    title_kind = Varchar(length=24, default="judgment")
    title_case_id = Integer(null=True, default=None, index=True)
    previous_matter_id = Integer(null=True, default=None, index=True)  # the 终本 matter a 执恢 resumes
    performance_due = Date()  # last day of the performance period the title set
    registered_on = Date(index=True)
    notice_deadline = Date(null=True, default=None)  # the day the execution notice orders payment by
    officer_id = Integer(null=True, default=None, index=True)
    enforcement_fee = Numeric(digits=MONEY)
    fee_basis = JSON(default=[])
    stage = Varchar(length=24, default="registration", index=True)
    status = Varchar(length=16, default="open", index=True)  # open, closed
    closing_type = Varchar(length=24, null=True, default=None)
    closed_on = Date(null=True, default=None)
    facts = JSON(default={})  # court.execution.closing.MatterFacts flags recorded by the acts of the matter
    created_at = Timestamptz(default=TimestamptzNow())


class MatterParty(Table, tablename="court_exec_party"):
    """An applicant (申请执行人) or debtor (被执行人) of a matter; applicants carry what the title awards them."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    matter = ForeignKey(references=EnforcementMatter, index=True)
    role = Varchar(length=16)  # applicant, debtor
    name = Varchar(length=128)
    id_code = Varchar(length=18, index=True)  # resident ID or unified social credit code
    user_id = Integer(null=True, default=None, index=True)
    principal = Numeric(digits=MONEY, null=True, default=None)  # money debt awarded (applicants)
    costs = Numeric(digits=MONEY, null=True, default=None)  # litigation costs the debtor must reimburse
    priority = Integer(default=2)  # court.execution.ledger.PriorityClass
    rank = Integer(default=0)


class MatterEvent(Table, tablename="court_exec_event"):
    """One entry of a matter's timeline. `audience` says who sees it: all, court, or one agency code."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    matter = ForeignKey(references=EnforcementMatter, index=True)
    kind = Varchar(length=40, index=True)
    at = Timestamptz(default=TimestamptzNow(), index=True)
    on = Date()
    actor_id = Integer(null=True, default=None)
    audience = Varchar(length=64, default="all")
    detail = JSON(default={})
    key = Varchar(length=160, null=True, default=None, unique=True)  # makes a job's event idempotent


class AgencyTaskRow(Table, tablename="court_exec_agency_task"):
    """Agency task (查控任务): one inquiry, freeze, seizure or deduction sent to one agency."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    matter = ForeignKey(references=EnforcementMatter, index=True)
    agency_kind = Varchar(length=32)
    agency_code = Varchar(length=64, index=True)  # e.g. bank:ICBC; an agency officer's division
    action = Varchar(length=16)
    debtor = Varchar(length=18)
    asset_ref = Varchar(length=64, default="")
    amount = Numeric(digits=MONEY, null=True, default=None)
    property_id = Integer(null=True, default=None)
    state = Varchar(length=16, default="pending", index=True)
    attempts = Integer(default=0)
    max_attempts = Integer(default=5)
    deadline = Timestamptz(index=True)
    next_attempt_at = Timestamptz(null=True, default=None)
    ticket = JSON(null=True, default=None)
    answer = JSON(null=True, default=None)
    last_error = Text(default="")
    applied = Integer(default=0)  # 1 once the answer's effects (property, measure, money) are recorded
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class MatterProperty(Table, tablename="court_exec_property"):
    """Property (财产) of the debtor found by inquiry or reported: a deposit, a flat, a car ..."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    matter = ForeignKey(references=EnforcementMatter, index=True)
    agency_kind = Varchar(length=32)
    institution = Varchar(length=64, default="")
    asset_ref = Varchar(length=64)
    description = Varchar(length=255, default="")
    value = Numeric(digits=MONEY)
    valuation = Numeric(digits=MONEY, null=True, default=None)  # 评估价
    status = Varchar(
        length=16, default="found", index=True
    )  # found, controlled, sold, transferred, exhausted
    key = Varchar(length=120, unique=True)  # matter:asset_ref, so a second inquiry finds nothing new twice


class ControlMeasureRow(Table, tablename="court_exec_measure"):
    """Control measure (控制措施) in force on a property, with its renewals and release."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    matter = ForeignKey(references=EnforcementMatter, index=True)
    property_id = Integer(index=True)
    kind = Varchar(length=32)
    property_ref = Varchar(length=64)
    starts_on = Date()
    expires_on = Date(index=True)
    renewals = JSON(default=[])
    released_on = Date(null=True, default=None)
    amount = Varchar(length=24, default="")
    receipt = Varchar(length=96, default="")


class AuctionRoundRow(Table, tablename="court_exec_auction"):
    """One online auction round (网络司法拍卖) of a property, as planned and as it ended."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    matter = ForeignKey(references=EnforcementMatter, index=True)
    property_id = Integer(index=True)
    round_no = Integer()
    plan = JSON()  # court.execution.auction.AuctionRound
    status = Varchar(length=16, default="announced")  # announced, sold, failed
    winner = Varchar(length=128, null=True, default=None)
    price = Numeric(digits=MONEY, null=True, default=None)
    ended_on = Date(null=True, default=None)


class LedgerEntryRow(Table, tablename="court_exec_ledger_entry"):
    """A journal entry of the execution-money ledger (执行款台账); rows are only ever added."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    matter = ForeignKey(references=EnforcementMatter, index=True)
    key = Varchar(length=160, unique=True)  # matter id + the posting's idempotency key
    sequence = Integer()
    entry = JSON()  # court.execution.ledger.LedgerEntry
    at = Timestamptz(default=TimestamptzNow())


class SanctionRow(Table, tablename="court_exec_sanction"):
    """A credit sanction: consumption restriction (限制消费) or dishonest listing (失信被执行人名单)."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    matter = ForeignKey(references=EnforcementMatter, index=True)
    kind = Varchar(length=32)  # consumption_restriction, dishonest_listing
    debtor = Varchar(length=18, index=True)
    issued_on = Date()
    state = JSON()  # ConsumptionRestriction or DishonestListing
    ended_on = Date(null=True, default=None)


class MatterNotice(Table, tablename="court_exec_notice"):
    """A notice of the matter (执行通知书, 报告财产令, 限制消费令) stored as a PDF blob."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    matter = ForeignKey(references=EnforcementMatter, index=True)
    kind = Varchar(length=32)
    blob_key = Varchar(length=160, index=True)
    sha256 = Varchar(length=64)
    size = BigInt(default=0)
    issued_on = Date()
    issued_by = Integer(null=True, default=None)


class MatterPaymentOrder(Table, tablename="court_exec_payment_order"):
    """A payment order (支付订单) the debtor opened to pay into the matter's custody account through the payment
    platform; the platform's signed callback records the receipt in the ledger once (court.execution.payorders)."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    matter = ForeignKey(references=EnforcementMatter, index=True)
    order_no = Varchar(length=40, unique=True, index=True)
    platform = Varchar(length=24)
    amount = Numeric(digits=MONEY)
    status = Varchar(length=16, default="pending", index=True)  # court.payments.status.PaymentStatus
    payer_id = Integer(null=True, default=None)
    trade_no = Varchar(length=64, null=True, default=None, unique=True)
    created_at = Timestamptz(default=TimestamptzNow())
    paid_at = Timestamptz(null=True, default=None)
