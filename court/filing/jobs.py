"""Filing jobs: extract a document's docket (智能编目) and merge the filing's docket from its documents."""

from __future__ import annotations

import asyncio
import logging
import tempfile
from pathlib import Path
from typing import Any

from court.db import write_transaction
from court.filing.ocr import OCR_REASONS, ScanRead, read_scanned
from court.filing.tables import Filing, FilingDocument
from court.jobs.context import JobContext

# The complaint (or enforcement application) wins over evidence when two documents disagree.
log = logging.getLogger(__name__)

KIND_PRIORITY = {
    "complaint": 0,
    "enforcement_application": 0,
    "judgment": 1,
    "power_of_attorney": 2,
    "identity_document": 3,
    "evidence": 4,
    "other": 5,
}


async def extract_document(payload: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    """Read the document's text in the sandbox (OCR for pages without a text layer), run the pipeline, store the
    docket, re-merge the filing's docket. Running it twice gives the same docket: the second run finds the document done and only re-merges."""
    from court.reference.catalogue import court_catalogue
    from kernel.pdf import read_pdf_text
    from nlp.extract import extract_docket

    document_id = int(payload["document_id"])
    doc = await FilingDocument.select().where(FilingDocument.id == document_id).output(load_json=True).first()
    if doc is None:
        return {"skipped": "document no longer exists"}
    if doc["extraction_status"] != "done":
        settings = ctx.runtime.settings
        with tempfile.TemporaryDirectory(dir=_spool(ctx)) as tmp:
            local = Path(tmp) / "document.pdf"

            def download() -> None:
                with local.open("wb") as out:
                    for chunk in ctx.runtime.blobs.iter_chunks(doc["blob_key"]):
                        out.write(chunk)

            await asyncio.to_thread(download)
            limits: dict[str, Any] = {
                "max_pages": settings.pdf_max_pages,
                "cpu_seconds": settings.pdf_cpu_seconds,
                "memory_mb": settings.pdf_memory_mb,
            }
            if doc["needs_ocr"]:
                scan = await _read_scan(document_id, local, limits)
                pages, confidence = scan.pages, scan.confidence
            else:
                pages = await asyncio.to_thread(read_pdf_text, local, **limits)
                scan, confidence = None, None
        catalogue = await court_catalogue()
        docket = await asyncio.to_thread(extract_docket, pages, catalogue, None, confidence)
        from nlp.docket import to_builtins

        values: dict[Any, Any] = {
            FilingDocument.docket: to_builtins(docket),
            FilingDocument.extraction_status: "done",
        }
        if scan is not None:
            values |= {
                FilingDocument.ocr_status: "unreadable" if scan.unreadable else "read",
                FilingDocument.ocr_reason: scan.unreadable,
                FilingDocument.ocr_confidence: scan.ocr_confidence,
                FilingDocument.ocr_pages: scan.ocr_pages,
            }
        await FilingDocument.update(values).where(FilingDocument.id == document_id)
    merged = await merge_filing_docket(int(doc["filing"]))
    return {"document": document_id, "parties": len(merged.get("parties", []))}


async def _read_scan(document_id: int, local: Path, limits: dict[str, int]) -> ScanRead:
    """OCR the document's pages without a text layer (court.filing.ocr), its state `reading` meanwhile. A file the
    OCR cannot open at all comes back as an unreadable read with nothing in it, not as a failed job: retrying
    would not make it legible."""
    from kernel.pdf import PdfRejected
    from nlp.ocr import OcrError

    await FilingDocument.update({FilingDocument.ocr_status: "reading"}).where(
        FilingDocument.id == document_id
    )
    try:
        return await asyncio.to_thread(read_scanned, local, **limits)
    except (OcrError, PdfRejected) as exc:
        log.warning("document %s cannot be read by OCR: %s", document_id, exc)
        reason = exc.reason if exc.reason in OCR_REASONS else "broken"
        return ScanRead(pages=[""], confidence=[], ocr_pages=[], ocr_confidence=0.0, unreadable=reason)


def _spool(ctx: JobContext) -> str:
    path = Path(ctx.runtime.settings.var_dir) / "spool"
    path.mkdir(parents=True, exist_ok=True)
    return str(path)


def merge_dockets(dockets: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """Merge documents' dockets: fields come from the highest-priority document that has them; lists
    (case numbers, dates) are united without repeats."""
    merged: dict[str, Any] = {}
    ordered = sorted(dockets, key=lambda kd: KIND_PRIORITY.get(kd[0], 9))
    for _kind, docket in ordered:
        for key, value in docket.items():
            if value in (None, "", [], {}):
                continue
            if key not in merged or merged[key] in (None, "", [], {}):
                merged[key] = value
            elif key in ("case_numbers", "dates") and isinstance(value, list):
                seen = {repr(v) for v in merged[key]}
                merged[key] = merged[key] + [v for v in value if repr(v) not in seen]
    return merged


async def merge_filing_docket(filing_id: int) -> dict[str, Any]:
    async with write_transaction():
        rows = (
            await FilingDocument.select(FilingDocument.kind, FilingDocument.docket)
            .where((FilingDocument.filing == filing_id) & (FilingDocument.extraction_status == "done"))
            .order_by(FilingDocument.position)
            .output(load_json=True)
        )
        merged = merge_dockets([(r["kind"], r["docket"] or {}) for r in rows])
        await Filing.update({Filing.docket: merged}).where(Filing.id == filing_id)
    return merged
