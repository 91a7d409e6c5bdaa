"""Document kind, cause of action, court addressed, case numbers cited and dates."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc

from nlp.case_numbers import find_case_numbers, format_case_number
from nlp.catalogue import Catalogue
from nlp.dates import find_dates
from nlp.docket import CaseNumberRef, CauseOfAction, CourtRef, DocumentKind

_HEAD = 400  # characters in which a title or an issuing court is looked for
_COURT_NAME = r"[\u4e00-\u9fff]{2,30}?(?:人民法院|海事法院|互联网法院|铁路运输法院|知识产权法院|金融法院|法院|人民法庭|法庭)"
_ADDRESSED = re.compile(rf"此\s*致\s*(?:\n\s*)?(?:尊敬的)?\s*(?P<court>{_COURT_NAME})")
_HEADER_COURT = re.compile(rf"(?:^|(?<=[\s]))(?P<court>{_COURT_NAME})(?=\s|刑事|民事|行政|执行|$)")


@Language.factory("court_document_kind", default_config={"titles": {"@misc": "court.document_titles.v1"}})
def make_document_kind(nlp: Language, name: str, titles: list[tuple[str, str]]) -> Callable[[Doc], Doc]:
    compiled = [(re.compile(p), DocumentKind(kind)) for p, kind in titles]

    def document_kind(doc: Doc) -> Doc:
        head = doc._.layout.text[:_HEAD]
        compact, index = [], []
        for i, ch in enumerate(head):
            if not ch.isspace():
                compact.append(ch)
                index.append(i)
        flat = "".join(compact)
        best: tuple[int, re.Match[str], DocumentKind] | None = None
        for pattern, kind in compiled:
            m = pattern.search(flat)
            if m and (best is None or m.start() < best[0] - 0):
                best = (m.start(), m, kind)
        if best is not None:
            _, m, kind = best
            docket = doc._.docket
            docket.document_kind, docket.document_title = kind, m.group()
            docket.sources["document_kind"] = doc._.layout.source(index[m.start()], index[m.end() - 1] + 1, 0.9)
        return doc

    return document_kind


@Language.factory(
    "court_cause",
    default_config={"keywords": {"@misc": "court.cause_keywords.v1"}, "lenders": {"@misc": "court.financial_lenders.v1"}},
)
def make_cause(nlp: Language, name: str, keywords: list[tuple[str, str, float]], lenders: str) -> Callable[[Doc], Doc]:
    compiled = [(re.compile(p), cause, w) for p, cause, w in keywords]
    lender_re = re.compile(lenders)

    def cause(doc: Doc) -> Doc:
        text, docket, catalogue = doc._.layout.text, doc._.docket, doc._.catalogue
        found = _named_cause(text, catalogue)
        if found is not None and found[3] > 0.9:
            name_, s, e, confidence = found
        else:
            scores: Counter[str] = Counter()
            first: dict[str, tuple[int, int]] = {}
            if found is not None:  # a catalogue name without 一案/案由 around it: one more piece of evidence
                scores[found[0]] += 2.0
                first[found[0]] = (found[1], found[2])
            for pattern, cause_name, weight in compiled:
                for m in pattern.finditer(text):
                    scores[cause_name] += weight
                    first.setdefault(cause_name, (m.start(), m.end()))
            if scores.get("民间借贷纠纷") and any(
                p.role in ("plaintiff", "applicant") and lender_re.search(p.name) for p in docket.parties
            ):
                scores["金融借款合同纠纷"] += scores.pop("民间借贷纠纷") + 1
                first["金融借款合同纠纷"] = first["民间借贷纠纷"]
            if not scores:
                return doc
            name_ = max(scores, key=lambda c: (scores[c], -first[c][0]))
            (s, e), confidence = first[name_], 0.6
        entry = catalogue.cause(name_) if catalogue else None
        docket.cause_of_action = CauseOfAction(code=entry.code if entry else None, name=entry.name if entry else name_)
        docket.sources["cause_of_action"] = doc._.layout.source(s, e, confidence)
        return doc

    return cause


_CAUSE_END = re.compile(r"纠纷")


def _named_cause(text: str, catalogue: Catalogue | None) -> tuple[str, int, int, float] | None:
    """The cause the document names (…纠纷一案, 案由：…), longest catalogue name first; without a catalogue,
    the words before 纠纷 in a 案由 line or a …纠纷一案 phrase."""
    candidates: list[tuple[float, int, str, int, int]] = []
    for m in _CAUSE_END.finditer(text):
        end = m.end()
        name = None
        if catalogue is not None:
            for k in range(min(30, end), 3, -1):
                if catalogue.cause(text[end - k:end]) is not None:
                    name = text[end - k:end]
                    break
        else:
            w = re.search(r"[\u4e00-\u9fff、]{2,14}$", text[max(0, end - 14):end])
            name = w.group() if w else None
        if name is None:
            continue
        start = end - len(name)
        context_after, context_before = text[end:end + 4], text[max(0, start - 6):start]
        weight = 1.0
        if context_after.startswith(("一案", "案")) or re.search(r"案由\s*[:：]?\s*$", context_before):
            weight = 3.0
        elif catalogue is None:
            continue
        candidates.append((weight, -start, name, start, end))
    if not candidates:
        return None
    weight, _, name, start, end = max(candidates)
    return name, start, end, 0.95 if weight > 1 else 0.85


@Language.factory("court_court")
def make_court(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    def court(doc: Doc) -> Doc:
        text, docket, catalogue = doc._.layout.text, doc._.docket, doc._.catalogue
        m = _ADDRESSED.search(text)
        confidence = 0.95
        if m is None:
            m = _HEADER_COURT.search(text[:_HEAD])
            confidence = 0.85
        if m is None:
            return doc
        court_name = m["court"]
        entry = catalogue.court(court_name) if catalogue else None
        if entry is None and catalogue is not None and docket.document_kind in ("judgment", "ruling", "mediation_statement"):
            own = find_case_numbers(text[:_HEAD])
            if own:
                entry = catalogue.courts_by_code.get(own[0][0].court_code)
        docket.court = CourtRef(code=entry.code if entry else None, name=court_name)
        docket.sources["court"] = doc._.layout.source(m.start("court"), m.end("court"), confidence)
        return doc

    return court


@Language.factory("court_case_numbers")
def make_case_numbers(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    def case_numbers(doc: Doc) -> Doc:
        docket, seen = doc._.docket, set()
        for cn, s, e in find_case_numbers(doc._.layout.text):
            written = format_case_number(cn)
            if written in seen:
                continue
            seen.add(written)
            docket.sources[f"case_numbers[{len(docket.case_numbers)}]"] = doc._.layout.source(s, e, 0.97)
            docket.case_numbers.append(CaseNumberRef(
                text=written, year=cn.year, court_code=cn.court_code, type_code=cn.type_code, sequence=cn.sequence,
                specialised_code=cn.specialised_code, sequence_end=cn.sequence_end, suffix=cn.suffix,
            ))
        return doc

    return case_numbers


@Language.factory("court_dates", default_config={"tail": 260})
def make_dates(nlp: Language, name: str, tail: int) -> Callable[[Doc], Doc]:
    def dates(doc: Doc) -> Doc:
        text, docket = doc._.layout.text, doc._.docket
        found = find_dates(text)
        docket.dates = sorted({d for d, _, _ in found})
        closing = [f for f in found if f[1] >= len(text) - tail]
        if closing:
            value, s, e = closing[-1]
            docket.filing_date = value
            docket.sources["filing_date"] = doc._.layout.source(s, e, 0.85)
        return doc

    return dates
