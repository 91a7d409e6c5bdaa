"""Tables of court documents (法律文书): a document of a case, its versions, and the signed PDF of the last one."""

from piccolo.columns import JSON, BigInt, Date, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from court.cases.tables import Case


class CourtDocument(Table, tablename="court_document"):
    """A court document (法律文书) of a case: a notice (通知书, 传票) or a decision (判决书, 裁定书, 调解书).

    A draft changes by adding versions; signing (电子签章) freezes it: a signed document is never edited again.
    """

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    case = ForeignKey(references=Case, index=True)
    court_code = Varchar(length=16, index=True)
    kind = Varchar(length=32, index=True)  # court.documents.kinds.DocumentKind
    status = Varchar(length=16, default="draft", index=True)  # draft, signed
    current_version = Integer(default=1)  # the number of the newest version; compare-and-set on every change
    created_by = Integer(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    # Filled once, by the signing transaction:
    verification_code = Varchar(
        length=24, null=True, default=None, unique=True, index=True
    )  # printed on the PDF
    signed_version = Integer(null=True, default=None)
    signed_by = Integer(null=True, default=None)
    signed_at = Timestamptz(null=True, default=None)
    blob_key = Varchar(length=160, null=True, default=None)  # the signed PDF, content-addressed
    pdf_sha256 = Varchar(length=64, null=True, default=None, index=True)
    pdf_size = BigInt(default=0)
    # The day the decision took effect (生效), set when its appeal periods lapsed unappealed (court.serving).
    effective_on = Date(null=True, default=None)


class CourtDocumentVersion(Table, tablename="court_document_version"):
    """One version of a document's text (its content); sha256 over the canonical JSON of the content."""

    id: Serial  # created by Piccolo when no primary key is declared; named for the type checker

    document = ForeignKey(references=CourtDocument, index=True)
    number = Integer()  # 1, 2, ... unique per document (a unique index in the migration)
    content = JSON(
        default={}
    )  # {"header": {...}, "sections": [{"key", "heading", "text"}], "signature": {...}}
    sha256 = Varchar(length=64)
    created_by = Integer(null=True, default=None)
    at = Timestamptz(default=TimestamptzNow())
