"""Tables of service (送达): each party's address confirmation, each service of a document, its attempts."""

from piccolo.columns import JSON, Boolean, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from court.cases.tables import Case, CaseParty
from court.documents.tables import CourtDocument


class ServiceAddress(Table, tablename="court_service_address"):
    """A party's 送达地址确认书 (CPL Art 90; SPC Several Provisions on Service Addresses): where documents reach
    it and whether it consents to electronic service. One row per party; every change is an audit event."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    case = ForeignKey(references=Case, index=True)
    party = ForeignKey(references=CaseParty, unique=True, index=True)
    email = Varchar(length=254, null=True, default=None)
    mobile = Varchar(length=16, null=True, default=None)
    postal_address = Varchar(length=255, null=True, default=None)
    consent_electronic = Boolean(default=False)
    version = Integer(default=1)  # compare-and-set on every change
    confirmed_by = Integer(null=True, default=None)
    confirmed_role = Varchar(length=16, default="")
    updated_at = Timestamptz(default=TimestamptzNow())


class Service(Table, tablename="court_service"):
    """One document served on one party (一次送达): the channels chosen in order, and once served, its proof."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    case = ForeignKey(references=Case, index=True)
    document = ForeignKey(references=CourtDocument, index=True)
    party = ForeignKey(references=CaseParty, index=True)
    court_code = Varchar(length=16, index=True)
    status = Varchar(length=16, default="pending", index=True)  # court.serving.machine.ServiceStatus
    channels = JSON(default=[])  # the channels in the order they are tried
    document_sha256 = Varchar(length=64)  # the signed PDF served, bound to every attempt
    created_by = Integer(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    served_on = Date(null=True, default=None)  # the court's date of the delivery event
    served_at = Timestamptz(null=True, default=None)
    served_channel = Varchar(length=16, null=True, default=None)
    served_attempt = Integer(null=True, default=None)
    # An enforcement matter's notice (执行通知书, 报告财产令, 限制消费令) served on a party of the matter: then case,
    # document and party are empty and these name the matter, its notice and its party (court.serving.matters).
    matter_id = Integer(null=True, default=None, index=True)
    matter_notice_id = Integer(null=True, default=None, index=True)
    matter_party_id = Integer(null=True, default=None, index=True)


class ServiceAttempt(Table, tablename="court_service_attempt"):
    """One try on one channel; its job hands the document over, its delivery event (or a clerk) settles it."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    service = ForeignKey(references=Service, index=True)
    position = Integer(default=0)  # index into Service.channels
    channel = Varchar(length=16)
    status = Varchar(length=16, default="pending", index=True)  # court.serving.machine.AttemptStatus
    document_sha256 = Varchar(length=64)
    recipient = Varchar(length=255, default="")  # the address used (e-mail, mobile, postal address)
    external_id = Varchar(
        length=64, null=True, default=None, unique=True, index=True
    )  # message id, EMS number
    job_id = Integer(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    sent_at = Timestamptz(null=True, default=None)
    delivered_at = Timestamptz(null=True, default=None)
    delivered_on = Date(null=True, default=None)
    error = Text(default="")
    evidence = JSON(default={})  # clerk's record: receipt, photos (blob keys), witnesses; publication date
    opened_at = Timestamptz(null=True, default=None)  # first opened in the inbox / downloaded


class ServiceNotice(Table, tablename="court_service_notice"):
    """A notice to the case's judge: a channel bounced and the service fell back, or every channel failed."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    case = ForeignKey(references=Case, index=True)
    service = ForeignKey(references=Service, index=True)
    message = Varchar(length=255)
    matter_id = Integer(
        null=True, default=None, index=True
    )  # a matter's notice: told to the matter's officer
    created_at = Timestamptz(default=TimestamptzNow())
    read_at = Timestamptz(null=True, default=None)


class ServiceCallback(Table, tablename="court_service_callback"):
    """Each gateway callback accepted, by its id: the same callback again is a replay and refused."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    callback_id = Varchar(length=64, unique=True, index=True)
    attempt = Integer(index=True)
    received_at = Timestamptz(default=TimestamptzNow())


class ServiceDeadline(Table, tablename="court_service_deadline"):
    """A party's deadline that runs from a service, as the deadline engine answered it (rule and article)."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    case = ForeignKey(references=Case, index=True)
    service = ForeignKey(references=Service, unique=True, index=True)
    party = ForeignKey(references=CaseParty, index=True)
    kind = Varchar(length=32)
    start = Date()
    deadline = Date()
    rule = Varchar(length=255)
    article = Varchar(length=128)
    provisional = Boolean(default=False)
    matter_id = Integer(
        null=True, default=None, index=True
    )  # a deadline of a matter's party (court.serving.matters)
    matter_party_id = Integer(null=True, default=None, index=True)


class DeadlineReminder(Table, tablename="court_deadline_reminder"):
    """One reminder sent to a party before its deadline lapses (court.serving.reminders). The unique deadline makes
    it once per deadline and party, whichever worker runs the sweep."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker
    deadline = ForeignKey(references=ServiceDeadline, unique=True, index=True)
    case = Integer(null=True, default=None, index=True)
    matter_id = Integer(null=True, default=None, index=True)
    party = Integer(null=True, default=None, index=True)
    matter_party_id = Integer(null=True, default=None, index=True)
    kind = Varchar(length=32)
    last_day = Date()
    sent_on = Date()
    channels = JSON(
        default=[]
    )  # inbox, and the channel the document was served by (email, sms) when electronic
    message = Varchar(length=255)
    created_at = Timestamptz(default=TimestamptzNow())
    read_at = Timestamptz(null=True, default=None)
