"""Legal citations as a Chinese page shows them: the engines cite in English (`CPL Art 152`); a zh-CN page names
the law in Chinese (《民事诉讼法》第152条), an English page keeps the citation."""

from __future__ import annotations

import re
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

LAW_NAMES_ZH = {
    "CPL-Interp": "《民诉法解释》",
    "Evidence Rules": "《民事诉讼证据规定》",
    "CPL": "《民事诉讼法》",
    "ALL": "《行政诉讼法》",
    "CrimPL": "《刑事诉讼法》",
    "FM": "《诉讼费用交纳办法》",
    "Enforcement rules": "《执行期限规定》",
    "Registration rules": "《登记立案规定》",
}
_CITATION = re.compile(r"(CPL-Interp|Evidence Rules|Enforcement rules|Registration rules|CrimPL|CPL|ALL|FM) Arts? (\d+)(?:\((\d+)\))?")


def article_zh(citation: str) -> str:
    """`CPL Art 152 (…)` → `《民事诉讼法》第152条`; every citation in the text, the English gloss dropped."""
    found = [
        f"{LAW_NAMES_ZH[m.group(1)]}第{m.group(2)}条" + (f"第{m.group(3)}项" if m.group(3) else "")
        for m in _CITATION.finditer(citation)
    ]
    return "、".join(found) if found else citation


@pass_context
def article(ctx: Context, citation: Any) -> str:
    text = str(citation or "")
    return article_zh(text) if str(ctx.get("locale") or "zh_CN").startswith("zh") else text
