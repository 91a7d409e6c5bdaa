"""Builds the hostile-document corpus (and the valid baselines) that the intake and text tests feed in.

Every file is generated, never committed: bombs and the 10,000-page file are written compactly by hand
(one shared content stream, zlib in chunks). Run `python -m tests.filing.hostile.make_hostile OUTDIR`
to look at them.
"""

from __future__ import annotations

import io
import struct
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

CJK_FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))


def chinese_pdf(lines_per_page: list[list[str]]) -> bytes:
    """A valid PDF with Chinese text, one list of lines per page."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for lines in lines_per_page:
        pdf.setFont(CJK_FONT, 14)
        y = 780.0
        for line in lines:
            pdf.drawString(60, y, line)
            y -= 22
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def complaint_pdf(pages: int = 3) -> bytes:
    body = [
        "民 事 起 诉 状",
        "原告：王丽华，女，1983年7月16日出生。",
        "被告：陈建国，男。",
        "诉讼请求：归还借款本金150000元。",
    ]
    return chinese_pdf(
        [body] + [[f"事实与理由（续）第{n}页", "证据和证据来源附后。"] for n in range(2, pages + 1)]
    )


def assemble(objects: list[bytes], *, root: int = 1, xref: bool = True) -> bytes:
    """A PDF from raw object bodies (object n is objects[n-1]) with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, start)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R /Resources << /Font << /F1 %d 0 R >> >> >>"
HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def many_pages_pdf(pages: int) -> bytes:
    """`pages` pages that all share one content stream: ~90 bytes per page."""
    content, font = pages + 3, pages + 4
    kids = b" ".join(b"%d 0 R" % (n + 3) for n in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
    ]
    objects += [PAGE % (content, font)] * pages
    objects += [stream(b"BT /F1 12 Tf 72 720 Td (page) Tj ET"), HELVETICA]
    return assemble(objects)


def cyclic_page_tree_pdf() -> bytes:
    """A /Pages node whose /Kids points back at itself."""
    return assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            PAGE % (4, 5),
            stream(b"BT /F1 12 Tf 72 720 Td (loop) Tj ET"),
            HELVETICA,
        ]
    )


def _deflate_repeated(unit: bytes, total: int) -> bytes:
    compressor = zlib.compressobj(9)
    chunk = unit * (8 * 1024 * 1024 // len(unit))
    parts, written = [], 0
    while written < total:
        parts.append(compressor.compress(chunk))
        written += len(chunk)
    parts.append(compressor.flush())
    return b"".join(parts)


def flate_bomb_pdf(inflated_bytes: int = 1 << 30) -> bytes:
    """One page whose content stream is ~1 MB deflated and `inflated_bytes` (1 GiB) inflated."""
    bomb = _deflate_repeated(b"\0", inflated_bytes)
    return assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            PAGE % (4, 5),
            stream(bomb, b"/Filter /FlateDecode"),
            HELVETICA,
        ]
    )


def busy_text_pdf(operators: int = 1_500_000) -> bytes:
    """One page with 1.5 million text-showing operators: tiny on disk, minutes of layout work."""
    busy = _deflate_repeated(b"BT /F1 9 Tf 1 0 0 1 72 700 Tm (xy) Tj ET\n", operators * 41)
    return assemble(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            PAGE % (4, 5),
            stream(busy, b"/Filter /FlateDecode"),
            HELVETICA,
        ]
    )


def no_pages_pdf() -> bytes:
    return assemble([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def encrypted_pdf(user_password: str = "secret") -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(complaint_pdf(1))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def truncated_pdf() -> bytes:
    """A valid 3-page PDF cut off at 40% of its length (an interrupted upload)."""
    whole = complaint_pdf(3)
    return whole[: len(whole) * 2 // 5]


def broken_xref_pdf() -> bytes:
    """A valid PDF whose xref offsets all point 7 bytes off and whose startxref is wrong."""
    whole = complaint_pdf(2)
    head, _, tail = whole.rpartition(b"startxref")
    body, _, table = head.rpartition(b"xref")
    garbled = bytearray(table)
    for line_start in range(len(garbled)):
        if (
            garbled[line_start : line_start + 1].isdigit()
            and garbled[line_start + 17 : line_start + 20] == b" n "
        ):
            offset = int(garbled[line_start : line_start + 10]) + 7
            garbled[line_start : line_start + 10] = b"%010d" % offset
    return body + b"xref" + bytes(garbled) + b"startxref\n99999999\n%%EOF\n"


def png_bytes(width: int = 120, height: int = 80) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (250, 250, 240)).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(width: int = 160, height: int = 100) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 210, 220)).save(out, "JPEG", quality=80)
    return out.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_pixel_bomb(side: int = 30_000) -> bytes:
    """A 1-bit PNG of side×side pixels (900 million): ~110 KB deflated."""
    row = b"\0" + b"\0" * ((side + 7) // 8)
    idat = _deflate_repeated(row, len(row) * side)
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def truncated_png() -> bytes:
    whole = png_bytes(400, 400)
    return whole[: len(whole) // 2]


BUILDERS: dict[str, Callable[[], bytes]] = {
    "complaint.pdf": complaint_pdf,
    "truncated.pdf": truncated_pdf,
    "encrypted.pdf": encrypted_pdf,
    "owner_only_encrypted.pdf": lambda: encrypted_pdf(""),
    "cyclic_page_tree.pdf": cyclic_page_tree_pdf,
    "flate_bomb.pdf": flate_bomb_pdf,
    "busy_text.pdf": busy_text_pdf,
    "ten_thousand_pages.pdf": lambda: many_pages_pdf(10_000),
    "no_pages.pdf": no_pages_pdf,
    "broken_xref.pdf": broken_xref_pdf,
    "zero_bytes.pdf": lambda: b"",
    "jpeg_renamed.pdf": jpeg_bytes,
    "scan.png": png_bytes,
    "scan.jpg": jpeg_bytes,
    "pixel_bomb.png": png_pixel_bomb,
    "truncated.png": truncated_png,
    "plain_text.pdf": lambda: "这不是PDF文件。\n".encode(),
}


def write_all(directory: Path) -> dict[str, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, build in BUILDERS.items():
        path = directory / name
        path.write_bytes(build())
        paths[name] = path
    return paths


if __name__ == "__main__":
    for name, path in write_all(Path(sys.argv[1])).items():
        print(f"{path.stat().st_size:>10}  {name}")
