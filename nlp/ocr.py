"""OCR of scans and photos (文字识别): page images in, lines with confidences and the page's text out, offline.

Two engines, measured side by side by `bench/bench_ocr.py`:
- `rapidocr` (the default): PaddleOCR's PP-OCRv4 mobile detection and recognition models and its text-direction
  classifier, run by ONNX Runtime; the models ship inside the PyPI wheel `rapidocr-onnxruntime` (nothing is
  fetched at run time).
- `tesseract`: Tesseract 5 with Debian's `tesseract-ocr-chi-sim` data, through `pytesseract`.

Whatever the engine, a page goes through the same steps:
1. Decoded (JPEG, PNG, TIFF pages, HEIC through pillow-heif), EXIF orientation applied, bounded in pixels.
2. Turned upright: a page photographed sideways (most text boxes taller than wide) is turned a quarter, and one
   upside down (the direction classifier says 180° for most lines) a half turn; `rotation` records the turn.
3. Each line cut out along its detected quadrilateral and straightened to a rectangle (rotation and perspective
   within a line undone), then read. Skew measured from the text boxes' baselines; beyond `MAX_SKEW_KEPT` degrees
   the boxes are turned into the deskewed frame (phone photos are rarely square to the page).
4. Lines ordered top to bottom, left to right in the deskewed frame, and joined: pieces of one line with nothing
   between CJK characters that nearly touch and a space elsewhere (a wider gap is a column); lines with a newline.
Each line keeps its confidence and its box (mapped back to the page image as given: the stored scan is never
turned), so a field read from it can be highlighted on the page and can carry the OCR's doubt.

PDF pages without a text layer are rendered by poppler's `pdftoppm` in a child process with CPU, memory and time
limits (a hostile PDF sinks only the child).
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import tempfile
import threading
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import msgspec

ENGINES = ("rapidocr", "tesseract")
DEFAULT_ENGINE = "rapidocr"

# Pages are rendered at this resolution: a 10.5 pt (五号) character is then ~29 px tall, where both engines are at
# their best; a finer one costs time and gains nothing (the detector works at most 2000 px a side anyway).
RENDER_DPI = 200
# Beyond this many pixels an image is a pixel bomb, not a page (as at intake: court.filing.intake.IntakeLimits).
MAX_PIXELS = 80_000_000
# Pages are scaled down to this longer side before reading: a 12-megapixel phone photo reads no better at full size.
MAX_SIDE = 2600
# The detector sees the page at most this many pixels a side (COURT_OCR_DETECT_SIDE; boxes are cropped from the
# full image for the recogniser). At 1400 px close lines of small print merge and whole lines are lost (scan CER
# 2.8 % against 1.1 % at 2000, bench/README.md): the side stays 2000 and memory is saved by reading in strips.
DETECT_MAX_SIDE = int(os.environ.get("COURT_OCR_DETECT_SIDE") or 2000)
# The detector's intermediate tensors grow with the pixels it sees at once: ~520 MB for a whole A4 page at 2000 px.
# It sees the page in horizontal strips of this many rows (at the detector's scale) overlapping by DETECT_OVERLAP; a
# box is kept from the strip whose own band (the strip less half the overlap at each inner edge) holds its centre,
# so a line cut at a strip's edge is taken whole from the neighbour (lines are far below DETECT_OVERLAP / 2 tall).
DETECT_STRIP = 768
DETECT_OVERLAP = 256
# Rows whose every pixel is at least this light in every channel are blank paper (a rendered page's white, not a
# scan's grey): the detector skips them above and below the ink, keeping BLANK_MARGIN rows (at its scale) around it.
BLANK_LEVEL = 250
BLANK_MARGIN = 32
# RapidOCR's detector pre-processing scales an image up until its shorter side has this many pixels (config.yaml
# Det.limit_side_len with limit_type "min"); the strips keep the scale the whole page would have had.
DETECT_MIN_SIDE = 736
# Lines recognised per batch: each batch is padded to its longest line, and six long lines took ~340 MB.
RECOGNISE_BATCH = 2
# Skew below this many degrees is left for the cropping of each box to absorb.
MAX_SKEW_KEPT = 1.0
# A page whose lines average below this confidence, or with fewer characters than MIN_CHARS, is unreadable.
MIN_CONFIDENCE = 0.5
MIN_CHARS = 4

# Limits for the renderer child (per PDF page).
RENDER_CPU_SECONDS = 20
RENDER_MEMORY_MB = 1024
RENDER_WALL_SECONDS = 120  # a busy machine's figure: a page takes well under a second

_CJK = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


class OcrLine(msgspec.Struct, frozen=True):
    """One line of text as the engine read it."""

    text: str
    confidence: float  # 0..1
    box: list[
        list[int]
    ]  # four corners [x, y] in the page image's pixels as given (before any turn), starting
    # at the top left of the text as read and going clockwise in reading direction


class OcrPage(msgspec.Struct, frozen=True):
    """One page: its text (lines joined), how sure the engine was, and how the image was turned to read it."""

    text: str
    confidence: float  # characters' mean confidence (0 when nothing was read)
    lines: list[OcrLine]
    width: int  # of the page image as given: the boxes' frame
    height: int
    rotation: int = 0  # degrees the image was turned clockwise to be upright: 0, 90, 180 or 270
    skew: float = 0.0  # degrees of skew measured (the page was rotated back by it beyond MAX_SKEW_KEPT)
    engine: str = ""

    def char_confidence(self) -> list[float]:
        """One confidence per character of `text`: each character gets its line's; separators 1."""
        out: list[float] = []
        at = 0
        for line in self.lines:
            found = self.text.find(line.text, at) if line.text else -1
            if found < 0:
                continue
            out.extend([1.0] * (found - at))
            out.extend([line.confidence] * len(line.text))
            at = found + len(line.text)
        out.extend([1.0] * (len(self.text) - at))
        return out

    @property
    def readable(self) -> bool:
        return len(self.text.strip()) >= MIN_CHARS and self.confidence >= MIN_CONFIDENCE


