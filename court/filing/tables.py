"""Tables of paperless filing (无纸化立案): filings, their parties, claims, documents, steps and uploads."""

from piccolo.columns import (
    JSON,
    BigInt,
    Boolean,
    ForeignKey,
    Integer,
    Numeric,
    Real,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from court.accounts.tables import User


class PartyContact:
    """How a party is identified and reached: the columns a filing's party carries into the case registered from it.

    Piccolo copies a mixin's columns into each table that inherits them (they come before the table's own).
    """

    id_number = Varchar(length=18, null=True, default=None, index=True)
    uscc = Varchar(length=18, null=True, default=None, index=True)
    address = Varchar(length=255, default="")
    phone = Varchar(length=32, null=True, default=None)
    legal_representative = Varchar(length=64, null=True, default=None)
    agents = JSON(default=[])
    user_id = Integer(null=True, default=None, index=True)


class ClaimColumns:
    """A claim (诉讼请求) with its amount where it has one: the same in the filing and in the case made from it."""

    position = Integer(default=0)
    text = Text()
    amount = Numeric(digits=(16, 2), null=True, default=None)


class Filing(Table, tablename="court_filing"):
    """A filing (立案申请): draft → submitted → under review → (forwarded) → registered / returned / refused."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    number = Varchar(length=32, null=True, default=None, unique=True, index=True)
    status = Varchar(length=24, default="draft", index=True)
    case_type = Varchar(length=24, default="civil")  # civil, enforcement, administrative, ...
    filer = ForeignKey(references=User, index=True)
    receiving_court_code = Varchar(length=16, index=True)
    competent_court_code = Varchar(length=16, null=True, default=None, index=True)
    terminal_id = Integer(null=True, default=None, index=True)
    cause_code = Varchar(length=24, null=True, default=None)
    cause_name = Varchar(length=64, default="")
    amount_in_dispute = Numeric(digits=(16, 2), null=True, default=None)
    procedure = Varchar(length=16, default="ordinary")
    summary = Text(default="")
    create_key = Varchar(
        length=128, null=True, default=None, unique=True
    )  # Idempotency-Key of the create call
    submit_key = Varchar(
        length=128, null=True, default=None, unique=True
    )  # Idempotency-Key of the submit call
    receipt = JSON(default={})
    routing = JSON(default={})
    docket = JSON(default={})  # the machine's merged docket
    corrections = JSON(default={})  # the clerk's corrections, kept beside the machine's values
    decision_reason = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    submitted_at = Timestamptz(null=True, default=None, index=True)
    decision_due_at = Timestamptz(null=True, default=None, index=True)
    decided_at = Timestamptz(null=True, default=None)


class FilingParty(PartyContact, Table, tablename="court_filing_party"):
    """A party (当事人) named in a filing."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    filing = ForeignKey(references=Filing, index=True)
    position = Integer(default=0)
    role = Varchar(length=16)
    kind = Varchar(length=16, default="person")  # person or organisation
    name = Varchar(length=128)
    sex = Varchar(length=4, null=True, default=None)
    birth_date = Varchar(length=10, null=True, default=None)
    ethnicity = Varchar(length=16, null=True, default=None)


class FilingClaim(ClaimColumns, Table, tablename="court_filing_claim"):
    """A claim (诉讼请求), with its amount where it has one."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    filing = ForeignKey(references=Filing, index=True)


class FilingDocument(Table, tablename="court_filing_document"):
    """A checked document of a filing, stored once under its content address."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    filing = ForeignKey(references=Filing, index=True)
    position = Integer(default=0)
    blob_key = Varchar(length=160, index=True)
    sha256 = Varchar(length=64, index=True)
    size = BigInt()
    original_name = Varchar(length=255, default="")
    sniffed_type = Varchar(length=16)  # pdf, jpeg, png
    kind = Varchar(length=32, default="other")
    kind_guessed = Boolean(default=False)
    page_count = Integer(default=0)
    needs_ocr = Boolean(default=False)
    sealed = Boolean(default=False)
    uploaded_by = Integer(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    extraction_status = Varchar(length=16, default="pending")
    docket = JSON(default={})
    # Active content found in the PDF (kernel.pdf.ACTIVE_CONTENT: JavaScript, open actions, launch actions, embedded
    # files …): flagged to the clerk, and the file is served as a download, never shown inline.
    active_content = JSON(default=[])
    # OCR (issue 21), for documents with pages without a text layer: "" (not needed), queued, reading, read,
    # unreadable (ocr_reason says why: court.filing.ocr_status.OCR_REASONS); the OCR'd characters' mean confidence;
    # per OCR'd page {number, confidence, rotation, skew, width, height, lines: [{text, confidence, box}]}.
    ocr_status = Varchar(length=16, default="")
    ocr_reason = Varchar(length=64, default="")
    ocr_confidence = Real(null=True, default=None)
    ocr_pages = JSON(default=[])


class FilingEvent(Table, tablename="court_filing_event"):
    """One step of a filing with its time, actor and reason: what the litigant sees as progress."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    filing = ForeignKey(references=Filing, index=True)
    at = Timestamptz(default=TimestamptzNow())
    actor_id = Integer(null=True, default=None)
    actor_role = Varchar(length=32, default="")
    court_code = Varchar(length=16, null=True, default=None)
    from_status = Varchar(length=24, default="")
    to_status = Varchar(length=24)
    reason = Text(default="")


class UploadSession(Table, tablename="court_upload_session"):
    """A resumable upload: parts land in storage as they arrive, so a dropped link resumes at the last byte."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    token = Varchar(length=40, unique=True, index=True)
    client_key = Varchar(
        length=160, null=True, default=None, unique=True
    )  # Idempotency-Key of the opening call
    filing = ForeignKey(references=Filing, index=True)
    filename = Varchar(length=255, default="")
    declared_kind = Varchar(length=32, null=True, default=None)
    total_size = BigInt()
    received = BigInt(default=0)
    parts = Integer(default=0)
    status = Varchar(length=16, default="open")  # open, complete, aborted
    document_id = Integer(null=True, default=None)
    created_by = Integer()
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
