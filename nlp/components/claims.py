"""Claims (诉讼请求 / 申请执行事项) with their amounts, and the amount in dispute (their sum)."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from spacy.language import Language
from spacy.tokens import Doc

from nlp.components.state import state
from nlp.docket import Claim
from nlp.numbers import find_amounts

_ITEM = re.compile(
    r"(?:(?<=[；;。\n:：])|(?<=[；;。\n:：]\s))\s*"
    r"(?:第[一二三四五六七八九十]+[项条][:：,，、]?|[一二三四五六七八九十]{1,3}[、.．,，]|[1-9]\d?[、.．,，](?!\d)"
    r"|[(（][一二三四五六七八九十\d]{1,3}[)）]、?|[①②③④⑤⑥⑦⑧⑨⑩])"
)
_RUN_ON = 200  # characters of claims with no full stop, beyond which they are not read
_TOTAL = re.compile(r"(?:共计|合计|总计|总额|共)\s*(?:为|人民币)?\s*$")
# After the sum: it is a base (以150000元为基数, 其中5万元的利息…), or the sum the interest of a period runs on (支付2万元自2017年1月9日
# 起至付清之日止按…计算的利息), not a sum claimed.
_BASE_AFTER = re.compile(
    r"^\s*(?:为基数|为本金|作为基数|的\S{0,4}(?:倍|%|‰)|的利息|(?:自|从)[^，,；;。]{0,40}?利息)"
)
_BASE_BEFORE = re.compile(r"(?:(?:以|按)\s*(?:本金|借款|欠款|货款|未还款|剩余)?|基数)\s*(?:人民币)?\s*$")


@Language.factory(
    "court_claims",
    default_config={
        "headers": {"@misc": "court.claim_headers.v1"},
        "ends": {"@misc": "court.claim_end_headers.v1"},
    },
)
def make_claims(nlp: Language, name: str, headers: list[str], ends: list[str]) -> Callable[[Doc], Doc]:
    return ClaimReader(headers, ends)


def claim_amount(text: str) -> Decimal | None:
    """The sum a claim asks for: a stated total wins; otherwise the amounts outside parentheses, leaving out
    the bases that interest is computed on (以150000元为基数)."""
    depth, outside = 0, []
    for ch in text:
        depth += ch in "(（"
        outside.append(depth == 0)
        depth -= ch in ")）" and depth > 0
    kept: list[Decimal] = []
    for value, s, e in find_amounts(text):
        if not outside[s]:
            continue
        if _BASE_AFTER.match(text[e:]) or _BASE_BEFORE.search(text[max(0, s - 6) : s]):
            continue
        if _TOTAL.search(text[max(0, s - 8) : s]):
            return value
        kept.append(value)
    return sum(kept, Decimal(0)) if kept else None


class ClaimReader:
    def __init__(self, headers: list[str], ends: list[str]) -> None:
        self.header_re = re.compile("|".join(f"(?:{h})" for h in headers))
        self.end_re = re.compile("|".join(f"(?:{e})" for e in ends))

    def __call__(self, doc: Doc) -> Doc:
        layout, docket, _ = state(doc)
        text = layout.text
        header = self.header_re.search(text)
        if header is None:
            return doc
        start = header.end()
        stop = self.end_re.search(text, start)
        limit = stop.start() if stop else len(text)
        items = [m for m in _ITEM.finditer(text, start, limit) if not text[m.end() : m.end() + 1].isdigit()]
        spans: list[tuple[int, int]] = []
        if items and text[start : items[0].start()].strip() == "":
            for k, m in enumerate(items):
                end = items[k + 1].start() if k + 1 < len(items) else limit
                if k + 1 == len(items):  # the last item ends with its sentence
                    dot = re.search(r"[。\n]", text[m.end() : end])
                    end = m.end() + dot.end() if dot else end
                spans.append((m.end(), end))
        else:
            dot = re.search(r"。|\n\s*\n", text[start:limit])
            if dot is None and limit - start > _RUN_ON:
                return (
                    doc  # a text that lost its full stops (an excerpt): where the claims end cannot be told
                )
            spans.append((start, start + dot.end() if dot else limit))
        claims: list[Claim] = []
        for s, e in spans:
            body = text[s:e].strip().rstrip("；;。,，")
            if not body:
                continue
            lead = text[s:e].index(body[0])
            amount = claim_amount(body)
            source = layout.source(s + lead, s + lead + len(body), 0.85 if amount is not None else 0.8)
            claims.append(Claim(text=body, amount=amount, source=source))
        docket.claims = claims
        amounts = [c.amount for c in claims if c.amount is not None]
        docket.amount_in_dispute = sum(amounts, Decimal(0)) if amounts else None
        return doc