class Engine(Protocol):
    name: str

    def read(self, image: Any) -> tuple[list[OcrLine], int, float, Any]:
        """Lines of an RGB numpy image with their boxes in the upright frame the engine read it in, the clockwise
        turn (degrees) it needed, the skew (degrees) it had, and the 3×3 matrix taking the image's pixel
        coordinates to that frame (read_image maps the boxes back with its inverse)."""
        ...


class OcrError(Exception):
    """The file cannot be read as page images; `reason` is stable (see REASONS in court.filing.ocr_status)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


# ---------------------------------------------------------------- images in


def _heif() -> bool:
    import pillow_heif  # a dependency (pyproject.toml); imported when an image is first read, not with nlp.ocr

    pillow_heif.register_heif_opener()
    return True


def load_images(path: str | Path) -> list[Any]:
    """The pages of an image file as upright RGB PIL images (every frame of a TIFF)."""
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    _heif()
    pages = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                for frame in ImageSequence.Iterator(image):
                    if frame.width * frame.height > MAX_PIXELS:
                        raise OcrError("image_too_large", f"{frame.width}×{frame.height} pixels")
                    frame.load()
                    pages.append(ImageOps.exif_transpose(frame).convert("RGB"))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise OcrError("image_too_large", str(exc)) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise OcrError("image_broken", f"{type(exc).__name__}: {exc}") from exc
    return pages


def _limited(command: list[str]) -> list[str]:
    """The command under CPU, memory and core-file limits, set by util-linux's prlimit in the child itself (a
    `preexec_fn` could deadlock: the job calls this from a worker thread of a threaded process)."""
    memory = RENDER_MEMORY_MB * 1024 * 1024
    return ["prlimit", f"--cpu={RENDER_CPU_SECONDS}", f"--as={memory}", "--core=0", "--", *command]


def render_pdf_pages(path: str | Path, numbers: Sequence[int], dpi: int = RENDER_DPI) -> list[Any]:
    """Pages `numbers` (1-based) of a PDF as RGB PIL images, rendered by pdftoppm in a limited child."""
    from PIL import Image

    images = []
    with tempfile.TemporaryDirectory(prefix="court-render-") as tmp:
        for number in numbers:
            out = Path(tmp) / f"p{number}"
            try:
                done = subprocess.run(
                    _limited(
                        [
                            "pdftoppm",
                            "-r",
                            str(dpi),
                            "-f",
                            str(number),
                            "-l",
                            str(number),
                            "-singlefile",
                            str(path),
                            str(out),
                        ]
                    ),
                    stdin=subprocess.DEVNULL,
                    capture_output=True,
                    timeout=RENDER_WALL_SECONDS,
                    check=False,
                )
            except FileNotFoundError as exc:
                raise OcrError(
                    "renderer_missing", "pdftoppm (Debian poppler-utils) is not installed"
                ) from exc
            except subprocess.TimeoutExpired as exc:
                raise OcrError(
                    "render_failed", f"page {number}: no image within {RENDER_WALL_SECONDS} s"
                ) from exc
            # Netpbm (pdftoppm's own format), not PNG: compressing a 200-dpi A4 page took poppler 3.6 s of CPU,
            # writing it raw 0.05 s (the file, ~11 MB a page, is removed once read).
            raw = out.with_suffix(".ppm")
            if done.returncode != 0 or not raw.exists():
                detail = done.stderr.decode("utf-8", "replace")[-200:]
                raise OcrError("render_failed", f"page {number}: exit {done.returncode}: {detail}")
            with Image.open(raw) as image:
                images.append(image.convert("RGB"))
            raw.unlink()
    return images


# ---------------------------------------------------------------- engines


def _corners(box: Any) -> list[list[int]]:
    return [[int(round(float(x))), int(round(float(y)))] for x, y in box]


def _size(box: Sequence[Sequence[float]]) -> tuple[float, float]:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = box
    width = max(math.hypot(x1 - x0, y1 - y0), math.hypot(x2 - x3, y2 - y3))
    height = max(math.hypot(x3 - x0, y3 - y0), math.hypot(x2 - x1, y2 - y1))
    return width, height


def _skew(boxes: Sequence[Sequence[Sequence[float]]]) -> float:
    """The median baseline angle (degrees, positive clockwise in image coordinates) of the wide boxes."""
    angles = []
    for box in boxes:
        width, height = _size(box)
        if width > 3 * height:
            (x0, y0), (x1, y1) = box[0], box[1]
            angles.append(math.degrees(math.atan2(y1 - y0, x1 - x0)))
    if not angles:
        return 0.0
    angles.sort()
    return angles[len(angles) // 2]


def _quarter_turns(image: Any, quarters: int) -> tuple[Any, Any]:
    """The image turned `quarters` quarter turns clockwise, and the matrix from its old to its new coordinates."""
    import numpy as np

    matrix = np.eye(3)
    for _ in range(quarters % 4):
        h = image.shape[0]
        image = np.ascontiguousarray(np.rot90(image, k=-1))
        matrix = (
            np.array([[0.0, -1.0, h - 1.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]) @ matrix
        )  # (x, y) → (h-1-y, x)
    return image, matrix


def _straightening(height: int, width: int, degrees: float) -> tuple[Any, tuple[int, int]]:
    """The matrix that turns an image of `height` × `width` counter-clockwise by `degrees` about its centre onto a
    canvas grown to fit (3 × 3, old to new coordinates), and that canvas's (height, width)."""
    import cv2
    import numpy as np

    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w, new_h = int(height * sin + width * cos), int(height * cos + width * sin)
    matrix[0, 2] += new_w / 2 - width / 2
    matrix[1, 2] += new_h / 2 - height / 2
    return np.vstack([matrix, [0.0, 0.0, 1.0]]), (new_h, new_w)


