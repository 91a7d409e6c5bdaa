"""OCR (nlp.ocr) on small typeset pages: text and confidence, orientation and skew, scanned and mixed PDFs, the
CLI, and extraction from OCR text. The RapidOCR models load once per session (the engine is kept per process)."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path
from typing import Any

import pytest

from nlp.ocr import assemble, joined_confidence, load_images, read_document, read_image
from testkit.ocr_pages import cer, photo, typeset

TEXT = (
    "民事起诉状\n"
    "原告：王丽华，女，1980年1月1日出生，汉族，住北京市朝阳区建国路88号。\n"
    "被告：陈建国，男，1975年3月2日出生，汉族，住北京市海淀区中关村大街1号。\n"
    "诉讼请求：\n"
    "1、判令被告偿还借款人民币50000元。\n"
    "此致\n"
    "北京市朝阳区人民法院"
)


# Pages are about the detector's smallest frame (it scales a page up until its shorter side is 736 pixels,
# nlp.ocr.DETECT_MIN_SIDE): the characters are the size of a scan's at 200 dpi (26 px), the page no larger than the
# text needs, so every pixel the detector sees is one a page of text would have.
SIDE = 740
SHORT = "\n".join(TEXT.splitlines()[:3])


@pytest.fixture(scope="module")
def page() -> Any:
    """The whole complaint: what extraction and the engines' quality are checked on."""
    return typeset(TEXT, width=SIDE, size=26, margin=40, height=SIDE)


@pytest.fixture(scope="module")
def short_page() -> Any:
    """The complaint's first lines (title, plaintiff, defendant): what turning, deskewing and the CLI are checked on."""
    return typeset(SHORT, width=SIDE, size=26, margin=40, height=SIDE)


def _pdf_of(image: Any, path: Path, text_page: str | None = None) -> Path:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    # The page is the image's size at the renderer's 200 dpi: the OCR reads the same pixels, not a mostly white A4.
    size = (image.width * 72 / 200, image.height * 72 / 200)
    pdf = canvas.Canvas(str(path), pagesize=size)
    if text_page is not None:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        pdf.setFont("STSong-Light", 12)
        pdf.drawString(60, 780, text_page)
        pdf.showPage()
    pdf.drawImage(ImageReader(image), 0, 0, *size)
    pdf.showPage()
    pdf.save()
    return path


def test_a_clean_page_reads_with_high_confidence(page: Any) -> None:
    read = read_image(page.image)
    assert cer(page.text, read.text) <= 0.03, read.text
    assert read.confidence > 0.9 and read.rotation == 0 and abs(read.skew) < 1
    assert read.text.splitlines()[0] == "民事起诉状"
    for line in read.lines:
        assert 0 < line.confidence <= 1
        assert all(0 <= x <= read.width and 0 <= y <= read.height for x, y in line.box)
    confidence = read.char_confidence()
    assert len(confidence) == len(read.text)


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_a_page_turned_sideways_or_upside_down_is_read_upright(short_page: Any, turn: int) -> None:
    page = short_page
    read = read_image(
        page.image.rotate(-turn, expand=True)
    )  # PIL turns counter-clockwise: -turn is clockwise
    assert read.rotation == (360 - turn) % 360
    assert read.text.splitlines()[0] == "民事起诉状"
    # Boxes are in the image as given: the title, at the top of the page, is where the turn put it.
    title = read.lines[0].box
    x, y = sum(p[0] for p in title) / 4 / read.width, sum(p[1] for p in title) / 4 / read.height
    where = {90: x > 0.7, 180: y > 0.7, 270: x < 0.3}[turn]
    assert where, (turn, x, y)
    assert cer(page.text, read.text) <= 0.05, read.text


def test_a_skewed_photo_is_deskewed_and_read() -> None:
    # A little less tall than SIDE: turned 4° the page still fits the detector's strip (nlp.ocr.DETECT_STRIP).
    page = typeset(SHORT, width=SIDE, size=26, margin=40, height=660)
    read = read_image(page.image.rotate(4, expand=True, fillcolor="white", resample=3))
    assert 3 < abs(read.skew) < 5
    assert cer(page.text, read.text) <= 0.05, read.text
    degraded = read_image(photo(page.image, random.Random(7)))
    assert cer(page.text, degraded.text) <= 0.08, degraded.text


