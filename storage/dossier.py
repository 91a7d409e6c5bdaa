"""The electronic dossier (电子卷宗): one PDF with a cover, a table of contents, bookmarks and page numbers.

Documents are read one after another through their `open` callables (so they can come from object
storage); pages are kept as pypdf objects until the final write. Every page is stamped "第 n 页 / 共 N 页"
at the bottom centre, counting from the cover.
"""

from __future__ import annotations

import io
import math
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, BinaryIO

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from storage.fonts import CJK_FONT, cjk_font

TOC_ROWS_PER_PAGE = 28
STAMP_SIZE = 9.0


class DossierError(Exception):
    """A document could not be added to the dossier (storage's own error; the court maps it)."""

    def __init__(self, title: str, problem: str) -> None:
        super().__init__(f"{title}: {problem}")
        self.title = title
        self.problem = problem


@dataclass(frozen=True, slots=True)
class DossierCover:
    """What the cover page (卷宗封面) states."""

    number: str  # the case number (案号) or, before registration, the filing number
    court: str
    parties: list[str]
    date: date
    title: str = "电子卷宗"


@dataclass(frozen=True, slots=True)
class DossierDocument:
    """One catalogue entry; `open` returns a fresh binary stream of its PDF bytes."""

    title: str
    kind_label: str
    open: Callable[[], BinaryIO]
    # OCR of its scanned pages (court.filing.ocr): [{number, width, height, lines: [{text, box}]}], boxes in the
    # pixels of the page as rendered. Each such page gets an invisible text layer, so the dossier can be searched
    # and its text copied; the page's own content (the scan) is left as it is.
    text_layer: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DossierEntry:
    title: str
    kind_label: str
    start_page: int  # 1-based, in the dossier's own numbering (the cover is page 1)
    page_count: int


@dataclass(frozen=True, slots=True)
class DossierInfo:
    page_count: int
    toc_pages: int
    entries: list[DossierEntry] = field(default_factory=list)


def assemble_dossier(cover: DossierCover, documents: list[DossierDocument], out: BinaryIO) -> DossierInfo:
    """Write the dossier of `documents` (in catalogue order) to `out` and say where each one starts."""
    writer = PdfWriter()
    readers = [_read(document) for document in documents]
    toc_pages = max(1, math.ceil(len(documents) / TOC_ROWS_PER_PAGE))
    entries: list[DossierEntry] = []
    next_page = 1 + toc_pages + 1
    for document, reader in zip(documents, readers, strict=True):
        entries.append(DossierEntry(document.title, document.kind_label, next_page, len(reader.pages)))
        next_page += len(reader.pages)
    total = next_page - 1

    front = PdfReader(io.BytesIO(_front_matter(cover, entries, toc_pages)))
    for page in front.pages:
        writer.add_page(page)
    writer.add_outline_item(title="封面", page_number=0)
    writer.add_outline_item(title="目录", page_number=1)
    for entry, reader, document in zip(entries, readers, documents, strict=True):
        layers = {int(layer["number"]): layer for layer in document.text_layer}
        for number, page in enumerate(reader.pages, start=1):
            added = writer.add_page(page)
            if number in layers:
                _lay_text(
                    added, layers[number]
                )  # on the writer's copy: pypdf merges only into a writer's pages
        writer.add_outline_item(
            title=f"{entry.title}（{entry.kind_label}）", page_number=entry.start_page - 1
        )

    _stamp_page_numbers(writer.pages, total)
    writer.add_metadata({"/Title": f"{cover.title} {cover.number}", "/Author": cover.court})
    writer.page_mode = "/UseOutlines"
    writer.write(out)
    return DossierInfo(page_count=total, toc_pages=toc_pages, entries=entries)


def _read(document: DossierDocument) -> PdfReader:
    stream = document.open()
    if not stream.seekable():  # e.g. an HTTP body from object storage: pypdf needs to seek
        spooled = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)
        shutil.copyfileobj(stream, spooled)
        spooled.seek(0)
        stream = spooled  # type: ignore[assignment]
    try:
        reader = PdfReader(stream)
        if len(reader.pages) == 0:
            raise DossierError(document.title, "no pages")
    except PyPdfError as exc:
        raise DossierError(document.title, str(exc)) from exc
    return reader