class RapidOcrEngine:
    """PP-OCRv4 (mobile) through rapidocr-onnxruntime; one instance per process (the models take ~1.5 s to load)."""

    name = "rapidocr"

    def __init__(self, threads: int | None = None) -> None:
        import numpy as np
        from rapidocr_onnxruntime import RapidOCR
        from rapidocr_onnxruntime.utils import infer_engine

        # One thread by default (COURT_OCR_THREADS to change): a worker shares the machine with the web process and
        # other workers, and each ONNX Runtime thread keeps buffers of its own (a higher peak for no gain per core).
        threads = threads or int(os.environ.get("COURT_OCR_THREADS") or 1)
        options: dict[str, Any] = {"intra_op_num_threads": threads, "inter_op_num_threads": 1}
        library_options = infer_engine.OrtInferSession._init_sess_opts

        def session_options(config: dict[str, Any]) -> Any:
            chosen = library_options(config)  # the library's: arena off, all graph optimisations, the threads
            # No memory pattern: ONNX Runtime would keep one planned block per input shape, and every page and
            # every strip has its own shape (measured: +50-130 MB a page that stays).
            chosen.enable_mem_pattern = False
            chosen.enable_cpu_mem_arena = False
            return chosen

        infer_engine.OrtInferSession._init_sess_opts = staticmethod(session_options)
        try:
            with _large_allocations_mapped():
                self._ocr = RapidOCR(**options)
        finally:
            infer_engine.OrtInferSession._init_sess_opts = staticmethod(library_options)
        self._ocr.text_rec.rec_batch_num = RECOGNISE_BATCH
        detector = self._ocr.text_det
        # Normalised in float32: the library's float64 mean and std made a float64 copy of each strip first.
        detector.mean = np.array(detector.mean, dtype=np.float32)
        detector.std = np.array(detector.std, dtype=np.float32)
        detector.limit_side_len = 0  # _detect scales; the pre-processing only rounds to multiples of 32
        self._lock = threading.Lock()  # one ONNX session set, used by one page at a time

    def _detect(self, bgr: Any) -> list[Any]:
        """The text boxes of a BGR image (corners in its pixels), read in strips (DETECT_STRIP)."""
        import cv2
        import numpy as np

        h, w = bgr.shape[:2]
        scale = min(1.0, DETECT_MAX_SIDE / max(h, w))
        scale *= max(1.0, DETECT_MIN_SIDE / (min(h, w) * scale))
        small = bgr if scale == 1.0 else cv2.resize(bgr, (max(1, round(w * scale)), max(1, round(h * scale))))
        # Rows of pure white above and below anything printed or photographed hold no text: intake fits a photo to
        # an A4 page, and a portrait photo leaves white bands that cost the detector a strip or more for nothing.
        inked = np.flatnonzero((small < BLANK_LEVEL).any(axis=2).any(axis=1))
        if not len(inked):
            return []
        first = max(0, int(inked[0]) - BLANK_MARGIN)
        small = small[first : min(small.shape[0], int(inked[-1]) + BLANK_MARGIN + 1)]
        height = small.shape[0]
        step = DETECT_STRIP - DETECT_OVERLAP
        tops = (
            [0] if height <= DETECT_STRIP else [*range(0, height - DETECT_STRIP, step), height - DETECT_STRIP]
        )
        boxes: list[Any] = []
        for i, top in enumerate(tops):
            found, _ = self._ocr.text_det(small[top : top + DETECT_STRIP])
            if found is None or not len(found):
                continue
            # Own bands tile the page: each ends where the next begins, half the overlap into the next strip.
            own_top = top + DETECT_OVERLAP / 2 if i else 0
            own_bottom = tops[i + 1] + DETECT_OVERLAP / 2 if i + 1 < len(tops) else height
            for box in found:
                centre = float(np.mean(box[:, 1])) + top
                if own_top <= centre < own_bottom:
                    placed = np.array(box, dtype=np.float32)
                    placed[:, 1] += top + first
                    boxes.append(placed / scale)
        return boxes

    def read(self, image: Any) -> tuple[list[OcrLine], int, float, Any]:
        import numpy as np

        with self._lock, _large_allocations_mapped():
            bgr = np.ascontiguousarray(image[:, :, ::-1])
            frame = np.eye(3)  # image coordinates → the frame read
            rotation = 0
            boxes = self._detect(bgr)
            sized = [_size(b) for b in boxes]
            if len(boxes) >= 3 and sum(h > 1.5 * w for w, h in sized) > 0.6 * len(boxes):
                bgr, turn = _quarter_turns(bgr, 1)  # a quarter turn clockwise; 180 is settled below
                frame, rotation = turn @ frame, 90
                boxes = self._detect(bgr)
            if not boxes:
                return [], rotation, 0.0, frame
            quads = [np.array(b, dtype=np.float32) for b in boxes]
            # Each line is cut out along its own box, turned or not, so the crops need no straightened page.
            crops = self._ocr.get_crop_img_list(bgr, quads)
            crops, directions, _ = self._ocr.text_cls(crops)
            recognised, _ = self._ocr.text_rec(crops)
        height, width = bgr.shape[:2]
        skew = _skew(boxes)
        if abs(skew) > MAX_SKEW_KEPT:
            # The page is read in the straightened frame, where rows are rows: the boxes found on the skewed page
            # are turned into it rather than found again on a straightened copy (the same lines; the detector
            # is half the cost of a page).
            turn, (height, width) = _straightening(height, width, skew)
            frame = turn @ frame
            boxes = [(turn @ np.vstack([np.asarray(b, dtype=np.float64).T, np.ones(4)]))[:2].T for b in boxes]
        flipped = sum(1 for label, score in directions if label == "180" and score > 0.9)
        if flipped > 0.6 * len(directions):
            # The whole page is upside down: each line was turned back by the classifier; the boxes turn too.
            rotation = (rotation + 180) % 360
            frame = np.array([[-1.0, 0.0, width - 1.0], [0.0, -1.0, height - 1.0], [0.0, 0.0, 1.0]]) @ frame
            boxes = [[[width - 1 - x, height - 1 - y] for x, y in (b[2], b[3], b[0], b[1])] for b in boxes]
        lines = [
            OcrLine(text=text, confidence=round(float(score), 4), box=_corners(box))
            for box, (text, score) in zip(boxes, recognised, strict=True)
            if text.strip()
        ]
        return lines, rotation, skew, frame


