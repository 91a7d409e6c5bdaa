"""OCR of a filed document in the extraction job (issue 21), and its state as the clerk and the filer see it.

A document with pages without a text layer (a photo or scan, made a PDF at intake, or a scanned PDF) is
`queued` at intake, `reading` while the job runs the OCR, then `read` (its docket filled from the OCR text, each
field's confidence scaled by the OCR's confidence in the characters it was read from) or `unreadable`, with a
reason from OCR_REASONS. A filing whose complaint is only unreadable images is flagged on both pages, and the
filer (at the kiosk too) is asked for a legible complaint.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec

OCR_STATES = ("queued", "reading", "read", "unreadable")

# Why a document could not be read: English msgids of the one catalogue (the clerk and the filer see them translated).
OCR_REASONS: dict[str, str] = {
    "no_text": "No text was found in the image",
    "low_confidence": "The image is too unclear to read reliably",
    "image_broken": "The image is damaged",
    "image_too_large": "The image has too many pixels",
    "render_failed": "A page could not be rendered",
    "renderer_missing": "The OCR service is not available",
    "engine_failed": "The OCR service is not available",
    "broken": "The file is damaged",
}

# Kinds whose document is the filing's complaint (起诉状) or its equivalent.
COMPLAINT_KINDS = ("complaint", "enforcement_application")


class ScanRead(msgspec.Struct, frozen=True):
    """What the OCR made of one document."""

    pages: list[str]  # every page's text, text-layer pages as they are
    confidence: list[float]  # one per character of the pages joined by one newline
    ocr_pages: list[dict[str, Any]]  # per OCR'd page: number, confidence, rotation, skew, size, lines
    ocr_confidence: float  # the OCR'd characters' mean confidence
    unreadable: str = ""  # a key of OCR_REASONS when nothing usable was read


def read_scanned(path: Path, *, max_pages: int, cpu_seconds: int, memory_mb: int) -> ScanRead:
    """Read a PDF some of whose pages have no text layer: the text layer where there is one, OCR elsewhere.
    Blocking (OCR takes seconds a page): call it from a worker thread. Raises nlp.ocr.OcrError or
    kernel.pdf.PdfRejected when the file cannot be read at all."""
    from nlp.ocr import joined_confidence, read_document

    pages = read_document(path, max_pages=max_pages, cpu_seconds=cpu_seconds, memory_mb=memory_mb)
    scanned = [page.ocr for page in pages if page.ocr is not None]
    chars = sum(len(page.text) for page in scanned)
    confidence = sum(page.confidence * len(page.text) for page in scanned) / chars if chars else 0.0
    ocr_pages = []
    start = 0  # where each page starts in the pages joined by one newline: the docket's spans index that text
    for page in pages:
        if page.ocr is not None:
            ocr_pages.append(
                {
                    "number": page.number,
                    "start": start,
                    **ocr_facts(page.ocr),
                    "lines": line_records(page.ocr),
                }
            )
        start += len(page.text) + 1
    unreadable = ""
    text_layer = any(page.ocr is None and page.text.strip() for page in pages)
    if not text_layer and not any(page.readable for page in scanned):
        unreadable = "no_text" if not any(page.text.strip() for page in scanned) else "low_confidence"
    return ScanRead(
        pages=[page.text for page in pages],
        confidence=joined_confidence(pages),
        ocr_pages=ocr_pages,
        ocr_confidence=round(confidence, 4),
        unreadable=unreadable,
    )


def ocr_facts(page: Any) -> dict[str, Any]:
    """What the OCR of a page measured (an OcrPage): its confidence, how it turned and straightened the image, the
    size of the image it read and the engine."""
    return {
        "confidence": page.confidence,
        "rotation": page.rotation,
        "skew": page.skew,
        "width": page.width,
        "height": page.height,
        "engine": page.engine,
    }


def line_records(page: Any) -> list[dict[str, Any]]:
    """An OcrPage's lines as stored, each with `at`: where its text starts in the page's text (lines are joined
    in reading order, so each is found after the one before), for highlighting a field's span on the image."""
    out = []
    at = 0
    for line in page.lines:
        record = msgspec.to_builtins(line)
        found = page.text.find(line.text, at) if line.text else -1
        if found >= 0:
            record["at"] = found
            at = found + len(line.text)
        out.append(record)
    return out


def complaint_unreadable(documents: list[dict[str, Any]]) -> bool:
    """The filing has a complaint, and every complaint document is an image the OCR could not read."""
    complaints = [d for d in documents if d.get("kind") in COMPLAINT_KINDS]
    return bool(complaints) and all(d.get("ocr_status") == "unreadable" for d in complaints)


def has_complaint(documents: list[dict[str, Any]]) -> bool:
    return any(d.get("kind") in COMPLAINT_KINDS for d in documents)
