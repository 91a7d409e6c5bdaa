"""Page images for OCR tests and bench/bench_ocr.py: text typeset in a CJK font, then degraded as scans and phone
photos are (rotation, blur, JPEG artefacts, noise, perspective, shadow). Deterministic for a given seed."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Debian's fonts-noto-cjk (scripts/install-system-packages); index 2 of the collection is Simplified Chinese.
FONTS = (
    (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"), 2),
    (Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"), 2),
    (Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"), 0),
)


def cjk_font(size: int, serif: bool = False) -> Any:
    from PIL import ImageFont

    candidates = FONTS[1:] + FONTS[:1] if serif else FONTS
    for path, index in candidates:
        if path.exists():
            return ImageFont.truetype(str(path), size, index=index)
    raise RuntimeError("no CJK font: run scripts/install-system-packages (Debian fonts-noto-cjk)")


@dataclass(frozen=True)
class Page:
    image: Any  # PIL RGB image
    text: str  # the text as typeset: lines joined by newlines


def typeset(
    text: str,
    *,
    width: int = 1654,
    size: int = 30,
    margin: int = 110,
    serif: bool = False,
    max_lines: int | None = None,
    height: int | None = None,
) -> Page:
    """Text on a white page, wrapped at the margin; the page grows to fit. The page is `height` pixels tall when
    given; else A4's proportion (A4 at 200 dpi by default) from 1000 pixels wide, just the text narrower."""
    from PIL import Image, ImageDraw

    font = cjk_font(size, serif)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        current = ""
        for char in paragraph:
            if font.getlength(current + char) > width - 2 * margin:
                lines.append(current)
                current = ""
            current += char
        lines.append(current)
    if max_lines is not None:
        lines = lines[:max_lines]
    step = int(size * 1.7)
    needed = 2 * margin + len(lines) * step
    if height is not None:
        height = max(height, needed)
    else:
        height = max(int(width * 1.414), needed) if width >= 1000 else needed
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((margin, margin + i * step), line, font=font, fill=(20, 20, 20))
    return Page(image, "\n".join(lines))


def scan(image: Any, rng: random.Random) -> Any:
    """A flatbed scan: slight rotation (±2°), a little blur and noise, JPEG at quality 60–85."""
    from PIL import ImageFilter

    out = image.rotate(rng.uniform(-2, 2), expand=True, fillcolor="white", resample=3)
    out = out.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.8)))
    out = _noise(out, rng, 6)
    return _jpeg(out, rng.randint(60, 85))


def photo(image: Any, rng: random.Random) -> Any:
    """A phone photo of the page: rotation ±5°, perspective, an uneven shadow, blur, noise, JPEG at quality 40–70."""
    import numpy as np
    from PIL import Image, ImageFilter

    out = image.rotate(rng.uniform(-5, 5), expand=True, fillcolor=(235, 235, 230), resample=3)
    out = _perspective(out, rng)
    array = np.asarray(out).astype(np.float32)
    h, w = array.shape[:2]
    # A shadow: light falling off from one corner, darkening the far side to 55–75 % brightness.
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = rng.choice([(0, 0), (w, 0), (0, h), (w, h)])
    distance = np.hypot(xx - cx, yy - cy) / np.hypot(w, h)
    shade = 1.0 - rng.uniform(0.25, 0.45) * distance
    array = np.clip(array * shade[..., None], 0, 255).astype(np.uint8)
    out = Image.fromarray(array).filter(ImageFilter.GaussianBlur(rng.uniform(0.6, 1.3)))
    out = _noise(out, rng, 12)
    return _jpeg(out, rng.randint(40, 70))


def _noise(image: Any, rng: random.Random, sigma: float) -> Any:
    import numpy as np
    from PIL import Image

    generator = np.random.default_rng(rng.randint(0, 2**31))
    array = np.asarray(image).astype(np.float32) + generator.normal(0, sigma, (image.height, image.width, 1))
    return Image.fromarray(np.clip(array, 0, 255).astype(np.uint8))


def _jpeg(image: Any, quality: int) -> Any:
    from PIL import Image

    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def _perspective(image: Any, rng: random.Random) -> Any:
    """The page seen a little from one side: each corner pulled in by up to 6 % of the side."""
    import cv2
    import numpy as np
    from PIL import Image

    array = np.asarray(image)
    h, w = array.shape[:2]
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    jitter = [(rng.uniform(0, 0.06) * w, rng.uniform(0, 0.06) * h) for _ in range(4)]
    dst = np.array(
        [
            [jitter[0][0], jitter[0][1]],
            [w - jitter[1][0], jitter[1][1]],
            [w - jitter[2][0], h - jitter[2][1]],
            [jitter[3][0], h - jitter[3][1]],
        ],
        dtype=np.float32,
    )
    matrix = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(array, matrix, (w, h), borderValue=(90, 80, 70))  # a desk around the page
    return Image.fromarray(warped)


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate: edit distance over the reference's length. Both sides are normalised as extraction
    normalises them (nlp.normalise: a full-width comma read as a half-width one is no error the extractor sees) and
    whitespace is ignored (OCR line breaks and spaces are layout, not characters)."""
    from nlp.normalise import normalise_text

    ref = "".join(normalise_text(reference).split())
    hyp = "".join(normalise_text(hypothesis).split())
    if not ref:
        return 0.0 if not hyp else 1.0
    previous = list(range(len(hyp) + 1))
    for i, a in enumerate(ref, start=1):
        current = [i] + [0] * len(hyp)
        for j, b in enumerate(hyp, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
        previous = current
    return previous[-1] / len(ref)
