"""The court-document API: draft, edit, sign, download (/api/v1/cases/{id}/court-documents, /api/v1/court-documents)
and the public check of a signed document (/api/v1/verify)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.response import Response, Stream

from court.accounts.policy import Action, Principal
from court.blobs import opened_blob
from court.documents import service
from court.documents.kinds import DocumentKind
from court.errors import InvalidInput, PayloadTooLarge
from court.responses import Out, out, out_list
from court.web.auth import current_principal

MAX_VERIFY_BYTES = (
    20 * 1024 * 1024
)  # a signed court document is tens of kilobytes; a scanned one a few megabytes
SectionText = Annotated[str, msgspec.Meta(max_length=50_000)]


class DraftIn(msgspec.Struct, forbid_unknown_fields=True):
    kind: DocumentKind


class EditIn(msgspec.Struct, forbid_unknown_fields=True):
    base_version: Annotated[int, msgspec.Meta(ge=1)]
    sections: dict[str, SectionText]


class SignIn(msgspec.Struct, forbid_unknown_fields=True):
    version: Annotated[int, msgspec.Meta(ge=1)]


class CourtDocumentVersionOut(Out):
    number: int
    sha256: str
    created_by: int | None
    at: datetime


class CourtDocumentOut(Out):
    """A court document (裁判文书 and notices) with its current text and its versions."""

    id: int
    case: int | None
    court_code: str
    kind: str
    status: str
    current_version: int
    created_by: int | None
    created_at: datetime
    verification_code: str | None
    signed_version: int | None
    signed_by: int | None
    signed_at: datetime | None
    blob_key: str | None
    pdf_sha256: str | None
    pdf_size: int
    effective_on: date | None
    title: str
    case_number: str | None
    content: Any  # the sections of the current version
    versions: list[CourtDocumentVersionOut]


class CourtDocumentListed(Out):
    id: int
    kind: str
    status: str
    current_version: int
    created_at: datetime
    signed_at: datetime | None
    verification_code: str | None
    pdf_sha256: str | None
    title: str


class PublicFacts(Out):
    """What anyone may learn from a verification: not the parties or the text."""

    title: str
    kind: str
    case_number: str | None
    court: str
    signed_at: str | None  # ISO 8601
    pdf_sha256: str | None
    verification_code: str | None


class VerificationOut(Out):
    """The seal check of a PDF (court.documents.signing.SignatureCheck) and the document it is, when found."""

    valid: bool
    document_sha256: str
    reason: str
    outcome: str
    signer_court: str | None
    signer_court_code: str | None
    signed_at: str | None  # ISO 8601
    signing_reason: str | None
    document: PublicFacts | None


def _runtime(request: Request[Any, Any, Any]) -> Any:
    return request.app.state.runtime


async def pdf_response(request: Request[Any, Any, Any], principal: Principal, document_id: int) -> Any:
    runtime = _runtime(request)
    preview, document = await service.document_pdf(principal, runtime, document_id)
    name = f"court-document-{document_id}.pdf"
    if preview is not None:
        return Response(
            preview,
            media_type="application/pdf",
            headers={"content-disposition": f'inline; filename="{name}"', "cache-control": "no-store"},
        )
    return Stream(
        await opened_blob(runtime.blobs, document["blob_key"]),
        media_type="application/pdf",
        headers={
            "content-length": str(document["pdf_size"]),
            "x-content-sha256": document["pdf_sha256"],
            "content-disposition": f'inline; filename="{name}"',
        },
    )


class CaseDocumentController(Controller):
    path = "/api/v1/cases/{case_id:int}/court-documents"
    tags = ["court documents"]
    dependencies = {"principal": Provide(current_principal)}

    @get("/")
    async def list_documents(
        self, case_id: FromPath[int], principal: NamedDependency[Principal]
    ) -> list[CourtDocumentListed]:
        return out_list(CourtDocumentListed, await service.list_documents(principal, case_id))

    @post("/", status_code=201)
    async def draft(
        self, case_id: FromPath[int], principal: NamedDependency[Principal], data: JSONBody[DraftIn]
    ) -> CourtDocumentOut:
        """Draft a document of the case (受理通知书, 应诉通知书, 举证通知书, 传票, 缴费通知书, 判决书, 裁定书, 调解书)."""
        return out(CourtDocumentOut, await service.create_document(principal, case_id, data.kind))


class CourtDocumentController(Controller):
    path = "/api/v1/court-documents"
    tags = ["court documents"]
    dependencies = {"principal": Provide(current_principal)}

    @get("/{document_id:int}")
    async def read(
        self, document_id: FromPath[int], principal: NamedDependency[Principal]
    ) -> CourtDocumentOut:
        await service.authorize(principal, Action.VIEW, document_id)
        return out(CourtDocumentOut, await service.document_view(document_id))

    @put("/{document_id:int}")
    async def edit(
        self, document_id: FromPath[int], principal: NamedDependency[Principal], data: JSONBody[EditIn]
    ) -> CourtDocumentOut:
        """Save the edited sections as a new version (409 when the base version is no longer the newest)."""
        return out(
            CourtDocumentOut,
            await service.save_version(
                principal, document_id, base_version=data.base_version, texts=data.sections
            ),
        )

    @post("/{document_id:int}/sign", status_code=200)
    async def sign(
        self,
        request: Request[Any, Any, Any],
        document_id: FromPath[int],
        principal: NamedDependency[Principal],
        data: JSONBody[SignIn],
    ) -> CourtDocumentOut:
        """Sign the given version under the court's electronic seal (电子签章); a signed document never changes."""
        return out(
            CourtDocumentOut,
            await service.sign_document(principal, _runtime(request), document_id, version=data.version),
        )

    @get("/{document_id:int}/pdf", media_type="application/pdf")
    async def pdf(
        self,
        request: Request[Any, Any, Any],
        document_id: FromPath[int],
        principal: NamedDependency[Principal],
    ) -> Any:
        return await pdf_response(request, principal, document_id)


def check_json(result: dict[str, Any]) -> VerificationOut:
    return out(
        VerificationOut,
        {**msgspec.to_builtins(result["check"]), "document": msgspec.to_builtins(result["document"])},
    )


@get("/api/v1/verify/{code:str}", tags=["court documents"])
async def verify_code(request: Request[Any, Any, Any], code: FromPath[str]) -> VerificationOut:
    """Public: the signed document with this verification code (验证码), its seal checked again."""
    if len(code) > 64:
        raise InvalidInput("a verification code has 16 letters and digits", field="code")
    return check_json(await service.verify_code(_runtime(request), code))


@post("/api/v1/verify", tags=["court documents"], status_code=200, request_max_body_size=MAX_VERIFY_BYTES)
async def verify_upload(request: Request[Any, Any, Any]) -> VerificationOut:
    """Public: check the seal of a PDF sent as the request body (application/pdf)."""
    data = await request.body()
    if len(data) > MAX_VERIFY_BYTES:
        raise PayloadTooLarge("the PDF is larger than 20 MiB")
    if not data:
        raise InvalidInput("send the PDF as the request body", field="body")
    return check_json(await service.verify_upload(_runtime(request), data))
