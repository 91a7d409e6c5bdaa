"""A docket field read by OCR is highlighted on the page image where its words are (court.filing.highlight)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from court.filing.highlight import field_boxes, highlighted_png, page_for
from court.filing.ocr import read_scanned
from nlp.docket import to_builtins
from nlp.extract import extract_docket
from testkit.ocr_pages import cjk_font, typeset

# The lines unwrapped (each field's words on one line) on a page no taller than the OCR detector reads at once and
# no shorter than it would scale a page up to (nlp.ocr.DETECT_STRIP, DETECT_MIN_SIDE).
SIZE, MARGIN, WIDTH, HEIGHT = 26, 60, 1080, 740
TEXT = (
    "民事起诉状\n"
    "原告：王丽华，女，1980年1月1日出生，汉族，住北京市朝阳区建国路88号。\n"
    "被告：陈建国，男，1975年3月2日出生，汉族，住北京市海淀区中关村大街1号。\n"
    "诉讼请求：判令被告偿还借款人民币50000元。\n"
    "此致\n"
    "北京市朝阳区人民法院"
)


def _where(page: Any, word: str) -> tuple[float, float, float, float]:
    """Where typeset() drew `word` (its first occurrence): left, top, right, bottom."""
    font = cjk_font(SIZE)
    step = int(SIZE * 1.7)
    for i, line in enumerate(page.text.split("\n")):
        at = line.find(word)
        if at >= 0:
            left = MARGIN + font.getlength(line[:at])
            top = MARGIN + i * step
            return left, top, MARGIN + font.getlength(line[: at + len(word)]), top + SIZE * 1.2
    raise AssertionError(f"{word} not on the page")


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """The intersection's area over the smaller box's."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return width * height / smaller


@pytest.fixture(scope="module")
def read(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any, dict[str, Any]]:
    page = typeset(TEXT, width=WIDTH, size=SIZE, margin=MARGIN, height=HEIGHT)
    assert page.text == TEXT  # no line wrapped
    path = Path(tmp_path_factory.mktemp("highlight")) / "complaint.png"
    page.image.save(path)
    scan = read_scanned(path, max_pages=10, cpu_seconds=10, memory_mb=1024)
    docket = to_builtins(extract_docket(scan.pages, None, None, scan.confidence))
    return page, scan, docket


@pytest.mark.parametrize(
    ("role", "field", "word"),
    [
        ("plaintiff", "name", "王丽华"),
        ("defendant", "name", "陈建国"),
        ("defendant", "address", "北京市海淀区中关村大街1号"),
    ],
)
def test_the_highlight_covers_the_fields_words(read: Any, role: str, field: str, word: str) -> None:
    page, scan, docket = read
    party = next(p for p in docket["parties"] if p["role"] == role)
    source = party["sources"][field]
    ocr_page = page_for(scan.ocr_pages, source["page"])
    assert ocr_page is not None
    boxes = field_boxes(ocr_page, source["start"], source["end"], source["text"])
    assert len(boxes) == 1
    expected = _where(page, word)
    assert _overlap(boxes[0], expected) > 0.7, (boxes, expected)
    # Not the whole line: the box is about the word's width, not the line's.
    assert boxes[0][2] - boxes[0][0] < 1.5 * (expected[2] - expected[0]) + SIZE


def test_a_span_over_two_lines_gets_a_box_on_each(read: Any) -> None:
    _, scan, _ = read
    ocr_page = scan.ocr_pages[0]
    lines = [line for line in ocr_page["lines"] if line["text"]]
    first, second = lines[1], lines[2]
    # From the last 3 characters of one line to the first 2 of the next (the newline between them included).
    start = ocr_page["start"] + first["at"] + len(first["text"]) - 3
    end = ocr_page["start"] + second["at"] + 2
    boxes = field_boxes(ocr_page, start, end)
    assert len(boxes) == 2
    assert boxes[0][1] < boxes[1][1]  # one box on each line, top to bottom


def test_older_pages_fall_back_to_the_source_text(read: Any) -> None:
    page, scan, _ = read
    old = {k: v for k, v in scan.ocr_pages[0].items() if k != "start"}
    old["lines"] = [{k: v for k, v in line.items() if k != "at"} for line in old["lines"]]
    (box,) = field_boxes(old, 0, 0, "陈建国")
    assert _overlap(box, _where(page, "陈建国")) > 0.7


def test_the_png_is_marked_only_where_the_boxes_are(read: Any) -> None:
    import io

    from PIL import Image

    page, _, _ = read
    expected = _where(page, "王丽华")
    box = tuple(int(v) for v in expected)
    marked = Image.open(io.BytesIO(highlighted_png(page.image, [box]))).convert("RGB")
    plain = Image.open(io.BytesIO(highlighted_png(page.image, []))).convert("RGB")
    assert marked.size == plain.size == page.image.size

    def yellow(image: Any, x: int, y: int) -> bool:
        r, g, b = image.getpixel((x, y))
        return r > 200 and g > 180 and b < 200

    inside = (box[0] + 2, box[1] + 2)  # white paper under a yellow wash
    assert yellow(marked, *inside) and not yellow(plain, *inside)
    assert not yellow(marked, 5, page.image.height - 5)
