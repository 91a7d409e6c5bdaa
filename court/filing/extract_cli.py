"""`court extract` and `court evaluate`: dockets from documents on the command line, and scores on a corpus."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import msgspec

from court.filing.ocr import ocr_facts
from nlp.ocr import ENGINES


def _pages(path: str, engine: str | None = None) -> tuple[list[str], list[float] | None]:
    """The pages' text and, when any page was read by OCR, one confidence per character of the joined pages."""
    from kernel.pdf import PdfRejected
    from nlp.ocr import OcrError, joined_confidence, read_document

    if path == "-":
        return [sys.stdin.read()], None
    p = Path(path)
    with p.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" in head or _is_image(head):
        try:
            pages = read_document(p, engine)
        except PdfRejected as exc:
            raise SystemExit(f"court extract: {path}: {exc.reason}: {exc.detail}") from None
        except OcrError as exc:
            raise SystemExit(f"court extract: {path}: {exc.reason}: {exc.detail}") from None
        scanned = any(page.ocr is not None for page in pages)
        return [page.text for page in pages], joined_confidence(pages) if scanned else None
    return [p.read_text(encoding="utf-8")], None


def _is_image(head: bytes) -> bool:
    # JPEG, PNG, TIFF (both byte orders), HEIC/HEIF (an ISO-BMFF "ftyp" box naming a HEIF brand)
    return head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*")) or (
        head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heim", b"heis")
    )


def _extract(args: argparse.Namespace) -> int:
    from court.reference.catalogue import catalogue_from_seeds
    from nlp.docket import to_builtins
    from nlp.extract import extract_batch, extract_docket

    catalogue = catalogue_from_seeds()
    if args.batch:
        source = sys.stdin if args.batch == "-" else open(args.batch, encoding="utf-8")
        lines = (json.loads(line) for line in source if line.strip())
        for out in extract_batch(lines, catalogue):
            sys.stdout.write(json.dumps(out, ensure_ascii=False, default=str) + "\n")
        return 0
    if not args.paths:
        print("court extract: give PATH... or --batch IN.jsonl", file=sys.stderr)
        return 2
    for path in args.paths:
        pages, confidence = _pages(path, args.engine)
        docket = extract_docket(pages, catalogue, confidence=confidence)
        print(json.dumps(to_builtins(docket), ensure_ascii=False, default=str))
    return 0


def _ocr(args: argparse.Namespace) -> int:
    """One JSON object per file: path, text (pages joined by a form feed), confidence, pages (with their lines)."""
    from kernel.pdf import PdfRejected
    from nlp.ocr import OcrError, read_document

    status = 0
    for path in args.paths:
        try:
            pages = read_document(path, args.engine)
        except (OcrError, PdfRejected, OSError) as exc:
            reason = getattr(exc, "reason", type(exc).__name__)
            print(json.dumps({"path": path, "error": reason, "detail": str(exc)}, ensure_ascii=False))
            status = 1
            continue
        scanned = [page.ocr for page in pages if page.ocr is not None]
        chars = sum(len(page.text) for page in scanned)
        confidence = (
            sum(page.confidence * len(page.text) for page in scanned) / chars
            if chars
            else (0.0 if scanned else 1.0)
        )
        out = {
            "path": path,
            "text": "\f".join(page.text for page in pages),
            "confidence": round(confidence, 4),
            "pages": [
                {
                    "number": page.number,
                    "source": "ocr" if page.ocr else "text_layer",
                    "text": page.text,
                    **(
                        {
                            **ocr_facts(page.ocr),
                            "lines": [msgspec.to_builtins(line) for line in page.ocr.lines],
                        }
                        if page.ocr
                        else {}
                    ),
                }
                for page in pages
            ],
        }
        print(json.dumps(out, ensure_ascii=False))
    return status


def _evaluate(args: argparse.Namespace) -> int:
    from court.reference.catalogue import catalogue_from_seeds
    from nlp.eval import evaluate_file

    report: dict[str, Any] = evaluate_file(Path(args.corpus), catalogue_from_seeds())
    print(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser(
        "extract",
        help="print the docket extracted from documents (PDF, image or text) as JSON",
        description="Print one JSON docket per document (PDF, scanned PDF, JPEG/PNG/TIFF/HEIC image read by OCR, or "
        "UTF-8 text; - for standard input). "
        'With --batch IN.jsonl, read lines {"id", "text"} and write lines {"id", "docket"}.',
    )
    p.add_argument("paths", nargs="*", help="PDF or text files, or - for standard input")
    p.add_argument(
        "--batch", metavar="IN.jsonl", help="a JSON-lines file of {id, text} (or - for standard input)"
    )
    p.add_argument(
        "--engine",
        choices=ENGINES,
        default=None,
        help="OCR engine for images and scanned pages (default: COURT_OCR_ENGINE, else rapidocr)",
    )
    p.set_defaults(func=_extract)
    o = sub.add_parser(
        "ocr",
        help="read images and scanned PDFs (OCR) and print one JSON object per file",
        description="Print one JSON object per file: path, text (pages joined by a form feed), "
        "confidence (0-1, characters' mean over OCR'd pages) and pages (each with its lines, "
        "their confidences and boxes). JPEG, PNG, TIFF, HEIC (with pillow-heif) and PDF; a PDF's "
        "pages with a text layer are taken as they are.",
    )
    o.add_argument("paths", nargs="+", help="image or PDF files")
    o.add_argument("--engine", choices=ENGINES, default=None, help="rapidocr (default) or tesseract")
    o.set_defaults(func=_ocr)
    e = sub.add_parser(
        "evaluate",
        help="score extraction against a labelled JSONL corpus (precision, recall, F1 per field)",
        description='Score the extractor against a labelled corpus: lines {"id", "text", "docket"}.',
    )
    e.add_argument("corpus", help="the labelled JSONL file")
    e.set_defaults(func=_evaluate)
