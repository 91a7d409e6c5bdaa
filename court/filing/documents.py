"""Reading a filing's documents: the receipt PDF, a document's content (audited), the electronic dossier."""

from __future__ import annotations

import asyncio
import hashlib
import json
import tempfile
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, BinaryIO, cast

from litestar.response import Redirect, Stream

from court.accounts.policy import Action, Principal, ResourceKind, require, reveal
from court.accounts.tables import User
from court.audit.chain import actor_of, record
from court.blobs import opened_blob
from court.bootstrap import Runtime
from court.documents.drafting import ROLE_LABELS
from court.errors import NotFound
from court.filing import service
from court.filing.intake import KIND_LABELS, DocumentKind
from court.filing.tables import FilingDocument, FilingParty, UploadSession
from court.i18n import gettext, msg
from court.reference.tables import Court

CHUNK = 1024 * 1024


async def filing_blob_keys() -> set[str]:
    rows = await FilingDocument.select(FilingDocument.blob_key)
    keys = {r["blob_key"] for r in rows}
    open_uploads = await UploadSession.select(UploadSession.token).where(UploadSession.status == "open")
    # Parts of an upload still in progress are referenced by the session, whatever their age.
    for row in open_uploads:
        keys.add(f"uploads/{row['token']}/")
    return keys


async def receipt_pdf(filing: dict[str, Any]) -> bytes:
    from court.filing.receipt import ReceiptData, ReceiptDocument, render_receipt_pdf

    receipt = filing["receipt"]
    if not receipt:
        from court.errors import InvalidInput

        raise InvalidInput("the filing has not been submitted yet; there is no receipt")
    court = await Court.select(Court.name).where(Court.code == filing["receiving_court_code"]).first()
    filer = await User.select(User.display_name).where(User.id == filing["filer"]).first()
    data = ReceiptData(
        filing_number=receipt["filing_number"],
        court_name=court["name"] if court else filing["receiving_court_code"],
        filer_name=filer["display_name"] if filer else "",
        submitted_at=datetime.fromisoformat(receipt["submitted_at"]),
        documents=[
            ReceiptDocument(name=d["name"], kind=d["kind"], page_count=d["pages"], sha256=d["sha256"])
            for d in receipt["documents"]
        ],
    )
    return await asyncio.to_thread(render_receipt_pdf, data)


async def _document(filing_id: int, document_id: int) -> dict[str, Any]:
    doc = (
        await FilingDocument.select()
        .where((FilingDocument.id == document_id) & (FilingDocument.filing == filing_id))
        .first()
    )
    if doc is None:
        raise NotFound(
            msg(
                "no document %(document_id)s in filing %(filing_id)s",
                document_id=document_id,
                filing_id=filing_id,
            )
        )
    return doc


async def _readable(p: Principal, filing_id: int, document_id: int) -> tuple[dict[str, Any], str | None]:
    """The document, once `p` may read it (404/403 as read_document says), and its court."""
    filing = await service.load_filing(filing_id)
    whole = await service.resource_of(filing)
    base = replace(whole, kind=ResourceKind.DOCUMENT)
    # Who may neither see the filing nor read its documents hears "no filing", whether or not the document id
    # exists in it; who may see it (its list of documents) and is refused this one is told so (403).
    reveal(p, whole, base)
    doc = await _document(filing_id, document_id)
    require(p, Action.READ_DOCUMENT, replace(base, sealed=bool(doc["sealed"]), ref=None))
    return doc, base.court_code


async def _record_read(
    p: Principal, document_id: int, court_code: str | None, detail: dict[str, Any]
) -> None:
    """Reading a document (or a page of it) leaves its audit event."""
    await record(
        actor_of(p),
        "document.read",
        subject_type="document",
        subject_id=document_id,
        court_code=court_code,
        detail=detail,
    )


async def page_highlight(
    p: Principal, runtime: Runtime, filing_id: int, document_id: int, number: int, field: str | None
) -> bytes:
    """Page `number` of an OCR'd document as PNG, the words of the docket field `field` (a review row's path in
    the document's own docket) highlighted (court.filing.highlight); audited as a read of the document."""
    from court.filing.docket_view import as_json, docket_rows
    from court.filing.highlight import field_boxes, highlighted_png, page_for, page_image
    from nlp.ocr import OcrError

    doc, court_code = await _readable(p, filing_id, document_id)
    ocr_page = page_for(as_json(doc["ocr_pages"]) or [], number)
    if ocr_page is None:
        raise NotFound(f"document {document_id} has no OCR'd page {number}")
    boxes: list[Any] = []
    if field:
        row = next((r for r in docket_rows(as_json(doc["docket"])) if r.path == field), None)
        if row is None:
            raise NotFound(f"document {document_id} has no field {field}")
        if row.page == number and row.span is not None:
            boxes = field_boxes(ocr_page, row.span[0], row.span[1], row.source)
    await _record_read(
        p, document_id, court_code, {"filing": filing_id, "sha256": doc["sha256"], "page": number}
    )

    def render(local: str) -> bytes:
        image = page_image(local, number)
        size = (int(ocr_page["width"]), int(ocr_page["height"]))
        if image.size != size:  # the OCR read a page scaled to nlp.ocr.MAX_SIDE: the boxes are in that frame
            image = image.resize(size)
        return highlighted_png(image, boxes)

    with tempfile.NamedTemporaryFile(prefix="court-page-") as local:

        def download() -> None:
            for chunk in runtime.blobs.iter_chunks(doc["blob_key"]):
                local.write(chunk)
            local.flush()

        await asyncio.to_thread(download)
        try:
            return await asyncio.to_thread(render, local.name)
        except OcrError as exc:
            raise NotFound(f"page {number} of document {document_id} cannot be shown: {exc.reason}") from exc


