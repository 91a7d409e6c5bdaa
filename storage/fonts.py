"""The Chinese font every generated PDF embeds (a TrueType CJK font from Debian, registered once with reportlab).

A PDF that only *names* a CJK font (reportlab's STSong-Light CID font) shows nothing in a reader that has no CJK
font of its own; so every PDF the court writes embeds a subset of a real font file. reportlab embeds TrueType
outlines only (not the CFF outlines of Noto CJK), so the candidates are TrueType collections: AR PL UMing (a Ming,
i.e. Song, face — the face of court documents) first, WenQuanYi Zen Hei second. `scripts/install-system-packages` installs
the first.
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

CJK_FONT = "CourtSong"  # the name the court's PDFs use for the embedded face

# (path, subfont index): in uming.ttc index 0 is "AR PL UMing CN", the simplified-Chinese member.
CANDIDATES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
)

_lock = threading.Lock()


class FontMissing(RuntimeError):
    """No embeddable CJK font is installed: the court cannot write a Chinese PDF a reader can show."""


def cjk_font() -> str:
    """Register the embedded CJK font (once per process) and return its reportlab name."""
    if CJK_FONT in pdfmetrics.getRegisteredFontNames():
        return CJK_FONT
    with _lock:
        if CJK_FONT in pdfmetrics.getRegisteredFontNames():
            return CJK_FONT
        tried: list[str] = []
        for path, index in CANDIDATES:
            if not Path(path).is_file():
                tried.append(f"{path} (absent)")
                continue
            try:
                # subfontIndex picks one face of a TrueType collection; reportlab embeds a subset (FontFile2).
                pdfmetrics.registerFont(TTFont(CJK_FONT, path, subfontIndex=index))
            except TTFError as exc:
                tried.append(f"{path} ({exc})")
                continue
            return CJK_FONT
        raise FontMissing(
            "no embeddable CJK TrueType font; run scripts/install-system-packages (apt-get install fonts-arphic-uming); "
            "tried: " + "; ".join(tried)
        )
