"""Page text to one analysable text: running headers and footers out, wrapped lines joined, offsets kept."""

from __future__ import annotations

import bisect
import re
from collections import Counter
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
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


@dataclass(frozen=True, slots=True)
class Layout:
    """The analysed text and the way back to the original: offsets[i] is the original index of text[i]."""

    original: str
    text: str
    offsets: list[int]
    page_starts: list[int]

    def source(self, start: int, end: int, confidence: float) -> Source:
        """A Source in original coordinates for the analysed span [start, end)."""
        o_start = self.offsets[start] if start < len(self.offsets) else len(self.original)
        o_end = self.offsets[end - 1] + 1 if end > start else o_start
        page = bisect.bisect_right(self.page_starts, o_start)
        return Source(start=o_start, end=o_end, page=page, confidence=round(confidence, 2),
                      text=self.original[o_start:o_end])


def half_width(text: str) -> str:
    """Full-width ASCII forms to half width, one character for one, so offsets do not move."""
    return text.translate(_FULLWIDTH)


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
    chars: list[str] = []
    offsets: list[int] = []
    previous = ""
    for start, line in kept:
        content = line.rstrip()
        stripped_prev = previous.strip()
        wrapped = (
            chars and stripped_prev and content.strip()
            and stripped_prev[-1] not in _TERMINAL
            and (len(stripped_prev) >= 14 or stripped_prev[-1] in ",，、")
            and not _LINE_START.match(content)
        )
        if wrapped:
            lead = len(content) - len(content.lstrip())
            content, start = content.lstrip(), start + lead
        elif chars:
            chars.append("\n")
            offsets.append(start - 1)
        chars.extend(content)
        offsets.extend(range(start, start + len(content)))
        previous = content if content.strip() else ""
        if not content.strip():
            previous = ""
    text = half_width("".join(chars))
    return Layout(original=original, text=text, offsets=offsets, page_starts=page_starts)
