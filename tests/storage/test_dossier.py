"""The electronic dossier: catalogue order, table of contents, one bookmark per document, continuous page numbers."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from storage.dossier import (
    TOC_ROWS_PER_PAGE,
    DossierCover,
    DossierDocument,
    DossierError,
    assemble_dossier,
)

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
COVER = DossierCover(
    number="（2024）浙0106民初1234号",
    court="杭州市西湖区人民法院",
    parties=["原告 王丽华", "被告 陈建国"],
    date=date(2024, 3, 5),
)


def _pdf(marker: str, pages: int, size: tuple[float, float] = (595, 842), rotate: int = 0) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=size)
    for n in range(1, pages + 1):
        pdf.setFont("STSong-Light", 12)
        pdf.drawString(50, size[1] / 2, f"{marker}-{n}")
        pdf.showPage()
    pdf.save()
    if not rotate:
        return out.getvalue()
    writer = PdfWriter(clone_from=PdfReader(out))
    for page in writer.pages:
        page.rotate(rotate)
    rotated = io.BytesIO()
    writer.write(rotated)
    return rotated.getvalue()


def _doc(title: str, kind: str, data: bytes) -> DossierDocument:
    return DossierDocument(title=title, kind_label=kind, open=lambda: io.BytesIO(data))


class _OneWayStream(io.RawIOBase):
    """A non-seekable stream, like an object-storage HTTP body."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _assemble(documents: list[DossierDocument]) -> tuple[PdfReader, object]:
    out = io.BytesIO()
    info = assemble_dossier(COVER, documents, out)
    out.seek(0)
    return PdfReader(out), info


def test_documents_follow_in_catalogue_order_with_toc_bookmarks_and_numbers() -> None:
    documents = [
        _doc("民事起诉状", "起诉状", _pdf("COMPLAINT", 3)),
        _doc("身份证明", "身份证明", _pdf("ID", 1, size=(842, 595))),  # landscape
        _doc("证据一 借条", "证据", _pdf("EVIDENCE", 2, rotate=90)),
    ]
    reader, info = _assemble(documents)
    total = 1 + 1 + 3 + 1 + 2
    assert info.page_count == total == len(reader.pages)  # type: ignore[attr-defined]
    texts = [page.extract_text() for page in reader.pages]

    assert (
        "杭州市西湖区人民法院" in texts[0] and "（2024）浙0106民初1234号" in texts[0] and "王丽华" in texts[0]
    )
    assert "2024年3月5日" in texts[0]
    starts = [entry.start_page for entry in info.entries]  # type: ignore[attr-defined]
    assert starts == [3, 6, 7]
    for entry in info.entries:  # type: ignore[attr-defined]
        row = re.search(re.escape(entry.title) + r"\s*" + re.escape(entry.kind_label) + r"\s*(\d+)", texts[1])
        assert row and int(row.group(1)) == entry.start_page
    for number, text in enumerate(texts, start=1):
        assert f"第 {number} 页 / 共 {total} 页" in text
    assert "COMPLAINT-1" in texts[2] and "COMPLAINT-3" in texts[4] and "ID-1" in texts[5]
    assert "EVIDENCE-1" in texts[6] and "EVIDENCE-2" in texts[7]

    outline = reader.outline
    titles = [item.title for item in outline]  # type: ignore[union-attr]
    assert titles == ["封面", "目录", "民事起诉状（起诉状）", "身份证明（身份证明）", "证据一 借条（证据）"]
    pages = [reader.get_destination_page_number(item) + 1 for item in outline]  # type: ignore[arg-type]
    assert pages == [1, 2, 3, 6, 7]


def test_stamp_sits_at_the_visible_bottom_of_rotated_and_landscape_pages() -> None:
    reader, _ = _assemble(
        [_doc("横向", "证据", _pdf("L", 1, size=(842, 595))), _doc("旋转", "证据", _pdf("R", 1, rotate=90))]
    )
    for page in reader.pages[2:]:
        assert page.rotation == 0  # the rotation was moved into the content before stamping
        seen: list[float] = []

        def visit(
            text: str, cm: list[float], tm: list[float], font: object, size: float, seen: list[float] = seen
        ) -> None:
            if "页 /" in text or "共" in text:
                seen.append(tm[5] * cm[3] + cm[5])

        page.extract_text(visitor_text=visit)
        assert seen and all(y < 40 for y in seen)


def test_long_catalogue_takes_more_toc_pages_and_start_pages_shift() -> None:
    count = TOC_ROWS_PER_PAGE + 2
    documents = [_doc(f"证据{n}", "证据", _pdf(f"E{n}", 1)) for n in range(count)]
    reader, info = _assemble(documents)
    assert info.toc_pages == 2  # type: ignore[attr-defined]
    assert info.entries[0].start_page == 4  # type: ignore[attr-defined]
    assert info.entries[-1].start_page == 3 + count  # type: ignore[attr-defined]
    assert f"E{count - 1}-1" in reader.pages[info.entries[-1].start_page - 1].extract_text()  # type: ignore[attr-defined]
    assert "目  录（续）" in reader.pages[2].extract_text() or "目 录（续）" in reader.pages[2].extract_text()


def test_non_seekable_streams_from_object_storage_are_read() -> None:
    data = _pdf("S3", 2)
    reader, info = _assemble([DossierDocument("远程材料", "其他材料", lambda: _OneWayStream(data))])  # type: ignore[arg-type, return-value]
    assert info.page_count == 4  # type: ignore[attr-defined]
    assert "S3-2" in reader.pages[3].extract_text()


def test_a_document_that_is_not_a_pdf_names_itself_in_the_error() -> None:
    with pytest.raises(DossierError) as caught:
        assemble_dossier(COVER, [_doc("坏文件", "证据", b"not a pdf at all")], io.BytesIO())
    assert caught.value.title == "坏文件"


def test_storage_does_not_import_the_court() -> None:
    import ast
    from pathlib import Path

    import storage.dossier

    tree = ast.parse(Path(storage.dossier.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name.split(".")[0] in {"court", "nlp"} for name in imported)