class TesseractEngine:
    """Tesseract 5 with chi_sim (Debian), through pytesseract; orientation from its OSD model."""

    name = "tesseract"

    def __init__(self, languages: str = "chi_sim") -> None:
        import pytesseract

        self._tess = pytesseract
        self.languages = languages
        pytesseract.get_tesseract_version()  # fails now, not on the first page, when the binary is missing

    def read(self, image: Any) -> tuple[list[OcrLine], int, float, Any]:
        import numpy as np

        tess = self._tess
        rotation = 0
        frame = np.eye(3)
        try:
            osd = tess.image_to_osd(image, config="--psm 0", output_type=tess.Output.DICT)
            if float(osd.get("orientation_conf", 0)) > 2 and int(osd.get("rotate", 0)):
                rotation = int(osd["rotate"])
                image, frame = _quarter_turns(image, rotation // 90)
        except tess.TesseractError:  # too little text to tell: read it as it is
            pass
        data = tess.image_to_data(image, lang=self.languages, config="--psm 3", output_type=tess.Output.DICT)
        grouped: dict[tuple[int, int, int], list[int]] = {}
        for i, word in enumerate(data["text"]):
            if word.strip() and float(data["conf"][i]) >= 0:
                grouped.setdefault(
                    (data["block_num"][i], data["par_num"][i], data["line_num"][i]), []
                ).append(i)
        lines = []
        for indices in grouped.values():
            text = ""
            for i in indices:
                word = data["text"][i].strip()
                if text and not (_CJK.match(text[-1]) and _CJK.match(word[0])):
                    text += " "
                text += word
            left = min(data["left"][i] for i in indices)
            top = min(data["top"][i] for i in indices)
            right = max(data["left"][i] + data["width"][i] for i in indices)
            bottom = max(data["top"][i] + data["height"][i] for i in indices)
            confidence = sum(float(data["conf"][i]) for i in indices) / len(indices) / 100
            lines.append(
                OcrLine(
                    text, round(confidence, 4), [[left, top], [right, top], [right, bottom], [left, bottom]]
                )
            )
        return lines, rotation, 0.0, frame


_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def engine(name: str | None = None) -> Engine:
    """The process's engine `name` (COURT_OCR_ENGINE, else rapidocr), loaded on first use and kept."""
    name = name or os.environ.get("COURT_OCR_ENGINE") or DEFAULT_ENGINE
    if name not in ENGINES:
        raise ValueError(f"unknown OCR engine {name!r}; one of {', '.join(ENGINES)}")
    with _ENGINES_LOCK:
        if name not in _ENGINES:
            _ENGINES[name] = RapidOcrEngine() if name == "rapidocr" else TesseractEngine()
        return _ENGINES[name]


# ---------------------------------------------------------------- pages out


def _order(lines: list[OcrLine]) -> list[list[OcrLine]]:
    """Lines grouped into rows (top to bottom) and each row left to right."""

    def centre(line: OcrLine) -> tuple[float, float, float]:
        xs = [p[0] for p in line.box]
        ys = [p[1] for p in line.box]
        return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, max(ys) - min(ys)

    placed = sorted(((centre(line), line) for line in lines), key=lambda item: item[0][1])
    rows: list[list[tuple[tuple[float, float, float], OcrLine]]] = []
    for item in placed:
        (_, y, h) = item[0]
        if rows:
            row = rows[-1]
            row_y = sum(c[1] for c, _ in row) / len(row)
            row_h = sum(c[2] for c, _ in row) / len(row)
            if abs(y - row_y) < 0.5 * min(h, row_h):
                row.append(item)
                continue
        rows.append([item])
    return [[line for _, line in sorted(row, key=lambda item: item[0][0])] for row in rows]


def assemble(lines: list[OcrLine]) -> tuple[str, list[OcrLine]]:
    """The page text from its lines (see the module text) and the lines in reading order."""
    rows = _order(lines)
    texts = []
    for row in rows:
        text = ""
        previous: OcrLine | None = None
        for line in row:
            if previous is not None:
                gap = min(p[0] for p in line.box) - max(p[0] for p in previous.box)
                height = max(p[1] for p in line.box) - min(p[1] for p in line.box)
                # Pieces of one phrase touch; a gap wider than a character is a column ("王丽华    女").
                if gap > height or not (_CJK.match(text[-1]) and _CJK.match(line.text[0])):
                    text += " "
            text += line.text
            previous = line
        texts.append(text)
    return "\n".join(texts), [line for row in rows for line in row]


def read_image(image: Any, engine_name: str | None = None) -> OcrPage:
    """OCR one PIL image (or RGB numpy array)."""
    with _large_allocations_mapped():
        return _read_image(image, engine_name)


def _read_image(image: Any, engine_name: str | None) -> OcrPage:
    import numpy as np

    if not isinstance(image, np.ndarray):
        if max(image.size) > MAX_SIDE:
            scale = MAX_SIDE / max(image.size)
            image = image.resize((round(image.width * scale), round(image.height * scale)))
        image = np.asarray(image.convert("RGB"))
    reader = engine(engine_name)
    lines, rotation, skew, frame = reader.read(image)
    text, ordered = assemble(lines)  # in the upright frame, where rows are rows
    back = np.linalg.inv(frame)
    height, width = image.shape[:2]

    def original(box: list[list[int]]) -> list[list[int]]:
        points = back @ np.array([[x, y, 1.0] for x, y in box]).T
        return [
            [min(max(round(float(x)), 0), width), min(max(round(float(y)), 0), height)]
            for x, y in points[:2].T
        ]

    ordered = [OcrLine(line.text, line.confidence, original(line.box)) for line in ordered]
    _give_back_memory()
    chars = sum(len(line.text) for line in ordered)
    confidence = sum(line.confidence * len(line.text) for line in ordered) / chars if chars else 0.0
    return OcrPage(
        text=text,
        confidence=round(confidence, 4),
        lines=ordered,
        width=width,
        height=height,
        rotation=rotation,
        skew=round(skew, 2),
        engine=reader.name,
    )


# glibc's <malloc.h>: mallopt's parameter, the threshold while a page is read, and the one set afterwards.
M_MMAP_THRESHOLD = -3
MAPPED_WHILE_READING = 128 * 1024
MAPPED_OTHERWISE = (
    32 * 1024 * 1024
)  # DEFAULT_MMAP_THRESHOLD_MAX on 64-bit: where glibc's own threshold ends up
_reading = 0  # pages being read (or engines loading) in this process, by any thread
_reading_lock = threading.Lock()


@contextmanager
def _large_allocations_mapped() -> Iterator[None]:
    """While a page is decoded, rendered and read (and while the engine loads), glibc serves every allocation of
    128 KiB or more that the heap cannot by its own mmap, returned to the system when freed. Left to itself glibc
    raises that threshold to the largest block freed so far (up to 32 MB), after which the detector's tensors came
    from the heap, and a fragmented heap held 100-300 MB more at the next page's peak.

    When no page is being read the threshold is 32 MiB, what glibc's own reaches in a long-running process (setting
    it once turns its adjustment off for good). Left at 128 KiB, everything else the process did after its first
    page paid an mmap, page faults and an munmap for each such block: a web process running jobs in-process, or a
    test process, spent 10 % more CPU on its requests (user time +6 %, system time +28 %, wall +12 %; 1,580 tests
    of tests/security/test_route_matrix.py and tests/cases/, the threshold set first or not). Nested and
    concurrent uses count: the threshold goes up when the last one ends."""
    global _reading
    try:
        import ctypes

        mallopt: Any = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):  # not glibc
        yield
        return
    with _reading_lock:
        if not _reading:
            mallopt(M_MMAP_THRESHOLD, MAPPED_WHILE_READING)
        _reading += 1
    try:
        yield
    finally:
        with _reading_lock:
            _reading -= 1
            if not _reading:
                mallopt(M_MMAP_THRESHOLD, MAPPED_OTHERWISE)


