"""Document checks for paperless filing (无纸化立案): type from the bytes, PDFs read in the sandbox, scans made PDFs.

The type of an upload comes from its first bytes only, never from its name or the Content-Type header: a
JPEG named `complaint.pdf` is a JPEG, and is accepted as a scan (converted to a one-page PDF) like any other
JPEG. Every rejection is a `court.errors.InvalidDocument` whose `reason` param is a key of REJECTION_MESSAGES.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import msgspec

from court.errors import InvalidDocument, InvalidInput
from court.i18n import Msg, msg
from kernel.pdf import HEADER_WINDOW, PDF_MAGIC, PdfRejected, inspect_pdf


class DocumentType(StrEnum):
    """What the bytes are (not what the file name says)."""

    PDF = "pdf"
    JPEG = "jpeg"
    PNG = "png"
    UNKNOWN = "unknown"


class DocumentKind(StrEnum):
    """Kind of a filed document (材料类型)."""

    COMPLAINT = "complaint"  # 起诉状
    ENFORCEMENT_APPLICATION = "enforcement_application"  # 执行申请书
    EVIDENCE = "evidence"  # 证据
    IDENTITY_DOCUMENT = "identity_document"  # 身份证明
    POWER_OF_ATTORNEY = "power_of_attorney"  # 授权委托书
    JUDGMENT = "judgment"  # 裁判文书
    OTHER = "other"


# Each kind as a reader names it: English msgids of the one catalogue (court.i18n.localize / the `t` filter).
KIND_LABELS: dict[DocumentKind, str] = {
    DocumentKind.COMPLAINT: "Complaint",
    DocumentKind.ENFORCEMENT_APPLICATION: "Enforcement application",
    DocumentKind.EVIDENCE: "Evidence",
    DocumentKind.IDENTITY_DOCUMENT: "Identity document",
    DocumentKind.POWER_OF_ATTORNEY: "Power of attorney",
    DocumentKind.JUDGMENT: "Judgment or ruling",
    DocumentKind.OTHER: "Other",
}

# Order matters: an enforcement application cites the judgment, a complaint lists its evidence, so the
# more specific title wins over words that merely occur in it.
KIND_KEYWORDS: tuple[tuple[DocumentKind, tuple[str, ...]], ...] = (
    (DocumentKind.ENFORCEMENT_APPLICATION, ("强制执行申请书", "执行申请书")),
    (DocumentKind.COMPLAINT, ("民事起诉状", "起诉状", "起诉书")),
    (DocumentKind.POWER_OF_ATTORNEY, ("授权委托书",)),
    (DocumentKind.JUDGMENT, ("判决书", "裁定书", "调解书")),
    (DocumentKind.IDENTITY_DOCUMENT, ("身份证", "营业执照")),
    (DocumentKind.EVIDENCE, ("证据",)),
)

# Why a document was refused: English msgids of the one catalogue.
REJECTION_MESSAGES: dict[str, str] = {
    "encrypted": "The PDF is encrypted; upload an unencrypted copy",
    "broken": "The PDF is damaged and cannot be read; export or scan it again",
    "too_many_pages": "The PDF has too many pages; split it into several files",
    "too_complex": "The PDF is too complex to process in time; save it as a standard PDF and retry",
    "too_large_in_memory": "The PDF expands to too much data to process",
    "empty": "The file is empty or has no pages",
    "not_pdf": "The file is not a valid PDF",
    "timeout": "Checking the file timed out; retry later or save it as a standard PDF",
    "unsupported_type": "Unsupported file type; upload a PDF, JPEG or PNG file",
    "image_broken": "The image is damaged and cannot be read; photograph or scan it again",
    "image_too_large": "The image has too many pixels; lower its resolution and retry",
}


@dataclass(frozen=True, slots=True)
class IntakeLimits:
    """Limits for one document check; `from_settings` reads the COURT_PDF_* settings."""

    max_pages: int = 5000
    cpu_seconds: int = 10
    memory_mb: int = 1024
    # A 600-dpi A3 scan is ~70 million pixels; beyond this an image is a pixel bomb, not a scan. It is decoded
    # in this process (3 bytes a pixel), so the figure also bounds the memory one conversion takes.
    max_image_pixels: int = 80_000_000

    @classmethod
    def from_settings(cls, settings: Any) -> IntakeLimits:
        return cls(
            max_pages=settings.pdf_max_pages,
            cpu_seconds=settings.pdf_cpu_seconds,
            memory_mb=settings.pdf_memory_mb,
        )


class CheckedDocument(msgspec.Struct, frozen=True):
    """A document that passed its checks: the PDF to store and what we learnt of it."""

    pdf_path: Path  # the file itself for a PDF; a new sibling `<name>.pdf` for a converted scan
    source_type: DocumentType
    converted: bool  # a JPEG/PNG scan turned into a one-page PDF
    page_count: int
    needs_ocr: bool
    kind: DocumentKind
    kind_guessed: bool  # True when the filer did not say and the kind came from name and text
    repaired: bool = False  # pypdf had to repair the PDF to read it (see kernel.pdf)
    active_content: tuple[str, ...] = ()  # JavaScript, actions, embedded files (kernel.pdf.ACTIVE_CONTENT)


def sniff_type(head: bytes) -> DocumentType:
    """The type of a file from its first bytes (pass at least the first 1024)."""
    if head.startswith(b"\xff\xd8\xff"):
        return DocumentType.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return DocumentType.PNG
    if PDF_MAGIC in head[:HEADER_WINDOW]:
        return DocumentType.PDF
    return DocumentType.UNKNOWN


def reject(reason: str, detail: str, filename: str) -> InvalidDocument:
    # The parser's own words (`detail`) stay in the English text and logs; the reader sees the catalogue's.
    message = Msg(
        "%(filename)s: %(problem)s",
        {"filename": filename, "problem": Msg(REJECTION_MESSAGES[reason])},
        note=detail,
    )
    return InvalidDocument(message, reason=reason, filename=filename, shown=Msg(REJECTION_MESSAGES[reason]))


def check_document(
    path: Path, *, declared_kind: str | None, filename: str, limits: IntakeLimits
) -> CheckedDocument:
    """Check one uploaded file; return what to store, or raise InvalidDocument."""
    kind = _parse_kind(declared_kind)
    with path.open("rb") as handle:
        head = handle.read(HEADER_WINDOW)
    if not head:
        raise reject("empty", "zero bytes", filename)
    source_type = sniff_type(head)
    if source_type is DocumentType.UNKNOWN:
        raise reject("unsupported_type", "", filename)
    converted = source_type is not DocumentType.PDF
    pdf_path = _image_to_pdf(path, limits, filename) if converted else path
    try:
        # Page 1's text only serves to guess an undeclared kind; the extraction job reads all text later.
        report = inspect_pdf(
            pdf_path,
            max_pages=limits.max_pages,
            cpu_seconds=limits.cpu_seconds,
            memory_mb=limits.memory_mb,
            first_page_text=kind is None,
        )
    except PdfRejected as exc:
        if converted:
            pdf_path.unlink(missing_ok=True)
        raise reject(exc.reason, exc.detail, filename) from exc
    return CheckedDocument(
        pdf_path=pdf_path,
        source_type=source_type,
        converted=converted,
        page_count=report.page_count,
        needs_ocr=report.needs_ocr,
        kind=kind or guess_kind(filename, report.first_page_text),
        kind_guessed=kind is None,
        repaired=report.repaired,
        active_content=report.active_content,
    )


def guess_kind(filename: str, first_page_text: str) -> DocumentKind:
    """The kind from the heading of the first page, else from the file name, else OTHER."""
    # Headings are often letter-spaced ("民 事 起 诉 状"); only the top of the page is a heading.
    heading = re.sub(r"\s+", "", first_page_text)[:40]
    name = re.sub(r"\s+", "", Path(filename).stem)
    for source in (heading, name):
        for kind, words in KIND_KEYWORDS:
            if any(word in source for word in words):
                return kind
    return DocumentKind.OTHER


def _parse_kind(declared: str | None) -> DocumentKind | None:
    if declared is None or declared == "":
        return None
    try:
        return DocumentKind(declared)
    except ValueError:
        raise InvalidInput(
            msg("unknown document kind %(declared)s", declared=repr(declared)), field="kind", value=declared
        ) from None


def _image_to_pdf(path: Path, limits: IntakeLimits, filename: str) -> Path:
    from PIL import Image, ImageOps, UnidentifiedImageError
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                if width * height > limits.max_image_pixels:
                    raise reject("image_too_large", f"{width}×{height} pixels", filename)
                image.load()  # decodes everything: truncated or corrupt data fails here, not later
                # A plain JPEG is embedded as it is (no re-encoding loss); anything else is redrawn.
                as_is = image.format == "JPEG" and image.mode in ("RGB", "L") and _orientation(image) == 1
                upright = ImageOps.exif_transpose(image)  # phone photos keep rotation in EXIF only
                if upright.mode not in ("RGB", "L", "1"):
                    upright = upright.convert("RGB")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise reject("image_too_large", str(exc), filename) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise reject("image_broken", f"{type(exc).__name__}: {exc}", filename) from exc
    out = path.with_name(path.name + ".pdf")
    page = landscape(A4) if upright.width > upright.height else A4
    scale = min(page[0] / upright.width, page[1] / upright.height)
    drawn = (upright.width * scale, upright.height * scale)
    pdf = canvas.Canvas(str(out), pagesize=page)
    pdf.drawImage(
        str(path) if as_is else ImageReader(upright),
        (page[0] - drawn[0]) / 2,
        (page[1] - drawn[1]) / 2,
        *drawn,
    )
    pdf.showPage()
    pdf.save()
    return out


def _orientation(image: Any) -> int:
    return int(image.getexif().get(0x0112, 1))  # EXIF tag 274, Orientation
