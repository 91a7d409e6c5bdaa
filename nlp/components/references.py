"""Document kind, cause of action, court addressed, case numbers cited and dates."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from itertools import islice
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kernel.case_numbers import find_case_numbers, format_case_number
from nlp.catalogue import Catalogue, CauseEntry, seed_rows
from nlp.components.labels import Label, labels
from nlp.components.state import state
from nlp.dates import find_dates
from nlp.docket import CaseNumberRef, CauseOfAction, CourtRef, Docket, DocumentKind

_HEAD = 400  # characters in which a title or an issuing court is looked for
_SPACE, _NON_SPACE = re.compile(r"\s+"), re.compile(r"\S")
_COURT_NAME = r"[\u4e00-\u9fff]{2,30}?(?:人民法院|海事法院|互联网法院|铁路运输法院|知识产权法院|金融法院|法院|人民法庭|法庭)"
_ADDRESSED = re.compile(rf"此\s*致\s*(?:\n\s*)?(?:尊敬的)?\s*(?P<court>{_COURT_NAME})")
_HEADER_COURT = re.compile(rf"(?:^|(?<=[\s]))(?P<court>{_COURT_NAME})(?=\s|刑事|民事|行政|执行|$)")
# What must stand before and after a court the label matcher marked for it to be the court addressed, or the issuer
# named in the header (the same contexts as the two expressions above).
_BEFORE_ADDRESSED = re.compile(r"此\s*致\s*(?:\n\s*)?(?:尊敬的)?\s*$")
_AFTER_ADDRESSED = re.compile(r"\s|[。,，:：]|$")
_AFTER_HEADER = re.compile(r"\s|刑事|民事|行政|执行|$")


@Language.factory("court_document_kind", default_config={"titles": {"@misc": "court.document_titles.v1"}})
def make_document_kind(nlp: Language, name: str, titles: list[tuple[str, str]]) -> Callable[[Doc], Doc]:
    # One alternation: its leftmost match, first alternative first at a tie, is the first title in the head.
    kinds = [DocumentKind(kind) for _, kind in titles]
    any_title = re.compile("|".join(f"(?P<t{i}>{p})" for i, (p, _) in enumerate(titles)))

    def document_kind(doc: Doc) -> Doc:
        layout, docket, _ = state(doc)
        head = layout.text[:_HEAD]
        flat = _SPACE.sub("", head)  # titles are often spaced out (起 诉 状); index maps flat back to head
        m = any_title.search(flat)
        if m is not None:
            # Only the title's own characters need their place in `head`: stop there, not at the head's end.
            index = (
                list(islice((c.start() for c in _NON_SPACE.finditer(head)), m.end()))
                if len(flat) < len(head)
                else range(len(head))
            )
            kind = kinds[int(str(m.lastgroup)[1:])]
            docket.document_kind, docket.document_title = kind, m.group()
            docket.sources["document_kind"] = layout.source(index[m.start()], index[m.end() - 1] + 1, 0.9)
        return doc

    return document_kind


@Language.factory(
    "court_cause",
    default_config={
        "keywords": {"@misc": "court.cause_keywords.v2"},
        "lenders": {"@misc": "court.financial_lenders.v1"},
    },
)
def make_cause(
    nlp: Language, name: str, keywords: list[tuple[str, str, float, str]], lenders: str
) -> Callable[[Doc], Doc]:
    # The seeded catalogue is the tree the evidence climbs and the table's names are checked against; the
    # caller's catalogue (doc._.catalogue, from the database) only gives the codes.
    tree = Catalogue.from_rows(causes=seed_rows("causes"))
    evidence = CauseEvidence(tree, keywords)
    lender_re = re.compile(lenders)

    def cause(doc: Doc) -> Doc:
        layout, docket, catalogue = state(doc)
        text = layout.text
        names = catalogue if catalogue is not None else (tree if tree.causes else None)
        found = _named_cause(text, names, labels(doc, "CAUSE"))
        chosen: tuple[str, int, int, float] | None = None
        if found is not None and found[3] > 0.9:
            name_, s, e, confidence = found
            named = tree.cause(name_)
            # A branch the document names (合同纠纷, 海事海商纠纷): the facts may say which cause under it.
            if named is not None and named.level <= 2:
                below = evidence.choose(_facts(text, docket, evidence, lender_re), start=named)
                if below is not None and below[0] != named.name:
                    name_, s, e, confidence = below[0], s, e, 0.9
            chosen = (name_, s, e, confidence)
        else:
            scores = _facts(text, docket, evidence, lender_re)
            if found is not None:  # a catalogue name without 一案/案由 around it: one more piece of evidence
                scores.add(found[0], 2.0, found[1], found[2])
            chosen = evidence.choose(scores)
        if chosen is None:
            return doc
        name_, s, e, confidence = chosen
        entry = catalogue.cause(name_) if catalogue else None
        docket.cause_of_action = CauseOfAction(
            code=entry.code if entry else None, name=entry.name if entry else name_
        )
        docket.sources["cause_of_action"] = layout.source(s, e, confidence)
        return doc

    return cause


# A claim asking for a loan back (归还借款本金, 在遗产范围内清偿借款): what is claimed is the loan, whatever the facts
# say about how the debt came to the defendant (an assignment, an inheritance, a guarantee).
_LOAN_CLAIM = re.compile(
    r"(?:归还|偿还|清偿|返还|还清|给付|支付)\S{0,8}?借款|借款本金|借款本息|借款及(?:其)?利息"
)
_LOAN = "民间借贷纠纷"


def _facts(text: str, docket: Docket, evidence: CauseEvidence, lender_re: re.Pattern[str]) -> Scores:
    """The evidence of the text's facts. A party's name is none (某某汽车租赁有限公司 lends money as well as anyone);
    a claim for a loan's repayment makes the loan the dispute (it outweighs every other cause's evidence); a loan
    claimed by a plaintiff who lends for a living is 金融借款合同纠纷, not 民间借贷纠纷."""
    facts = text
    for party in docket.parties:
        if len(party.name) >= 4 and party.name in facts:
            facts = facts.replace(party.name, " " * len(party.name))
    scores = evidence.collect(facts)
    loan_claim = next((c for c in docket.claims if c.source is not None and _LOAN_CLAIM.search(c.text)), None)
    if loan_claim is not None and loan_claim.source is not None:
        scores.outweigh(_LOAN, loan_claim.source.start, loan_claim.source.end)
    titled = _titled_contract(facts, evidence)
    if titled is not None and loan_claim is None:
        # A dispute over a contract (or about nothing else the evidence can tell), and the parties' contract named by
        # its title (签订《农村土地承包经营权出租合同》): the title says which contract, whatever words of other
        # contracts the facts use (租金, 出租).
        name, start, end = titled
        chosen = evidence.choose(scores)
        entry = evidence.tree.cause(chosen[0]) if chosen else None
        if entry is None or any(e.code == _CONTRACTS for e in evidence.tree.lineage(entry)):
            scores.outweigh(name, start, end)
    if scores.own.get(_LOAN) and any(
        p.role in ("plaintiff", "applicant") and lender_re.search(p.name) for p in docket.parties
    ):
        scores.move(_LOAN, "金融借款合同纠纷", 1.0)
    return scores


_CONTRACTS = "P4.S10"  # 合同纠纷, the catalogue's branch of contract disputes
_TITLE = re.compile(r"《([^《》]{2,30}?)(?:合同书|合同|协议书|协议|契约)》")


# Contracts that secure another's debt: a title of one names the security, not the dispute over the debt.
_SECURITY = re.compile(r"保证|担保|抵押|质押|反担保")


def _titled_contract(text: str, evidence: CauseEvidence) -> tuple[str, int, int] | None:
    """The cause of the contract the text names by its title in 《》 (name, start, end of the first title), when
    every title the catalogue knows names that one cause and it is no security for another debt."""
    found: dict[str, tuple[int, int]] = {}
    for m in _TITLE.finditer(text):
        words = _CJK_TAIL.search(m[1])
        cause = evidence.titled_cause(words.group()) if words else None
        if cause is not None:
            found.setdefault(cause, (m.start(), m.end()))
    if len(found) != 1:
        return None
    ((cause, (start, end)),) = found.items()
    return None if _SECURITY.search(cause) else (cause, start, end)


class Scores:
    """Evidence gathered from one text: per cause name, the weight of the rows that name it (`own`, which also
    counts for the causes above it), of the rows that only refine a branch (`refine`), and where it was first seen."""

    __slots__ = ("first", "own", "refine")

    def __init__(self) -> None:
        self.own: Counter[str] = Counter()
        self.refine: Counter[str] = Counter()
        self.first: dict[str, tuple[int, int]] = {}

    def add(self, cause: str, weight: float, start: int, end: int, refine: bool = False) -> None:
        (self.refine if refine else self.own)[cause] += weight  # type: ignore[assignment]  # float weights in a Counter
        known = self.first.get(cause)
        if known is None or start < known[0]:
            self.first[cause] = (start, end)

    def outweigh(self, cause: str, start: int, end: int) -> None:
        """Give `cause` the evidence it needs to outweigh every other cause by one step (_MIN_STEP)."""
        others = max((w for name, w in self.own.items() if name != cause), default=0.0)
        self.add(cause, max(0.0, others - self.own[cause]) + _MIN_STEP, start, end)

    def move(self, source: str, target: str, bonus: float) -> None:
        self.own[target] += self.own.pop(source) + bonus  # type: ignore[assignment]  # float weights in a Counter
        self.first[target] = self.first[source]


_ROW_CAP = 20  # matches a row counts at most
_SPECIAL_MIN = 4.0  # evidence of a special-jurisdiction branch that chooses it outright
# A contract the text names (签订《车辆租赁合同》): its catalogue cause, found by the name's longest tail that
# is one (…铝单板加工合同 -> 加工合同纠纷).
_CJK_TAIL = re.compile(r"[\u4e00-\u9fff]{2,12}$")
_CONTRACT_WEIGHT = 1.5
_MIN_STEP = 1.0  # evidence a cause under the current one needs before the choice goes down to it


class CauseEvidence:
    """Reads the evidence rows over a text and chooses a cause by walking down the catalogue tree: from the top
    branch with the most evidence, on to the child with the most evidence under it while that child has any; the
    walk stops at a branch when nothing below it is supported, so a text that is only plainly about ships says
    海事海商纠纷 and not a guess below it."""

    def __init__(self, tree: Catalogue, rows: list[tuple[str, str, float, str]]) -> None:
        self.tree = tree
        self.rows = [(re.compile(p), cause, w, scope == "refine", _ROW_CAP) for p, cause, w, scope in rows]
        self.special = [
            e for _, cause, _, scope in rows if scope == "special" and (e := tree.cause(cause)) is not None
        ]
        # A "claim" row is a suit that names its own legal ground (代位求偿, 案外人执行异议之诉): it decides the
        # cause whatever the facts recount, however much of them is about the accident paid for or the debt enforced.
        self.claims = {
            cause for _, cause, _, scope in rows if scope == "claim" and tree.cause(cause) is not None
        }
        self.children: dict[str, list[CauseEntry]] = {}
        self.roots: list[CauseEntry] = []
        for entry in tree.causes_by_code.values():
            if entry.parent and entry.parent in tree.causes_by_code:
                self.children.setdefault(entry.parent, []).append(entry)
            else:
                self.roots.append(entry)
        self._order = {e.code: i for siblings in self.children.values() for i, e in enumerate(siblings)}
        self._contract_causes: dict[str, str | None] = {}
        self._contract_names = sorted(n for n in tree.causes if n.endswith("合同纠纷"))
        # Most rows match nowhere in a given text. Every row's alternatives begin with a literal word (or the row is
        # always run); one pass of a trie of those words finds the rows worth running, which keeps the table's
        # cost near one regular expression's.
        self._always: list[int] = []
        self._gated: dict[str, set[int]] = {}
        for i, (p, _, _, _) in enumerate(rows):
            heads = _leading_literals(p)
            if heads is None:
                self._always.append(i)
            else:
                for head in heads:
                    self._gated.setdefault(head, set()).add(i)
        # The trie finds the longest word at a place and goes on after it: a word found also stands for every word
        # inside it (借款合同 for 借款 and 合同).
        self._opens = {
            w: set().union(*(rows_ for h, rows_ in self._gated.items() if h in w)) for w in self._gated
        }
        self._trigger = re.compile(_trie_pattern(sorted(self._gated))) if self._gated else None

    def collect(self, text: str) -> Scores:
        scores = Scores()
        for i in self._rows_to_run(text):
            pattern, cause, weight, refine, cap = self.rows[i]
            n = 0
            for m in pattern.finditer(text):
                if n == 0:
                    scores.add(cause, 0.0, m.start(), m.end(), refine)
                n += 1
                if n == cap:
                    break
            if n:
                (scores.refine if refine else scores.own)[cause] += weight * n  # type: ignore[assignment]  # float weights
        seen: Counter[str] = Counter()
        at = text.find("合同")
        while at >= 0:
            words = _CJK_TAIL.search(text, max(0, at - 12), at)
            contract = self._contract_cause(words.group()) if words else None
            if words is not None and contract is not None and seen[contract] < 2:
                seen[contract] += 1
                scores.add(contract, _CONTRACT_WEIGHT, words.start(), at + 2)
            at = text.find("合同", at + 2)
        return scores

    def _rows_to_run(self, text: str) -> list[int]:
        run = set(self._always)
        if self._trigger is not None:
            for word in set(self._trigger.findall(text)):
                run |= self._opens[word]
        return sorted(run)

    def titled_cause(self, words: str) -> str | None:
        """The contract cause a title's words name: as `_contract_cause`, else the one catalogue contract cause
        whose name ends with at least four of the last words (拆迁安置补偿 -> 房屋拆迁安置补偿合同纠纷)."""
        found = self._contract_cause(words)
        if found is not None:
            return found
        for k in range(len(words), 3, -1):
            tail = words[-k:] + "合同纠纷"
            names = [n for n in self._contract_names if n.endswith(tail)]
            if len(names) == 1:
                return names[0]
        return None

    def _contract_cause(self, words: str) -> str | None:
        if words not in self._contract_causes:
            found = None
            for k in range(len(words), 1, -1):
                name = words[-k:] + "合同纠纷"
                if self.tree.cause(name) is not None:
                    found = name
                    break
            self._contract_causes[words] = found
        return self._contract_causes[words]

    def choose(self, scores: Scores, start: CauseEntry | None = None) -> tuple[str, int, int, float] | None:
        tree = self.tree
        total: Counter[str] = Counter()  # code -> own evidence of the cause and of everything below it
        refined: Counter[str] = Counter()
        first: dict[str, int] = {}
        for bag, out in ((scores.own, total), (scores.refine, refined)):
            for name, weight in bag.items():
                entry = tree.cause(name)
                if entry is None or weight <= 0:
                    continue
                pos = scores.first[name][0]
                for e in tree.lineage(entry):
                    out[e.code] += weight
                    if pos < first.get(e.code, len(scores.first) + 10**9):
                        first[e.code] = pos

        def key(e: CauseEntry, with_refine: bool = True) -> tuple[float, int]:
            return total[e.code] + (refined[e.code] if with_refine else 0.0), -first.get(e.code, 10**9)

        if start is None:
            special = [e for e in self.special if total[e.code] >= _SPECIAL_MIN]
            # A special jurisdiction (the sea) comes first: a cargo insurer's subrogation is a maritime case.
            claimed = (
                [(w, n) for n, w in scores.own.items() if n in self.claims and w > 0] if not special else []
            )
            if claimed:
                _, name = max(claimed)
                s, end = scores.first[name]
                return name, s, end, 0.6
            candidates = special or [e for e in self.roots if total[e.code] > 0]
            if not candidates:
                return None
            node = max(candidates, key=lambda e: key(e, with_refine=False))
        else:
            node = start
        # The children with evidence, by parent: the walk looks at these, not at every child of a wide branch.
        supported: dict[str | None, list[CauseEntry]] = {}
        for code in total.keys() | refined.keys():
            entry = tree.causes_by_code[code]
            supported.setdefault(entry.parent, []).append(entry)
        for entries in supported.values():
            entries.sort(
                key=lambda e: self._order.get(e.code, 0)
            )  # ties go to the catalogue's first, as they always did
        while True:
            below = [c for c in supported.get(node.code, ()) if key(c)[0] >= _MIN_STEP]
            if not below:
                break
            node = max(below, key=key)
        if start is not None and node.code == start.code:
            return None
        name = node.name
        leaf = not self.children.get(node.code)
        s, end = _first_span(scores, tree, node)
        return name, s, end, 0.6 if leaf else 0.5


_META = frozenset("\\[](){}?*+.|^$")


def _leading_literals(pattern: str) -> list[str] | None:
    """The literal word each top-level alternative of `pattern` begins with, or None when one begins otherwise."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in pattern:
        if ch == "|" and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        depth += ch in "([" and 1 or 0
        depth -= ch in ")]" and 1 or 0
        current.append(ch)
    parts.append("".join(current))
    heads = []
    for part in parts:
        if part.startswith(("(?<!", "(?<=")):  # a look behind the word: the word is still the head
            part = part[_group_end(part) + 1 :]
        if part.startswith("(?:"):
            close = _group_end(part)
            inner = _leading_literals(part[3:close]) if close > 0 else None
            if inner is None or (close + 1 < len(part) and part[close + 1] in "?*{"):
                return None
            heads.extend(inner)
            continue
        n = 0
        while n < len(part) and part[n] not in _META:
            n += 1
        head = part[:n]
        if n < len(part) and part[n] in "?*{" and head:
            head = head[:-1]  # the last character is optional
        if not head:
            return None
        heads.append(head)
    return heads


