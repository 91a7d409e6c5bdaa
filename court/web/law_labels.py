"""Legal citations as a Chinese page shows them: the engines cite in English (`CPL Art 152`); a zh-CN page names
the law in Chinese (《民事诉讼法》第152条), an English page keeps the citation."""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

from court.i18n.law import article_zh, citations_zh


@pass_context
def article(ctx: Context, citation: Any) -> str:
    text = str(citation or "")
    return article_zh(text) if str(ctx.get("locale") or "zh_CN").startswith("zh") else text


@pass_context
def citation(ctx: Context, text: Any) -> str:
    """A citation list of the jurisdiction engine (`CPL Art.24; CPL-Interp Art.18`), every part in Chinese on a
    zh-CN page (court.i18n.law `citations_zh`); an English page keeps it."""
    value = str(text or "")
    return citations_zh(value) if str(ctx.get("locale") or "zh_CN").startswith("zh") else value
