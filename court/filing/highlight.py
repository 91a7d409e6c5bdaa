"""A docket field's words on the page image (issue 21): the clerk checks a field read by OCR against the scan.

The docket's sources index the document's pages joined by one newline (nlp.extract); each OCR'd page stored by
the extraction job (court.filing.ocr.read_scanned) says where it starts in that text (`start`) and where each of
its lines starts in the page's text (`at`), with the line's box on the page image as given. A field's span is cut
to the lines it covers, and within a line to its characters: the box's top and bottom edges are divided in
proportion to the characters (a fair guess for CJK print, whose characters are of one width).

Pages stored before `start` and `at` existed fall back to finding the field's source text in the lines.
"""

from __future__ import annotations

import io
from typing import Any

Box = tuple[int, int, int, int]  # left, top, right, bottom in the page image's pixels

# The highlighted page is sent at most this many pixels wide: enough to read 10.5 pt print, a fraction of a scan.
MAX_WIDTH = 1400


def _sub_box(corners: list[list[int]], first: float, last: float) -> Box:
    """The axis-aligned box around the part [first, last] (fractions of the line's length) of a line's quadrangle
    (corners from the top left of the text, clockwise)."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = corners

    def along(ax: float, ay: float, bx: float, by: float, t: float) -> tuple[float, float]:
        return ax + (bx - ax) * t, ay + (by - ay) * t

    points = [
        along(x0, y0, x1, y1, first),
        along(x0, y0, x1, y1, last),
        along(x3, y3, x2, y2, last),
        along(x3, y3, x2, y2, first),
    ]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return int(min(xs)), int(min(ys)), int(round(max(xs))), int(round(max(ys)))


def _compact(text: str) -> str:
    return "".join(text.split())


def field_boxes(ocr_page: dict[str, Any], start: int, end: int, source_text: str = "") -> list[Box]:
    """The boxes covering the docket span [start, end) (offsets in the joined pages) on this OCR'd page."""
    lines = ocr_page.get("lines") or []
    boxes: list[Box] = []
    if "start" in ocr_page and all("at" in line for line in lines if line.get("text")):
        local_start, local_end = start - int(ocr_page["start"]), end - int(ocr_page["start"])
        for line in lines:
            text = line.get("text") or ""
            if not text:
                continue
            at = int(line["at"])
            first, last = max(local_start, at), min(local_end, at + len(text))
            if first < last:
                boxes.append(_sub_box(line["box"], (first - at) / len(text), (last - at) / len(text)))
        return boxes
    # Older pages: the source text found within a line (the first line that holds it).
    wanted = _compact(source_text)
    for line in lines:
        text = line.get("text") or ""
        found = text.find(wanted) if wanted else -1
        if found >= 0:
            return [_sub_box(line["box"], found / len(text), (found + len(wanted)) / len(text))]
    return boxes


def page_for(ocr_pages: list[dict[str, Any]], number: int) -> dict[str, Any] | None:
    return next((p for p in ocr_pages if p.get("number") == number), None)


def highlighted_png(image: Any, boxes: list[Box]) -> bytes:
    """The page image with translucent yellow boxes over the field's words and an outline around them, scaled to
    at most MAX_WIDTH wide, as PNG."""
    from PIL import Image, ImageDraw

    page = image.convert("RGBA")
    if boxes:
        layer = Image.new("RGBA", page.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(layer)
        pad = max(2, page.width // 400)
        for left, top, right, bottom in boxes:
            draw.rectangle(
                (left - pad, top - pad, right + pad, bottom + pad),
                fill=(255, 214, 0, 90),
                outline=(200, 30, 30, 255),
                width=max(2, page.width // 500),
            )
        page = Image.alpha_composite(page, layer)
    if page.width > MAX_WIDTH:
        page = page.resize((MAX_WIDTH, round(page.height * MAX_WIDTH / page.width)))
    out = io.BytesIO()
    page.convert("RGB").save(out, "PNG", optimize=False)
    return out.getvalue()


def page_image(path: Any, number: int) -> Any:
    """Page `number` (1-based) of a stored document as a PIL image, in the frame its OCR boxes use: an image
    file's frame as decoded (EXIF orientation applied), a PDF page as rendered for OCR."""
    from nlp.ocr import OcrError, is_pdf, load_images, render_pdf_pages

    if is_pdf(path):
        (image,) = render_pdf_pages(path, [number])
        return image
    images = load_images(path)
    if not 1 <= number <= len(images):
        raise OcrError("image_broken", f"no page {number}")
    return images[number - 1]
