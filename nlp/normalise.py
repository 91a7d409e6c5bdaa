"""One normalisation for every text source (a PDF's text layer, OCR), with a map back to the source's offsets.

What a PDF's text layer or an OCR engine gives is not always the text a reader sees:
- PDFs printed from Chromium (and some Office exports) map common characters to look-alike code points: Kangxi
  radicals (U+2F00–U+2FD5: ⼀ for 一, ⽂ for 文), CJK Radicals Supplement (U+2E80–U+2EF3: ⺠ for 民) and CJK
  compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F). They break every word they sit in: "民间借贷纠纷"
  with ⺠ is no cause of action, and the party reader took "王丽华与" for a party. Kangxi radicals and
  compatibility ideographs have compatibility decompositions (NFKC); the radicals supplement has none, so it is
  mapped by the Unicode Character Database's Equivalent_Unified_Ideograph property (table below).
- Full-width ASCII forms (ＡＢＣ１２３，：) become half width, as the extractor's rules are written (the same
  fold as `nlp.components.layout.half_width`), and the ideographic space a plain space.
- Zero-width characters and soft hyphens are dropped; exotic spaces become a plain space.
- Letter-spaced CJK ("民 事 起 诉 状", common in headings, in PDFs whose glyphs are placed one by one and in OCR
  output) loses its spaces.

Only these ranges are touched: NFKC over the whole text would also rewrite ①, ㎡, ½ and the like, which the
extractor reads as they are.

`Normalised.offsets[i]` is the source index of `text[i]` (one entry past the end maps to the source's length),
so a span found in the normalised text maps back to the source for highlighting (`source_span`).
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass


def _radicals_supplement() -> dict[str, str]:
    # Equivalent_Unified_Ideograph for the CJK Radicals Supplement block, from the Unicode Character Database file
    # EquivalentUnifiedIdeograph.txt (Unicode 14.0.0, 2021-03-16, created by Ken Lunde; Unicode data licence).
    # U+2E80 and U+2E9A have no equivalent there and are left as they are.
    table = (
        "2E81:5382 2E82:4E5B 2E83:4E5A 2E84:4E59 2E85:4EBB 2E86:5182 2E87:20628 2E88:5200 2E89:5202 2E8A:535C "
        "2E8B:353E 2E8C..2E8D:5C0F 2E8E:5140 2E8F:5C23 2E90:5C22 2E91:21BC2 2E92:5DF3 2E93:5E7A 2E94:5F51 "
        "2E95:5F50 2E96:5FC4 2E97:5FC3 2E98:624C 2E99:6535 2E9B:65E1 2E9C:65E5 2E9D:6708 2E9E:6B7A 2E9F:6BCD "
        "2EA0:6C11 2EA1:6C35 2EA2:6C3A 2EA3:706C 2EA4..2EA5:722B 2EA6:4E2C 2EA7:725B 2EA8:72AD 2EA9:738B "
        "2EAA:24D14 2EAB:76EE 2EAC:793A 2EAD:793B 2EAE:25AD7 2EAF:7CF9 2EB0:7E9F 2EB1:7F53 2EB2:7F52 2EB3:34C1 "
        "2EB4:5197 2EB5:2626B 2EB6:7F8A 2EB7:2634C 2EB8:2634B 2EB9:8002 2EBA:8080 2EBB:807F 2EBC:8089 "
        "2EBD:26951 2EBE..2EC0:8279 2EC1:864E 2EC2:8864 2EC3:8980 2EC4:897F 2EC5:89C1 2EC6:89D2 2EC7:278B2 "
        "2EC8:8BA0 2EC9:8D1D 2ECA:27FB7 2ECB:8F66 2ECC..2ECE:8FB6 2ECF:9091 2ED0:9485 2ED1:9577 2ED2:9578 "
        "2ED3:957F 2ED4:95E8 2ED5:28E0F 2ED6:961D 2ED7:96E8 2ED8:9752 2ED9:97E6 2EDA:9875 2EDB:98CE 2EDC:98DE "
        "2EDD:98DF 2EDE:2967F 2EDF:98E0 2EE0:9963 2EE1:29810 2EE2:9A6C 2EE3:9AA8 2EE4:9B3C 2EE5:9C7C 2EE6:9E1F "
        "2EE7:5364 2EE8:9EA6 2EE9:9EC4 2EEA:9EFE 2EEB:6589 2EEC:9F50 2EED:6B6F 2EEE:9F7F 2EEF:7ADC 2EF0:9F99 "
        "2EF1:9F9C 2EF2:4E80 2EF3:9F9F"
    )
    mapping: dict[str, str] = {}
    for entry in table.split():
        codes, target = entry.split(":")
        first, _, last = codes.partition("..")
        for code in range(int(first, 16), int(last or first, 16) + 1):
            mapping[chr(code)] = chr(int(target, 16))
    return mapping


def _char_table() -> dict[str, str]:
    """Every character that changes, to what it becomes ("" for dropped)."""
    table = _radicals_supplement()
    ranges = [(0x2F00, 0x2FD5), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)]
    for first, last in ranges:
        for code in range(first, last + 1):
            char = chr(code)
            folded = unicodedata.normalize("NFKC", char)
            if folded != char and len(folded) == 1:
                table[char] = folded
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII forms
        table[chr(code)] = chr(code - 0xFEE0)
    # Half-width CJK punctuation (from old encodings and some OCR output) to the full-width form text uses.
    table |= {"\uff61": "。", "\uff62": "「", "\uff63": "」", "\uff64": "、"}
    for char in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000":
        table[char] = " "
    for char in "\u00ad\u200b\u200c\u200d\u2060\ufeff":
        table[char] = ""
    return table


_TABLE = _char_table()
_CHANGED = re.compile("[" + "".join(re.escape(c) for c in sorted(_TABLE)) + "]")

# Ideographs (BMP, extension A, the supplementary planes' extensions).
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f"
# Letter-spaced CJK: three or more ideographs each one space apart ("民 事 起 诉 状"). A single space between two
# ideographs is left alone: real judgments use it as the paragraph break ("人民法院 刑事判决书"), and a gap of
# several spaces separates columns ("王丽华    女").
_LETTER_SPACED = re.compile(f"[{_HAN}](?:[ \\t][{_HAN}]){{2,}}")


@dataclass(frozen=True, slots=True)
class Normalised:
    """Normalised text and, for each of its characters, the index of the source character it came from."""

    text: str
    offsets: array[int]  # len(text) + 1 entries, the last len(source); an array: 8 bytes a character, not ~36

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source span [start, end) of the normalised span [start, end)."""
        if end <= start:
            at = self.offsets[min(start, len(self.text))]
            return at, at
        return self.offsets[start], self.offsets[end - 1] + 1