def test_a_blank_page_is_unreadable() -> None:
    from PIL import Image

    read = read_image(Image.new("RGB", (SIDE, SIDE), "white"))
    assert read.text == "" and read.confidence == 0 and not read.readable


def test_pieces_of_one_line_join_without_spaces_between_cjk() -> None:
    from nlp.ocr import OcrLine

    lines = [
        OcrLine("被告", 0.9, [[200, 10], [260, 10], [260, 40], [200, 40]]),
        OcrLine("原告", 0.8, [[10, 12], [70, 12], [70, 42], [10, 42]]),
        OcrLine("王丽华 ID 12", 0.7, [[80, 11], [190, 11], [190, 41], [80, 41]]),
        OcrLine("此致", 0.6, [[10, 80], [70, 80], [70, 110], [10, 110]]),
        OcrLine("女", 0.6, [[150, 82], [180, 82], [180, 112], [150, 112]]),
    ]
    text, ordered = assemble(lines)
    # Touching CJK pieces join; CJK after a digit, and a column far to the right, are set apart by a space.
    assert text == "原告王丽华 ID 12 被告\n此致 女"
    assert [line.text for line in ordered] == ["原告", "王丽华 ID 12", "被告", "此致", "女"]


@pytest.fixture(scope="module")
def scanned(page: Any, tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    return read_document(_pdf_of(page.image, tmp_path_factory.mktemp("scan") / "scan.pdf"))


def test_a_scanned_pdf_and_a_mixed_one(
    tmp_path: Path, page: Any, short_page: Any, scanned: list[Any]
) -> None:
    assert len(scanned) == 1 and scanned[0].ocr is not None
    assert cer(page.text, scanned[0].text) <= 0.03
    mixed = read_document(_pdf_of(short_page.image, tmp_path / "mixed.pdf", text_page="证据目录"))
    assert [p.ocr is None for p in mixed] == [True, False]
    assert mixed[0].text.strip() == "证据目录"
    confidence = joined_confidence(mixed)
    assert len(confidence) == len("\n".join(p.text for p in mixed))
    assert confidence[: len(mixed[0].text)] == [1.0] * len(mixed[0].text)


def test_image_formats(tmp_path: Path, page: Any) -> None:
    small = page.image.resize((page.image.width // 2, page.image.height // 2))
    frames = [small, small.rotate(180)]
    tiff = tmp_path / "two.tiff"
    frames[0].save(tiff, save_all=True, append_images=frames[1:])
    assert len(load_images(tiff)) == 2
    jpeg = io.BytesIO()
    small.save(jpeg, "JPEG", quality=80)
    (tmp_path / "page.jpg").write_bytes(jpeg.getvalue())
    assert load_images(tmp_path / "page.jpg")[0].size == small.size
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    small.save(tmp_path / "page.heic")
    assert load_images(tmp_path / "page.heic")[0].size == small.size


def test_the_docket_is_filled_from_ocr_text_with_scaled_confidence(scanned: list[Any]) -> None:
    from nlp.extract import extract_docket

    pages = scanned
    confidence = joined_confidence(pages)
    docket = extract_docket([p.text for p in pages], confidence=confidence)
    names = sorted(p.name for p in docket.parties)
    assert names == ["王丽华", "陈建国"]
    assert docket.court is not None and docket.court.name == "北京市朝阳区人民法院"
    plain = extract_docket([p.text for p in pages])
    for party, same in zip(docket.parties, plain.parties, strict=True):
        # Scaled by the OCR's confidence in the line the name was read from (never above the text-layer figure).
        assert party.sources["name"].confidence <= same.sources["name"].confidence
        s = party.sources["name"]
        assert s.confidence == pytest.approx(
            same.sources["name"].confidence * min(confidence[s.start : s.end]), abs=0.01
        )


def test_court_ocr_prints_one_object_per_file(
    tmp_path: Path, short_page: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from court.cli import main

    page = short_page

    page.image.save(tmp_path / "page.png")
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    status = main(["ocr", str(tmp_path / "page.png"), str(tmp_path / "broken.png")])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert status == 1
    first, second = lines
    assert set(first) >= {"path", "text", "confidence", "pages"}
    assert first["path"].endswith("page.png") and cer(page.text, first["text"]) <= 0.03
    assert 0.9 < first["confidence"] <= 1 and first["pages"][0]["lines"][0]["box"]
    assert second["error"] == "image_broken"


def test_tesseract_engine_reads_the_same_page(page: Any) -> None:
    read = read_image(page.image, "tesseract")
    assert read.engine == "tesseract"
    assert cer(page.text, read.text) <= 0.15, read.text


def test_white_paper_above_and_below_the_ink_is_not_searched(short_page: Any, monkeypatch: Any) -> None:
    """A photo intake fitted to an A4 page sits between white bands: the detector reads only the inked rows (and a
    margin), and finds the same lines where they are on the tall page."""
    from PIL import Image

    from nlp.ocr import engine

    tall = Image.new("RGB", (SIDE, 2400), "white")
    tall.paste(short_page.image, (0, 900))
    rapid = engine("rapidocr")
    searched: list[int] = []
    detect = rapid._ocr.text_det

    def counting(image: Any) -> Any:
        searched.append(image.shape[0])
        return detect(image)

    monkeypatch.setattr(rapid._ocr, "text_det", counting)
    read = read_image(tall, "rapidocr")
    assert cer(short_page.text, read.text) <= 0.05, read.text
    assert sum(searched) < short_page.image.height + 200  # not the 2400 rows (four strips) of the whole page
    top = min(y for line in read.lines for _, y in line.box)
    assert 900 <= top < 900 + short_page.image.height  # boxes on the tall page, where the text is
    assert read_image(Image.new("RGB", (SIDE, 2400), "white"), "rapidocr").text == ""


_MAPPED_BLOCKS = """
import ctypes, sys
from nlp.ocr import _large_allocations_mapped

class MallInfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]

libc = ctypes.CDLL("libc.so.6")
libc.mallinfo2.restype = MallInfo2

def mapped(count=4, size=24 << 20):
    before = libc.mallinfo2().hblks
    held = [bytearray(size) for _ in range(count)]
    return int(libc.mallinfo2().hblks - before)

if sys.argv[1] == "context":
    with _large_allocations_mapped():
        inside = mapped()
    print(inside, mapped())
else:
    from PIL import Image, ImageDraw
    from nlp.ocr import read_image
    page = Image.new("RGB", (740, 200), "white")
    ImageDraw.Draw(page).rectangle((40, 80, 700, 110), fill="black")
    read_image(page)
    print(mapped())
"""


def test_large_blocks_are_mapped_while_a_page_is_read_and_not_after() -> None:
    """The engine has glibc map each block of 128 KiB or more while it loads and reads (its tensors go back to the
    system when freed), and afterwards sets the threshold to 32 MiB, so the rest of the process (a web process
    running jobs in-process, a test process) does not pay an mmap and munmap for each such block (nlp.ocr
    _large_allocations_mapped). Seen through glibc's count of mapped blocks (mallinfo2().hblks) in a fresh
    interpreter, with blocks of 24 MiB: larger than any the heap could have freed before (a freed heap block is
    reused before anything is mapped), smaller than the 32 MiB after."""
    import subprocess
    import sys

    def run(mode: str) -> list[int]:
        done = subprocess.run(
            [sys.executable, "-c", _MAPPED_BLOCKS, mode], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return [int(n) for n in done.stdout.split()]

    inside, after = run("context")
    assert inside == 4 and after == 0  # four blocks: four mappings while reading, none afterwards
    (after_a_page,) = run("read")
    assert after_a_page == 0  # the engine loaded and a page read: the heap serves them again
