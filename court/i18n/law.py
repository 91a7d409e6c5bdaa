"""Legal citations in Chinese: the engines cite in English (`CPL Art 152`); a Chinese reader sees the law's name
(《民事诉讼法》第152条). The one rendering, for pages (the `article` filter) and services (the serving inbox)."""

from __future__ import annotations

import re

LAW_NAMES_ZH = {
    "CPL-Interp": "《民诉法解释》",
    "Evidence Rules": "《民事证据规定》",
    "CPL": "《民事诉讼法》",
    "ALL": "《行政诉讼法》",
    "CrimPL": "《刑事诉讼法》",
    "FM": "《诉讼费用交纳办法》",
    "Fee Measures": "《诉讼费用交纳办法》",
    "Enforcement rules": "《执行期限规定》",
    "Registration rules": "《登记立案规定》",
}
_CITATION = re.compile(
    r"(CPL-Interp|Evidence Rules|Enforcement rules|Registration rules|Fee Measures|CrimPL|CPL|ALL|FM) Arts? (\d+)"
    r"(?:\((\d+)\))?"
)


def article_zh(citation: str, separator: str = "、") -> str:
    """`CPL Art 152 (…)` → `《民事诉讼法》第152条`; every citation in the text, the English gloss dropped.
    The one rendering of legal citations in Chinese (pages, the serving inbox, the API's `article_zh`)."""
    found = [
        f"{LAW_NAMES_ZH[m.group(1)]}第{m.group(2)}条" + (f"第{m.group(3)}项" if m.group(3) else "")
        for m in _CITATION.finditer(citation)
    ]
    return separator.join(found) if found else citation
