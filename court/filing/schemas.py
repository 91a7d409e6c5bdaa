"""The shapes of filing data crossing the API boundary."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

import msgspec
from msgspec import UNSET, UnsetType

from court.responses import Out

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=128)]
Short = Annotated[str, msgspec.Meta(max_length=64)]


class PartyIn(msgspec.Struct, forbid_unknown_fields=True):
    role: Annotated[str, msgspec.Meta(max_length=16)]
    name: Name
    kind: Annotated[str, msgspec.Meta(pattern="^(person|organisation)$")] = "person"
    sex: Annotated[str, msgspec.Meta(max_length=4)] | None = None
    birth_date: Annotated[str, msgspec.Meta(pattern=r"^\d{4}-\d{2}-\d{2}$")] | None = None
    ethnicity: Annotated[str, msgspec.Meta(max_length=16)] | None = None
    id_number: Annotated[str, msgspec.Meta(max_length=18)] | None = None
    uscc: Annotated[str, msgspec.Meta(max_length=18)] | None = None
    address: Annotated[str, msgspec.Meta(max_length=255)] = ""
    phone: Annotated[str, msgspec.Meta(max_length=32)] | None = None
    legal_representative: Short | None = None
    agents: list[Short] = msgspec.field(default_factory=list)
    user_id: int | None = None

    def columns(self) -> dict[str, Any]:
        from court.filing.identity import checked_identifiers

        values = msgspec.structs.asdict(self)
        values.update(checked_identifiers(self.id_number, self.uscc, self.kind))
        return values


class ClaimIn(msgspec.Struct, forbid_unknown_fields=True):
    text: Annotated[str, msgspec.Meta(min_length=1, max_length=4000)]
    amount: Annotated[str, msgspec.Meta(max_length=24)] | None = None


class FilingIn(msgspec.Struct, forbid_unknown_fields=True):
    receiving_court_code: Annotated[str, msgspec.Meta(max_length=16)] | None = None
    case_type: Annotated[
        str, msgspec.Meta(pattern="^(civil|enforcement|administrative|preservation|payment_order)$")
    ] = "civil"
    cause_name: Short | None = None
    amount_in_dispute: Annotated[str, msgspec.Meta(max_length=24)] | None = None
    procedure: Annotated[str, msgspec.Meta(pattern="^(ordinary|summary|small_claims)$")] = "ordinary"
    summary: Annotated[str, msgspec.Meta(max_length=20000)] | None = None
    parties: list[PartyIn] = msgspec.field(default_factory=list)
    claims: list[ClaimIn] = msgspec.field(default_factory=list)


# Responses


class PartyContactOut(Out):
    """How a party is identified and reached (court.filing.tables.PartyContact), in a filing's or a case's party."""

    id_number: str | None
    uscc: str | None
    address: str
    phone: str | None
    legal_representative: str | None
    agents: Any
    user_id: int | None


class FilingPartyOut(PartyContactOut):
    id: int
    filing: int | None
    position: int
    role: str
    kind: str
    name: str
    sex: str | None
    birth_date: str | None
    ethnicity: str | None


class FilingClaimOut(Out):
    id: int
    filing: int | None
    position: int
    text: str
    amount: Decimal | None


class FilingDocumentOut(Out):
    id: int
    filing: int | None
    position: int
    blob_key: str
    sha256: str
    size: int
    original_name: str
    sniffed_type: str
    kind: str
    kind_guessed: bool
    page_count: int
    needs_ocr: bool
    sealed: bool
    uploaded_by: int | None
    created_at: datetime
    extraction_status: str
    active_content: Any
    ocr_status: str
    ocr_reason: str
    ocr_confidence: float | None


class FilingStepOut(Out):
    id: int
    filing: int | None
    at: datetime
    actor_id: int | None
    actor_role: str
    court_code: str | None
    from_status: str
    to_status: str
    reason: str


class FilingView(Out):
    """A filing as the API shows it: the row (without its idempotency keys), its parties, claims, documents, steps."""

    id: int
    number: str | None
    status: str
    case_type: str
    filer: int | None
    receiving_court_code: str
    competent_court_code: str | None
    terminal_id: int | None
    cause_code: str | None
    cause_name: str
    amount_in_dispute: Decimal | None
    procedure: str
    summary: str
    receipt: Any
    routing: Any
    docket: Any
    corrections: Any
    decision_reason: str
    created_at: datetime
    submitted_at: datetime | None
    decision_due_at: datetime | None
    decided_at: datetime | None
    parties: list[FilingPartyOut]
    claims: list[FilingClaimOut]
    documents: list[FilingDocumentOut]
    steps: list[FilingStepOut]


class FilingListed(Out):
    id: int
    number: str | None
    status: str
    cause_name: str
    receiving_court_code: str
    competent_court_code: str | None
    created_at: datetime
    submitted_at: datetime | None
    decision_due_at: datetime | None


class FilingStatusOut(Out):
    id: int
    number: str | None
    status: str
    steps: list[FilingStepOut]
    decision_due_at: datetime | None
    competent_court_code: str | None


class FilingDocumentFull(FilingDocumentOut):
    """A document as its upload returns it: with the machine's docket and the OCR pages."""

    docket: Any
    ocr_pages: Any


class UploadState(Out):
    """A resumable upload: the bytes the server holds (`offset`) of `size`; the document once complete."""

    token: str
    offset: int
    size: int
    status: str
    document_id: int | None
    document: FilingDocumentFull | UnsetType = UNSET  # on the call that completed the upload


class ReceiptDocumentOut(Out):
    id: int
    name: str
    kind: str
    pages: int
    sha256: str
    size: int


class FilingReceiptOut(Out):
    """The receipt (回执) given on submission."""

    filing_number: str
    filing_id: int
    receiving_court_code: str
    submitted_at: str  # ISO 8601
    decision_due_by: str  # ISO 8601 date
    documents: list[ReceiptDocumentOut]