async def read_document(p: Principal, runtime: Runtime, filing_id: int, document_id: int) -> Stream:
    doc, court_code = await _readable(p, filing_id, document_id)
    await _record_read(p, document_id, court_code, {"filing": filing_id, "sha256": doc["sha256"]})
    return Stream(
        await opened_blob(runtime.blobs, doc["blob_key"], CHUNK),
        media_type="application/pdf",
        headers={
            "content-length": str(doc["size"]),
            "x-content-sha256": doc["sha256"],
            "content-disposition": content_disposition(document_id, doc.get("active_content")),
        },
    )


def content_disposition(document_id: int, active_content: Any) -> str:
    """Inline for a plain PDF (the clerk reads it beside the docket); an attachment — saved, not opened by the
    browser's viewer — for one carrying JavaScript, actions or embedded files (court.filing.intake)."""
    if isinstance(active_content, str):  # a JSON column read without load_json
        import json

        active_content = json.loads(active_content or "[]")
    disposition = "attachment" if active_content else "inline"
    return f'{disposition}; filename="document-{document_id}.pdf"'


def dossier_key(filing_id: int, documents: list[dict[str, Any]], number: str) -> str:
    """The dossier's key depends on its content: when documents change, a new dossier is built."""
    # A document read by OCR since adds its text layer: its state is part of the key (absent for the others).
    parts = [d["sha256"] + (f":{d['ocr_status']}" if d.get("ocr_status") else "") for d in documents]
    digest = hashlib.sha256("|".join([number, *parts]).encode()).hexdigest()[:32]
    return f"dossiers/filing-{filing_id}/{digest}.pdf"


async def build_dossier(runtime: Runtime, filing_id: int) -> str:
    """Assemble (or reuse) the electronic dossier (电子卷宗) of a filing; returns its blob key."""
    from storage.dossier import DossierCover, DossierDocument, assemble_dossier
    from storage.errors import BlobNotFound

    filing = await service.load_filing(filing_id)
    documents = (
        await FilingDocument.select()
        .where(FilingDocument.filing == filing_id)
        .order_by(FilingDocument.position)
    )
    if not documents:
        from court.errors import InvalidInput

        raise InvalidInput("the filing has no documents yet")
    number = await _dossier_number(filing)
    key = dossier_key(filing_id, documents, number)
    try:
        await asyncio.to_thread(runtime.blobs.stat, key)
        return key
    except BlobNotFound:
        pass
    parties = (
        await FilingParty.select(FilingParty.name, FilingParty.role)
        .where(FilingParty.filing == filing_id)
        .order_by(FilingParty.position)
    )
    court = (
        await Court.select(Court.name)
        .where(Court.code == (filing["competent_court_code"] or filing["receiving_court_code"]))
        .first()
    )
    cover = DossierCover(
        number=number,
        court=court["name"] if court else "",
        parties=[f"{p['name']}（{_role_label(p['role'])}）" for p in parties],
        date=datetime.now(UTC).date(),
    )

    def opener(blob_key: str) -> Any:
        def open_blob() -> Any:
            spooled = tempfile.SpooledTemporaryFile(max_size=8 * CHUNK)
            for chunk in runtime.blobs.iter_chunks(blob_key, CHUNK):
                spooled.write(chunk)
            spooled.seek(0)
            return spooled

        return open_blob

    entries = [
        DossierDocument(
            title=d["original_name"] or d["kind"],
            kind_label=gettext("zh_CN", KIND_LABELS[DocumentKind(d["kind"])]),
            open=opener(d["blob_key"]),
            text_layer=_text_layer(d),
        )
        for d in documents
    ]

    def assemble() -> None:
        with tempfile.NamedTemporaryFile(suffix=".pdf") as out:
            assemble_dossier(cover, entries, cast(BinaryIO, out))
            out.flush()
            out.seek(0)
            runtime.blobs.put(key, cast(BinaryIO, out), content_type="application/pdf")

    await asyncio.to_thread(assemble)
    return key


async def _dossier_number(filing: dict[str, Any]) -> str:
    """The cover's number: the case number (案号) once the filing is registered, else the filing number."""
    from court.cases.tables import Case

    case = await Case.select(Case.number).where(Case.filing_id == filing["id"]).first()
    if case is not None:
        return str(case["number"])
    return filing["number"] or f"草稿-{filing['id']}"


def _text_layer(document: dict[str, Any]) -> list[dict[str, Any]]:
    pages = document.get("ocr_pages") or []
    return json.loads(pages) if isinstance(pages, str) else list(pages)


def _role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


async def dossier_response(p: Principal, runtime: Runtime, filing_id: int) -> Any:
    filing = await service.authorize(p, Action.VIEW, filing_id)
    base = await service.resource_of(filing)
    # The filing is seen (VIEW passed): refusing its documents is a 403, not a hidden 404.
    require(p, Action.READ_DOCUMENT, replace(base, kind=ResourceKind.DOCUMENT, ref=None))
    key = await build_dossier(runtime, filing_id)
    await record(
        actor_of(p),
        "dossier.read",
        subject_type="filing",
        subject_id=filing_id,
        court_code=base.court_code,
    )
    from datetime import timedelta

    url = await asyncio.to_thread(runtime.blobs.presigned_url, key, timedelta(minutes=10))
    if url:
        return Redirect(url, status_code=307, media_type="text/plain")
    info = await asyncio.to_thread(runtime.blobs.stat, key)
    return Stream(
        await opened_blob(runtime.blobs, key, CHUNK),
        media_type="application/pdf",
        headers={"content-length": str(info.size)},
    )