def normalise(source: str) -> Normalised:
    """Fold look-alike code points, full-width forms, odd spaces and stray CJK spaces (see the module text)."""
    chars: list[str] = []
    offsets: array[int] = array("q")
    at = 0
    for match in _CHANGED.finditer(source):
        start = match.start()
        if start > at:
            chars.append(source[at:start])
            offsets.extend(range(at, start))
        replacement = _TABLE[match[0]]
        if replacement:
            chars.append(replacement)
            offsets.append(start)
        at = match.end()
    if at < len(source):
        chars.append(source[at:])
        offsets.extend(range(at, len(source)))
    text = "".join(chars)
    if _LETTER_SPACED.search(text):
        kept: list[str] = []
        kept_offsets: array[int] = array("q")
        at = 0
        for match in _LETTER_SPACED.finditer(text):
            kept.append(text[at : match.start()])
            kept_offsets.extend(offsets[at : match.start()])
            for i in range(match.start(), match.end(), 2):  # the ideographs, not the spaces between them
                kept.append(text[i])
                kept_offsets.append(offsets[i])
            at = match.end()
        kept.append(text[at:])
        kept_offsets.extend(offsets[at:])
        text, offsets = "".join(kept), kept_offsets
    offsets.append(len(source))
    return Normalised(text, offsets)


def normalise_text(source: str) -> str:
    """The normalised text alone."""
    return normalise(source).text
