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


_LAW_ARTICLE = re.compile(
    r"(CPL-Interp|Evidence Rules|Enforcement rules|Registration rules|Fee Measures|CrimPL|CPL|ALL|FM) Arts?\.? ?"
    r"(\d+)(?:-(\d+))?(?:\((\d+)\))?"
)
_BARE_ARTICLE = re.compile(r"(?<![A-Za-z])Arts?\.? ?(\d+)(?:-(\d+))?(?:\((\d+)\))?")
_BARE_LAW_NAMES = ("海事诉讼特别程序法", "行政诉讼法")


def _article_words(first: str, last: str | None, item: str | None) -> str:
    return f"第{first}" + (f"至{last}" if last else "") + "条" + (f"第{item}项" if item else "")


def citations_zh(text: str) -> str:
    """A citation list as the jurisdiction engine writes it (`CPL Art.34(1); CPL-Interp Art.28`,
    `CPL Art.235 para 2; 法释〔2018〕5号 Art.2`, `海事诉讼特别程序法 Art.4, Art.6`) in Chinese, every part kept:
    《民事诉讼法》第34条第1项；《民诉法解释》第28条. The law names are those of `LAW_NAMES_ZH` (as `article_zh`)."""
    out = _LAW_ARTICLE.sub(
        lambda m: LAW_NAMES_ZH[m.group(1)] + _article_words(m.group(2), m.group(3), m.group(4)), text
    )
    out = _BARE_ARTICLE.sub(lambda m: _article_words(m.group(1), m.group(2), m.group(3)), out)
    out = re.sub(r" para (\d+)", r"第\1款", out)
    out = re.sub(r" item (\d+)", r"第\1项", out)
    for name in _BARE_LAW_NAMES:
        out = re.sub(rf"(?<!《){name}(?!》)", f"《{name}》", out)
    out = re.sub(r"(?<=[\u4e00-\u9fff〕》]) (?=第)", "", out)
    return out.replace("; ", "；").replace(", ", "、")
