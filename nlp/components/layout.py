"""Page text to one analysable text: running headers and footers out, wrapped lines joined, offsets kept."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from nlp.docket import Source

_PAGE_MARK = re.compile(
    r"^\s*(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|共\s*\d+\s*页\s*第\s*\d+\s*页|[-—]\s*\d+\s*[-—]|\d+\s*/\s*\d+"
    r"|page\s*\d+(?:\s*of\s*\d+)?)\s*$",
    re.IGNORECASE,
)
_TERMINAL = "。；;：:！？!?"
# A line that starts one of these is never the tail of a wrapped line.
_LINE_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．](?!\d)|[(（][一二三四五六七八九十\d]{1,3}[)）]"
    r"|原告|被告|第三人|申请|被申请|被执行|上诉人|被上诉人|法定代表人|负责人|经营者|委托|诉讼请求|请求事项|事实|此致"
    r"|具状人|附[:：]|附件|证据)"
)


@dataclass(frozen=True, slots=True)
class Layout:
    """The analysed text and the way back to the original. The analysed text is runs of the original copied whole
    (a kept line, or the part of it after a wrap) and the newlines between them: text[runs[k]:] maps onto
    original[origins[k]:] until the next run, so one index per run is kept rather than one per character."""

    original: str
    text: str
    runs: list[int]
    origins: list[int]
    page_starts: list[int]
    # When the pages were normalised first (nlp.normalise): the text as read, the index in it of each character of
    # `original` (plus one past the end), and optionally a confidence per character of the text as read (OCR);
    # sources then point into the text as read, and their confidence is scaled by the OCR's.
    raw: str | None = None
    raw_offsets: Sequence[int] | None = None
    raw_confidence: Sequence[float] | None = None

    def offset(self, i: int) -> int:
        """The original index of text[i]."""
        k = bisect.bisect_right(self.runs, i) - 1
        return self.origins[k] + (i - self.runs[k])

    def source(self, start: int, end: int, confidence: float) -> Source:
        """A Source in original coordinates for the analysed span [start, end)."""
        o_start = self.offset(start) if start < len(self.text) else len(self.original)
        o_end = self.offset(end - 1) + 1 if end > start else o_start
        page = bisect.bisect_right(self.page_starts, o_start)
        if self.raw is None or self.raw_offsets is None:
            return Source(o_start, o_end, page, round(confidence, 2), self.original[o_start:o_end])
        r_start = self.raw_offsets[o_start]
        r_end = self.raw_offsets[o_end - 1] + 1 if o_end > o_start else r_start
        if self.raw_confidence is not None and r_end > r_start:
            # A value is no surer than the least sure character it was read from.
            confidence *= min(self.raw_confidence[r_start:r_end])
        return Source(r_start, r_end, page, round(confidence, 2), self.raw[r_start:r_end])


_FULLWIDTH_CHAR = re.compile("[\uff01-\uff5e\u3000]")
_HALF = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)} | {"\u3000": " "}


def half_width(text: str) -> str:
    """Full-width ASCII forms to half width, one character for one, so offsets do not move. (A substitution at
    the full-width characters only: `str.translate` looks every character of a CJK text up in its table, ten
    times the cost.)"""
    return _FULLWIDTH_CHAR.sub(lambda m: _HALF[m[0]], text)


def _running_lines(pages: list[str]) -> set[str]:
    """Lines that open or close at least two pages: running headers and footers."""
    if len(pages) < 2:
        return set()
    edges: Counter[str] = Counter()
    for page in pages:
        lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
        if lines:
            edges.update({lines[0], lines[-1]})
    return {line for line, n in edges.items() if n >= 2}


def lay_out(pages: list[str]) -> Layout:
    original = "\n".join(pages)
    page_starts, pos = [], 0
    for page in pages:
        page_starts.append(pos)
        pos += len(page) + 1
    running = _running_lines(pages)
    kept: list[tuple[int, str]] = []  # (original start, line)
    pos = 0
    for line in original.split("\n"):
        stripped = line.strip()
        if not (_PAGE_MARK.match(line) or (stripped and stripped in running)):
            kept.append((pos, line))
        pos += len(line) + 1
    parts: list[str] = []
    runs: list[int] = []
    origins: list[int] = []
    at = 0  # length of the analysed text so far
    previous = ""
    for start, line in kept:
        content = line.rstrip()
        stripped_prev = previous.strip()
        wrapped = (
            at
            and stripped_prev
            and content.strip()
            and stripped_prev[-1] not in _TERMINAL
            and (len(stripped_prev) >= 14 or stripped_prev[-1] in ",，、")
            and not _LINE_START.match(content)
        )
        if wrapped:
            lead = len(content) - len(content.lstrip())
            content, start = content.lstrip(), start + lead
        elif at:
            parts.append("\n")
            runs.append(at)
            origins.append(start - 1)
            at += 1
        if content:
            parts.append(content)
            runs.append(at)
            origins.append(start)
            at += len(content)
        previous = content if content.strip() else ""
    text = half_width("".join(parts))
    return Layout(
        original=original, text=text, runs=runs or [0], origins=origins or [0], page_starts=page_starts
    )
