"""Tables of case handling (一体化办案): cases with parties, claims, documents, timeline, judges, limits, hearings."""

from piccolo.columns import (
    JSON,
    BigInt,
    Boolean,
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

from court.filing.tables import ClaimColumns, PartyContact


class Case(Table, tablename="court_case"):
    """A registered case (案件) with its official case number (案号)."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    number = Varchar(length=48, unique=True, index=True)  # （2026）浙0106民初1号
    court_code = Varchar(length=16, index=True)
    specialised = Varchar(length=2, default="")  # 专门审判代字, e.g. 知; "" when none
    type_code = Varchar(length=8, index=True)  # 民初, 执, ...
    year = Integer(index=True)
    serial = BigInt()
    filing_id = Integer(null=True, default=None, unique=True, index=True)  # one case per filing: idempotent
    case_type = Varchar(length=24, default="civil")
    cause_code = Varchar(length=24, null=True, default=None)
    cause_name = Varchar(length=64, default="", index=True)
    procedure = Varchar(length=16, default="ordinary")
    amount_in_dispute = Numeric(digits=(16, 2), null=True, default=None)
    status = Varchar(length=24, default="registered", index=True)
    division = Varchar(length=64, default="")  # 审判庭/执行局 that tries the case
    judge_id = Integer(null=True, default=None, index=True)
    filer_id = Integer(null=True, default=None, index=True)  # who filed: sees the case as a party does
    registered_by = Integer(null=True, default=None)
    registered_at = Timestamptz(default=TimestamptzNow(), index=True)
    registered_on = Date(index=True)  # the day counted from (Asia/Shanghai)
    time_limit = Varchar(
        length=48, null=True, default=None
    )  # court.cases.deadlines.TimeLimit, None: none applies
    deadline = Date(
        null=True, default=None, index=True
    )  # recomputed whenever an extension or suspension is recorded
    fee = Numeric(digits=(16, 2), null=True, default=None)
    fee_notice = JSON(default={})  # the fee assessment (交纳诉讼费用通知) as fee_to_json gives it
    closed_on = Date(null=True, default=None)
    clerk_id = Integer(null=True, default=None, index=True)  # the 书记员 the judge works with
    evidence_deadline = Date(null=True, default=None)  # 举证期限 the court set (Evidence Rules Art 51)
    closing_method = Varchar(
        length=24, default="", index=True
    )  # court.cases.closing.ClosingMethod; "" while open
    closing = JSON(default={})  # the closing record: method, date, who bears the fee, the refund (closing.py)


class CaseParty(PartyContact, Table, tablename="court_case_party"):
    """A party (当事人) of a case, copied from the filing at registration."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    case = ForeignKey(references=Case, index=True)
    position = Integer(default=0)
    role = Varchar(length=16)
    kind = Varchar(length=16, default="person")
    name = Varchar(length=128, index=True)


class CaseClaim(ClaimColumns, Table, tablename="court_case_claim"):
    """A claim (诉讼请求) of a case."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    case = ForeignKey(references=Case, index=True)


class CaseDocument(Table, tablename="court_case_document"):
    """A document of the case file (卷宗材料): the stored blob is shared with the filing, never copied."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    case = ForeignKey(references=Case, index=True)
    position = Integer(default=0)
    filing_document_id = Integer(null=True, default=None)
    blob_key = Varchar(length=160, index=True)
    sha256 = Varchar(length=64)
    size = BigInt(default=0)
    name = Varchar(length=255, default="")
    kind = Varchar(length=32, default="other")
    page_count = Integer(default=0)
    sealed = Boolean(default=False)


class CaseEvent(Table, tablename="court_case_event"):
    """One event of the case's life on its timeline (registered, assigned, hearing scheduled, heard, ...)."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    case = ForeignKey(references=Case, index=True)
    kind = Varchar(length=32, index=True)
    at = Timestamptz(default=TimestamptzNow(), index=True)
    actor_id = Integer(null=True, default=None)
    actor_role = Varchar(length=32, default="")
    detail = JSON(default={})


class CaseAssignment(Table, tablename="court_case_assignment"):
    """An assignment decision (分案): the judge, how, the pool drawn from and who was left out and why."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    case = ForeignKey(references=Case, index=True)
    judge_id = Integer(index=True)
    method = Varchar(length=16)  # random, manual
    reason = Text(default="")
    pool = JSON(default=[])
    excluded = JSON(default={})
    assigned_by = Integer(null=True, default=None)
    at = Timestamptz(default=TimestamptzNow())


class CaseRecusal(Table, tablename="court_case_recusal"):
    """A judge who must withdraw from a case (回避, CPL Art 47), recorded before or after assignment."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    case = ForeignKey(references=Case, index=True)
    judge_id = Integer(index=True)
    reason = Text()
    recorded_by = Integer(null=True, default=None)
    at = Timestamptz(default=TimestamptzNow())


class TimeLimitChange(Table, tablename="court_case_time_limit_change"):
    """An approved extension (延长审限) or a period not counted (扣除审限), with its approver."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    case = ForeignKey(references=Case, index=True)
    kind = Varchar(length=16)  # extension, suspension
    approver = Varchar(length=24, default="")  # court.cases.deadlines.Approver
    approved_by = Integer(null=True, default=None)
    reason = Text(default="")
    months = Integer(default=0)
    days = Integer(default=0)
    suspension_reason = Varchar(length=32, default="")  # court.cases.deadlines.SuspensionReason
    first_day = Date(null=True, default=None)
    last_day = Date(null=True, default=None)
    recorded_by = Integer(null=True, default=None)
    at = Timestamptz(default=TimestamptzNow())


class TimeLimitReminder(Table, tablename="court_case_reminder"):
    """A reminder that a case's limit is near or past, sent once per case, deadline and level."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    case = ForeignKey(references=Case, index=True)
    judge_id = Integer(null=True, default=None, index=True)
    level = Varchar(length=16)  # near, overdue
    deadline = Date()
    key = Varchar(length=96, unique=True)  # case:deadline:level, so a rerun of the job adds nothing
    at = Timestamptz(default=TimestamptzNow())


class Courtroom(Table, tablename="court_courtroom"):
    """A courtroom (法庭) of a court: a physical room or an online one."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    court_code = Varchar(length=16, index=True)
    name = Varchar(length=64)
    kind = Varchar(length=16, default="physical")
    active = Boolean(default=True)


class CaseHearing(Table, tablename="court_case_hearing"):
    """A hearing (开庭) booked on a courtroom's calendar over [starts_at, ends_at)."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    case = ForeignKey(references=Case, index=True)
    courtroom = ForeignKey(references=Courtroom, index=True)
    starts_at = Timestamptz(index=True)
    ends_at = Timestamptz(index=True)
    judges = JSON(default=[])  # user ids of the panel
    status = Varchar(length=16, default="scheduled", index=True)  # scheduled, held, cancelled
    scheduled_by = Integer(null=True, default=None)
    at = Timestamptz(default=TimestamptzNow())
    notes = Text(default="")  # the judge's notes when the hearing is recorded as held
    transcript_document_id = Integer(null=True, default=None)  # the 庭审笔录 among the case's documents


class TimeLimitRequest(Table, tablename="court_case_time_limit_request"):
    """A judge's request to a leader to extend the time limit or to leave a period uncounted (审限变更申请)."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    case = ForeignKey(references=Case, index=True)
    kind = Varchar(length=16)  # extension, suspension
    status = Varchar(length=16, default="pending", index=True)  # court.cases.workbench.RequestStatus
    court_code = Varchar(length=16, index=True)
    months = Integer(default=0)
    suspension_reason = Varchar(length=32, default="")
    first_day = Date(null=True, default=None)
    last_day = Date(null=True, default=None)
    reason = Text(default="")
    requested_by = Integer(null=True, default=None)
    decided_by = Integer(null=True, default=None)
    decision_note = Text(default="")
    decided_at = Timestamptz(null=True, default=None)
    at = Timestamptz(default=TimestamptzNow(), index=True)


class CaseNotice(Table, tablename="court_case_notice"):
    """A notice to one user about a case (a new assignment, a decided request), read or not."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    user_id = Integer(index=True)
    case = ForeignKey(references=Case, index=True)
    kind = Varchar(length=24)  # court.cases.workbench.NoticeKind
    detail = JSON(default={})
    read_at = Timestamptz(null=True, default=None)
    at = Timestamptz(default=TimestamptzNow(), index=True)