def _group_end(part: str) -> int:
    """Where the group opening `part` closes (-1: it does not)."""
    depth = 0
    for i, ch in enumerate(part):
        if ch == "\\":
            continue
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            return i
    return -1


def _trie_pattern(words: list[str]) -> str:
    """One regular expression matching the longest of `words` at a position, as a trie (fast where the words are many)."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + walk(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return walk(trie)


def _first_span(scores: Scores, tree: Catalogue, node: CauseEntry) -> tuple[int, int]:
    """Where the text first said something for `node` or a cause under it."""
    best: tuple[int, int] | None = None
    for name, span in scores.first.items():
        entry = tree.cause(name)
        if entry is not None and any(e.code == node.code for e in tree.lineage(entry)):
            if best is None or span[0] < best[0]:
                best = span
    return best or (0, 0)


_CAUSE_END = re.compile(r"纠纷")


def _cause_mentions(
    text: str, catalogue: Catalogue | None, marked: list[Label]
) -> list[tuple[str | None, int]]:
    """Where the document names a cause: (the name, its end). The label matcher's CAUSE labels where it marked any (their
    name is left to the catalogue when there is one, see _mention_name), else every …纠纷 with the name unknown.
    A cause named by an older or looser name (借款纠纷, 船舶保险合同纠纷) is not a catalogue name the label matcher knows,
    so every …纠纷 the label matcher did not mark is read too."""
    out = [(None if catalogue is not None else span.text, span.end) for span in marked]
    ends = {span.end for span in marked}
    out.extend((None, m.end()) for m in _CAUSE_END.finditer(text) if m.end() not in ends)
    return out


def _variants(phrase: str) -> list[str]:
    """A cause as documents write it and the catalogue forms it may stand for: 借款纠纷 -> 借款合同纠纷,
    租赁协议纠纷 -> 租赁合同纠纷, 委托理财合同纠纷 -> 委托理财纠纷."""
    out = [phrase]
    if "协议" in phrase:
        out.append(phrase.replace("协议", "合同"))
    if phrase.endswith("合同纠纷"):
        out.append(phrase[:-4] + "纠纷")
    elif not phrase.endswith(("权纠纷", "责任纠纷")):
        out.append(phrase[:-2] + "合同纠纷")
    return out


def _mention_name(text: str, end: int, catalogue: Catalogue | None) -> tuple[str, int] | None:
    """The longest catalogue name ending at `end` (or an older or looser form of one, see _variants) — longer than
    the matched label where jieba glued the name's first characters to the word before it (…因民间|借贷纠纷) — and
    how many characters the document wrote it in (a variant may be shorter or longer than the name); without a
    catalogue, the words before 纠纷."""
    if catalogue is not None:
        for k in range(min(30, end), 3, -1):
            for name in _variants(text[end - k : end]):
                if catalogue.cause(name) is not None:
                    return name, k
        return None
    w = re.search(r"[\u4e00-\u9fff、]{2,14}$", text[max(0, end - 14) : end])
    return (w.group(), len(w.group())) if w else None


_EXECUTED_CASE = re.compile(r"申请执行|执行依据|强制执行")


def _named_cause(
    text: str, catalogue: Catalogue | None, marked: list[Label] | None = None
) -> tuple[str, int, int, float] | None:
    """The cause the document names (…纠纷一案, 案由：…), longest catalogue name first; without a catalogue,
    only a name in a 案由 line or a …一案 phrase. A name in the opening lines, or after 案由, is the document's
    own; a …一案 further on may be another case it cites, and weighs less."""
    candidates: list[tuple[float, int, str, int, int]] = []
    for known, end in _cause_mentions(text, catalogue, marked or []):
        mention = (known, len(known)) if known else _mention_name(text, end, catalogue)
        if mention is None:
            continue
        name, length = mention
        start = end - length
        context_after, context_before = text[end : end + 4], text[max(0, start - 8) : start]
        weight = 1.0
        if _EXECUTED_CASE.search(text, max(0, start - 30), start):
            # 申请执行某公司…纠纷一案: the case whose judgment is being enforced, not this one (an objection to
            # the enforcement, a creditor's suit); it is one more piece of evidence, no more.
            weight = 0.5
        elif re.search(r"案由\s*(?:[:：]|[为是])?\s*$", context_before):
            weight = 3.0
        elif context_after.startswith(("一案", "案")):
            weight = 3.0 if start < _HEAD else 2.0
        elif catalogue is None:
            continue
        candidates.append((weight, -start, name, start, end))
    if not candidates:
        return None
    weight, _, name, start, end = max(candidates)
    return name, start, end, 0.95 if weight > 2 else 0.85


def _marked_court(text: str, marked: list[Label]) -> tuple[Label, float] | None:
    """The court the label matcher marked after 此致 (the court addressed), else one standing alone in the header (the
    issuing court); a name glued to more text is not taken (杭州中院 inside 杭州中院执行局)."""
    for span in marked:
        if _BEFORE_ADDRESSED.search(text[max(0, span.start - 12) : span.start]) and _AFTER_ADDRESSED.match(
            text, span.end
        ):
            return span, 0.95
    for span in marked:
        if span.start >= _HEAD:
            break
        if (span.start == 0 or text[span.start - 1].isspace()) and _AFTER_HEADER.match(text, span.end):
            return span, 0.85
    return None


def _written_court(text: str) -> tuple[str, int, int, float] | None:
    """The same two places read with regular expressions, for courts the seeded data does not hold."""
    m = _ADDRESSED.search(text)
    confidence = 0.95
    if m is None:
        m = _HEADER_COURT.search(text[:_HEAD])
        confidence = 0.85
    return (m["court"], m.start("court"), m.end("court"), confidence) if m else None


@Language.factory("court_court")
def make_court(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    def court(doc: Doc) -> Doc:
        layout, docket, catalogue = state(doc)
        text = layout.text
        marked = _marked_court(text, labels(doc, "COURT"))
        written = _written_court(text)
        seeded_code: str | None = None
        if marked and not (written and written[3] > marked[1]):  # an addressed court outranks a header court
            span, confidence = marked
            court_name, s, e, seeded_code = span.text, span.start, span.end, span.id
        elif written:
            court_name, s, e, confidence = written
        else:
            return doc
        entry = catalogue.court(court_name) if catalogue else None
        if (
            entry is None and catalogue is not None and seeded_code
        ):  # a short name or alias only the seeds know
            entry = catalogue.courts_by_code.get(seeded_code)
        if (
            entry is None
            and catalogue is not None
            and docket.document_kind in ("judgment", "ruling", "mediation_statement")
        ):
            own = find_case_numbers(text[:_HEAD])
            if own:
                entry = catalogue.courts_by_code.get(own[0][0].court_code)
        code = entry.code if entry else (seeded_code if catalogue is None else None)
        docket.court = CourtRef(code=code, name=court_name)
        docket.sources["court"] = layout.source(s, e, confidence)
        return doc

    return court


@Language.factory("court_case_numbers")
def make_case_numbers(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    def case_numbers(doc: Doc) -> Doc:
        layout, docket, _ = state(doc)
        seen = set()
        for cn, s, e in find_case_numbers(layout.text):
            written = format_case_number(cn)
            if written in seen:
                continue
            seen.add(written)
            docket.sources[f"case_numbers[{len(docket.case_numbers)}]"] = layout.source(s, e, 0.97)
            docket.case_numbers.append(
                CaseNumberRef(
                    text=written,
                    year=cn.year,
                    court_code=cn.court_code,
                    type_code=cn.type_code,
                    sequence=cn.sequence,
                    specialised_code=cn.specialised_code,
                    sequence_end=cn.sequence_end,
                    suffix=cn.suffix,
                )
            )
        return doc

    return case_numbers


@Language.factory("court_dates", default_config={"tail": 260})
def make_dates(nlp: Language, name: str, tail: int) -> Callable[[Doc], Doc]:
    def dates(doc: Doc) -> Doc:
        layout, docket, _ = state(doc)
        text = layout.text
        found = find_dates(text)
        docket.dates = sorted({d for d, _, _ in found})
        closing = [f for f in found if f[1] >= len(text) - tail]
        if closing:
            value, s, e = closing[-1]
            docket.filing_date = value
            docket.sources["filing_date"] = layout.source(s, e, 0.85)
        return doc

    return dates
