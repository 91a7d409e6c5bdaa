"""Patterns of the pipeline's span ruler (spaCy's `span_ruler`), and how the components read the spans it marks.

The ruler marks, on jieba's tokens, the words the docket hangs on: party role labels (ROLE, id = role), labels
of representatives and agents (AGENT, id = "representative" or "agent"), court names with their short names and
aliases from the seeded reference data (COURT, id = court code) and cause-of-action names from the SPC catalogue
(CAUSE). Components read those spans first and keep their regular expressions as the fallback: a token-level
match misses a name jieba cut differently from the pattern, where a character-level one would not.

jieba cuts a label by its context (法定代表人 alone is one token, 法定代表|人 before a name; 第三|人), so before
the patterns load the role and agent labels join jieba's dictionary as words (`court.label_words.v1`, spaCy's
`before_init` hook): each label is then one token wherever it is written and its one-token pattern matches.
Token patterns for the other cuts would do the same through spaCy's Matcher, at ten times the ruler's cost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from nlp.catalogue import court_name_key, seed_rows

SPANS_KEY = "court_labels"

Pattern = dict[str, Any]


class Label(NamedTuple):
    """A span the ruler marked: [start, end) into the analysed text, its text and its id."""

    start: int
    end: int
    text: str
    id: str


def _label_patterns(labels: dict[str, str], kind: str) -> list[Pattern]:
    return [{"label": kind, "pattern": label, "id": value} for label, value in labels.items()]


def _court_patterns(rows: Iterable[dict[str, Any]]) -> list[Pattern]:
    patterns: list[Pattern] = []
    for row in rows:
        names = {row["name"], court_name_key(row["name"]), row.get("short_name") or "", *(row.get("aliases") or [])}
        patterns.extend({"label": "COURT", "pattern": n, "id": str(row["code"])} for n in sorted(names) if n)
    return patterns


def _cause_patterns(rows: Iterable[dict[str, Any]]) -> list[Pattern]:
    names = {n for row in rows for n in [row["name"], *(row.get("aliases") or [])] if n}
    return [{"label": "CAUSE", "pattern": n} for n in sorted(names)]


@registry.callbacks("court.label_words.v1")
def label_words(roles: dict[str, str], agents: dict[str, str]) -> Callable[[Language], Language]:
    """A `before_init` callback: the labels become words of jieba's dictionary. jieba's dictionary is global
    to the process (spaCy's tokenizer uses the module), and adding a word only ever keeps that word whole."""

    def add_words(nlp: Language) -> Language:
        segmenter = getattr(nlp.tokenizer, "jieba_seg", None)
        if segmenter is not None:
            for word in sorted({*roles, *agents}):
                segmenter.add_word(word)
        return nlp

    return add_words


@registry.misc("court.label_patterns.v1")
def label_patterns(roles: dict[str, str], agents: dict[str, str], seeds: str | None = None) -> list[Pattern]:
    """The span ruler's patterns: role and agent labels from the rule tables, courts and causes from the seeded
    reference data in `seeds` (default: the repository's seeds/data)."""
    return [*_label_patterns(roles, "ROLE"), *_label_patterns(agents, "AGENT"),
            *_court_patterns(seed_rows("courts", seeds)), *_cause_patterns(seed_rows("causes", seeds))]


def labels(doc: Doc, kind: str) -> list[Label]:
    """The ruler's spans of one kind in text order, the longest where they nest (反诉被告 over 被告, 金融借款合同纠纷
    over 借款合同纠纷); none when the pipeline has no ruler. Read once per document, then kept on it."""
    cached: dict[str, list[Label]] | None = doc.user_data.get(SPANS_KEY)
    if cached is None:
        cached = doc.user_data[SPANS_KEY] = _by_kind(doc)
    return cached.get(kind, [])


def _by_kind(doc: Doc) -> dict[str, list[Label]]:
    group = doc.spans.get(SPANS_KEY)
    found: dict[str, set[Label]] = {}
    for span in group or ():
        found.setdefault(span.label_, set()).add(Label(span.start_char, span.end_char, span.text, span.id_))
    out: dict[str, list[Label]] = {}
    for kind, spans in found.items():
        kept = out[kind] = []
        for label in sorted(spans, key=lambda x: (x.start, -x.end)):
            if kept and label.end <= kept[-1].end:
                continue  # inside the previous, longer span
            kept.append(label)
    return out