def _give_back_memory() -> None:
    """Return the freed page buffers to the system: the detector's hundreds of MB of intermediate tensors stay in
    glibc's heap otherwise, and a worker would keep its peak size between pages."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


@dataclass(frozen=True, slots=True)
class PageSource:
    """A page's text for extraction: from the text layer (confidence 1) or from OCR."""

    number: int
    text: str
    ocr: OcrPage | None = None

    def char_confidence(self) -> list[float]:
        return self.ocr.char_confidence() if self.ocr is not None else [1.0] * len(self.text)


def is_pdf(path: str | Path) -> bool:
    with open(path, "rb") as handle:
        return b"%PDF-" in handle.read(1024)


def read_document(path: str | Path, engine_name: str | None = None, **pdf_limits: Any) -> list[PageSource]:
    """Every page of a PDF (text layer where it has one, OCR where not) or of an image file (OCR)."""
    with _large_allocations_mapped():  # the pages decoded or rendered too, not only their reading
        return _read_document(path, engine_name, **pdf_limits)


def _read_document(path: str | Path, engine_name: str | None, **pdf_limits: Any) -> list[PageSource]:
    from kernel.pdf import read_pdf_text

    if not is_pdf(path):
        return [
            PageSource(i, page.text, page)
            for i, page in enumerate((read_image(image, engine_name) for image in load_images(path)), start=1)
        ]
    texts = read_pdf_text(path, **pdf_limits)
    scanned = [number for number, text in enumerate(texts, start=1) if not text.strip()]
    read: dict[int, OcrPage] = {}
    for number in scanned:
        # One page at a time: a 300-page scan never holds more than one page image in memory.
        (image,) = render_pdf_pages(path, [number])
        read[number] = read_image(image, engine_name)
    return [
        PageSource(n, read[n].text, read[n]) if n in read else PageSource(n, text)
        for n, text in enumerate(texts, start=1)
    ]


def joined_confidence(pages: Sequence[PageSource]) -> list[float]:
    """One confidence per character of the pages' texts joined by one newline (as extract_docket joins them)."""
    out: list[float] = []
    for i, page in enumerate(pages):
        if i:
            out.append(1.0)
        out.extend(page.char_confidence())
    return out
