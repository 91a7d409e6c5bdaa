"""The filing API (/api/v1/filings, /api/v1/uploads): thin handlers over the filing services."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Stream

from court.accounts.policy import Action, Principal
from court.errors import InvalidInput, PayloadTooLarge
from court.filing import service, uploads
from court.filing.schemas import (
    ClaimIn,
    FilingDocumentFull,
    FilingIn,
    FilingListed,
    FilingReceiptOut,
    FilingStatusOut,
    FilingView,
    PartyIn,
    UploadState,
)
from court.i18n import msg
from court.responses import Created, out, out_list
from court.web.auth import current_principal
from court.web.ratelimit import rate_limited

# Uploads may be large; every other body of this API is small JSON.
UPLOAD_LIMIT = 2 * 1024 * 1024 * 1024


def _runtime(request: Request[Any, Any, Any]) -> Any:
    return request.app.state.runtime


def _max_upload(request: Request[Any, Any, Any]) -> int:
    return int(_runtime(request).settings.max_upload_bytes)


def refuse_oversize(request: Request[Any, Any, Any], limit: int) -> None:
    """413 from the Content-Length header alone, before a byte of the body is read: a client announcing more than
    the limit is not made to send it (the spool would otherwise read up to the limit before refusing)."""
    declared = request.content_length
    if declared is not None and declared > limit:
        raise PayloadTooLarge(
            msg("the upload of %(declared)s bytes exceeds %(limit)s bytes", declared=declared, limit=limit),
            limit=limit,
        )


class FilingController(Controller):
    path = "/api/v1/filings"
    tags = ["filing"]
    dependencies = {"principal": Provide(current_principal)}

    @post("/", status_code=201, opt=rate_limited("filing"))
    async def create(
        self, request: Request[Any, Any, Any], data: JSONBody[FilingIn], principal: NamedDependency[Principal]
    ) -> FilingView:
        fid = await service.create_filing(
            principal, data, idempotency_key=request.headers.get("idempotency-key")
        )
        return out(FilingView, await service.filing_view(fid))

    @get("/")
    async def mine(
        self, principal: NamedDependency[Principal], limit: FromQuery[int] = 50, offset: FromQuery[int] = 0
    ) -> list[FilingListed]:
        return out_list(FilingListed, await service.my_filings(principal, limit=limit, offset=offset))

    @get("/{filing_id:int}")
    async def read(self, filing_id: FromPath[int], principal: NamedDependency[Principal]) -> FilingView:
        await service.authorize(principal, Action.VIEW, filing_id)
        return out(FilingView, await service.filing_view(filing_id))

    @get("/{filing_id:int}/status")
    async def status(
        self, filing_id: FromPath[int], principal: NamedDependency[Principal]
    ) -> FilingStatusOut:
        await service.authorize(principal, Action.VIEW, filing_id)
        view = await service.filing_view(filing_id)
        return out(
            FilingStatusOut,
            {
                k: view[k]
                for k in ("id", "number", "status", "steps", "decision_due_at", "competent_court_code")
            },
        )

    @post("/{filing_id:int}/parties", status_code=201)
    async def add_party(
        self, filing_id: FromPath[int], data: JSONBody[PartyIn], principal: NamedDependency[Principal]
    ) -> Created:
        return Created(id=await service.add_party(principal, filing_id, data))

    @post("/{filing_id:int}/claims", status_code=201)
    async def add_claim(
        self, filing_id: FromPath[int], data: JSONBody[ClaimIn], principal: NamedDependency[Principal]
    ) -> Created:
        return Created(id=await service.add_claim(principal, filing_id, data))

    @post("/{filing_id:int}/documents", status_code=201, request_max_body_size=UPLOAD_LIMIT)
    async def upload_document(
        self,
        request: Request[Any, Any, Any],
        filing_id: FromPath[int],
        principal: NamedDependency[Principal],
        filename: FromQuery[str] = "document",
        kind: FromQuery[str | None] = None,
    ) -> FilingDocumentFull:
        """The whole file as the request body (any content type: the type is sniffed from the bytes)."""
        refuse_oversize(request, _max_upload(request))
        # Refused before a byte is read when the caller may not add to the filing or it is no longer a draft.
        filing = await service.editable_filing(principal, filing_id)
        runtime = _runtime(request)
        spooled = await uploads.spool(
            request.stream(),
            uploads.spool_dir(runtime),
            max_bytes=_max_upload(request),
            keep_in_memory=uploads.KEEP_IN_MEMORY_BYTES,
        )
        try:
            if not spooled.complete:
                raise InvalidInput("the upload was interrupted; use a resumable upload for unreliable links")
            return out(
                FilingDocumentFull,
                await service.add_document(
                    principal,
                    runtime,
                    filing_id,
                    spooled.path,
                    filename=filename,
                    declared_kind=kind,
                    sha256=spooled.sha256,
                    content=spooled.content,
                    filing=filing,
                    idempotency_key=request.headers.get("idempotency-key"),
                ),
            )
        finally:
            spooled.release()
            spooled.path.unlink(missing_ok=True)

    @post("/{filing_id:int}/uploads", status_code=201)
    async def open_upload(
        self,
        request: Request[Any, Any, Any],
        filing_id: FromPath[int],
        data: JSONBody[dict[str, Any]],
        principal: NamedDependency[Principal],
    ) -> UploadState:
        try:
            size = int(data.get("size", 0))
        except (TypeError, ValueError):
            raise InvalidInput("size must be a whole number of bytes", field="size") from None
        kind = data.get("kind")
        if kind is not None and not isinstance(kind, str):
            raise InvalidInput("kind must be a document kind", field="kind")
        return out(
            UploadState,
            await uploads.open_session(
                principal,
                filing_id,
                filename=str(data.get("filename") or "document")[:255],
                total_size=size,
                kind=kind,
                max_bytes=_max_upload(request),
                idempotency_key=request.headers.get("idempotency-key"),
            ),
        )

    @post("/{filing_id:int}/submit", status_code=200)
    async def submit(
        self, request: Request[Any, Any, Any], filing_id: FromPath[int], principal: NamedDependency[Principal]
    ) -> FilingReceiptOut:
        return out(
            FilingReceiptOut,
            await service.submit_filing(
                principal, filing_id, idempotency_key=request.headers.get("idempotency-key")
            ),
        )

    @get("/{filing_id:int}/receipt")
    async def receipt(
        self, filing_id: FromPath[int], principal: NamedDependency[Principal]
    ) -> FilingReceiptOut:
        filing = await service.authorize(principal, Action.VIEW, filing_id)
        if not filing["receipt"]:
            raise InvalidInput("the filing has not been submitted yet; there is no receipt")
        return out(FilingReceiptOut, filing["receipt"])

    @get("/{filing_id:int}/receipt.pdf", media_type="application/pdf")
    async def receipt_pdf(
        self, filing_id: FromPath[int], principal: NamedDependency[Principal]
    ) -> Response[bytes]:
        from court.filing.documents import receipt_pdf

        filing = await service.authorize(principal, Action.VIEW, filing_id)
        pdf = await receipt_pdf(filing)
        return Response(
            pdf,
            media_type="application/pdf",
            headers={"content-disposition": f'inline; filename="receipt-{filing_id}.pdf"'},
        )

    @get("/{filing_id:int}/documents/{document_id:int}/content", media_type="application/pdf")
    async def document_content(
        self,
        request: Request[Any, Any, Any],
        filing_id: FromPath[int],
        document_id: FromPath[int],
        principal: NamedDependency[Principal],
    ) -> Stream:
        from court.filing.documents import read_document

        return await read_document(principal, _runtime(request), filing_id, document_id)

    @get("/{filing_id:int}/documents/{document_id:int}/pages/{number:int}", media_type="image/png")
    async def document_page(
        self,
        request: Request[Any, Any, Any],
        filing_id: FromPath[int],
        document_id: FromPath[int],
        number: FromPath[int],
        principal: NamedDependency[Principal],
        field: FromQuery[str | None] = None,
    ) -> Response[bytes]:
        """An OCR'd page as PNG, with the words of the document's docket field `field` highlighted."""
        from court.filing.documents import page_highlight

        png = await page_highlight(principal, _runtime(request), filing_id, document_id, number, field)
        return Response(png, media_type="image/png", headers={"cache-control": "private, no-store"})

    @get("/{filing_id:int}/dossier.pdf", media_type="application/pdf")
    async def dossier(
        self, request: Request[Any, Any, Any], filing_id: FromPath[int], principal: NamedDependency[Principal]
    ) -> Any:
        from court.filing.documents import dossier_response

        return await dossier_response(principal, _runtime(request), filing_id)


class UploadController(Controller):
    """Resumable uploads: HEAD/GET says how many bytes the server holds; PATCH appends at that offset."""

    path = "/api/v1/uploads"
    tags = ["filing"]
    dependencies = {"principal": Provide(current_principal)}

    @get("/{token:str}")
    async def state(self, token: FromPath[str], principal: NamedDependency[Principal]) -> UploadState:
        return out(UploadState, await uploads.session_state(principal, token))

    @patch("/{token:str}", request_max_body_size=UPLOAD_LIMIT)
    async def append(
        self, request: Request[Any, Any, Any], token: FromPath[str], principal: NamedDependency[Principal]
    ) -> UploadState:
        raw = request.headers.get("upload-offset")
        if raw is None or not raw.isdigit():
            raise InvalidInput(
                "the Upload-Offset header (bytes already held) is required", field="Upload-Offset"
            )
        refuse_oversize(request, _max_upload(request))
        return out(
            UploadState,
            await uploads.append(
                principal,
                _runtime(request),
                token,
                int(raw),
                request.stream(),
                declared_length=request.content_length,
            ),
        )