def _front_matter(cover: DossierCover, entries: list[DossierEntry], toc_pages: int) -> bytes:
    cjk_font()  # embedded, not merely named: a reader without CJK fonts still shows the cover
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    width, height = A4
    pdf.setFont(CJK_FONT, 26)
    pdf.drawCentredString(width / 2, height - 180, cover.court)
    pdf.setFont(CJK_FONT, 32)
    pdf.drawCentredString(width / 2, height - 250, cover.title)
    pdf.setFont(CJK_FONT, 14)
    y = height - 340
    lines = [f"案号：{cover.number}", f"法院：{cover.court}"]
    lines += [f"当事人：{party}" for party in cover.parties]
    lines.append(f"日期：{cover.date.year}年{cover.date.month}月{cover.date.day}日")
    for line in lines:
        pdf.drawString(100, y, _fit(line, CJK_FONT, 14, width - 200))
        y -= 28
    pdf.showPage()

    for page in range(toc_pages):
        pdf.setFont(CJK_FONT, 20)
        pdf.drawCentredString(width / 2, height - 80, "目  录" if page == 0 else "目  录（续）")
        pdf.setFont(CJK_FONT, 11)
        y = height - 130
        pdf.drawString(60, y, "序号")
        pdf.drawString(100, y, "材料名称")
        pdf.drawString(390, y, "类型")
        pdf.drawRightString(width - 60, y, "起始页")
        y -= 24
        first = page * TOC_ROWS_PER_PAGE
        for number, entry in enumerate(entries[first : first + TOC_ROWS_PER_PAGE], start=first + 1):
            pdf.drawString(60, y, str(number))
            pdf.drawString(100, y, _fit(entry.title, CJK_FONT, 11, 280))
            pdf.drawString(390, y, _fit(entry.kind_label, CJK_FONT, 11, 90))
            pdf.drawRightString(width - 60, y, str(entry.start_page))
            y -= 22
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def _fit(text: str, font: str, size: float, width: float) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _lay_text(page: PageObject, layer: dict[str, Any]) -> None:
    """Merge invisible text (render mode 3) over a scanned page, each OCR line stretched over its box."""
    if page.rotation:
        page.transfer_rotation_to_content()
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    scale_x, scale_y = width / float(layer["width"]), height / float(layer["height"])
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(width, height))
    for line in layer.get("lines", []):
        text = str(line.get("text", "")).strip()
        xs = [p[0] for p in line["box"]]
        ys = [p[1] for p in line["box"]]
        box_width, box_height = (max(xs) - min(xs)) * scale_x, (max(ys) - min(ys)) * scale_y
        if not text or box_width <= 0 or box_height <= 0:
            continue
        size = box_height * 0.85
        natural = pdfmetrics.stringWidth(text, CJK_FONT, size)
        words = pdf.beginText()
        words.setTextRenderMode(3)  # neither filled nor stroked: found by search and copy, never seen
        words.setFont(CJK_FONT, size)
        words.setHorizScale(100 * box_width / natural if natural else 100)
        words.setTextOrigin(min(xs) * scale_x, height - max(ys) * scale_y + box_height * 0.15)
        words.textOut(text)
        pdf.drawText(words)
    pdf.showPage()
    pdf.save()
    overlay = PdfReader(io.BytesIO(out.getvalue())).pages[0]
    page.merge_translated_page(overlay, float(page.mediabox.left), float(page.mediabox.bottom))


def _stamp_page_numbers(pages: Sequence[PageObject], total: int) -> None:
    for page in pages:
        # Rotation is moved into the content first, so the stamp lands at the bottom as the reader sees it.
        if page.rotation:
            page.transfer_rotation_to_content()
    # One reportlab document holds every stamp (one page each, sized like its target): far cheaper than
    # a document per page for a dossier of thousands of pages.
    cjk_font()
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for number, page in enumerate(pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        pdf.setPageSize((width, height))
        pdf.setFont(CJK_FONT, STAMP_SIZE)
        pdf.drawCentredString(width / 2, 14, f"第 {number} 页 / 共 {total} 页")
        pdf.showPage()
    pdf.save()
    stamps = PdfReader(io.BytesIO(out.getvalue())).pages
    for page, stamp in zip(pages, stamps, strict=True):
        page.merge_translated_page(stamp, float(page.mediabox.left), float(page.mediabox.bottom))
