"""The label matcher, the pipeline's first stage: spaCy's PhraseMatcher over jieba's tokens, and how the
components read what it marks.

It marks the words the docket hangs on: party role labels (ROLE, id = role), labels of representatives and agents
(AGENT, id = "representative" or "agent"), court names with their short names and aliases from the seeded
reference data (COURT, id = court code) and cause-of-action names from the SPC catalogue (CAUSE). Components read
those labels first and keep their regular expressions as the fallback: a token-level match misses a name jieba cut
differently from the pattern, where a character-level one would not.

jieba cuts a label by its context (法定代表人 alone is one token, 法定代表|人 before a name; 第三|人), so before
the patterns load the role and agent labels join jieba's dictionary as words (`court.label_words.v1`, spaCy's
`before_init` hook): each label is then one token wherever it is written and its one-token pattern matches.
Token patterns for the other cuts would do the same through spaCy's Matcher, at ten times the cost.

This stage was spaCy's `span_ruler` with the same patterns. The ruler makes a `Span` of every match, keeps them
in a `SpanGroup`, and the components then read each span's label, id and text back through the string store: a
tenth of the whole pipeline's time beyond tokenisation, for ~16 labels a document. The matcher's own
(match id, start, end) triples turned into `Label`s here cost a quarter of that, and give the same labels.
"""

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import registry

from nlp.catalogue import court_name_key, seed_rows

SPANS_KEY = "court_labels"

Pattern = dict[str, Any]


class Label(NamedTuple):
    """A label the matcher marked: [start, end) into the analysed text, its text and its id."""

    start: int
    end: int
    text: str
    id: str


def _label_patterns(labels: dict[str, str], kind: str) -> list[Pattern]:
    return [{"label": kind, "pattern": label, "id": value} for label, value in labels.items()]


def _court_patterns(rows: Iterable[dict[str, Any]]) -> list[Pattern]:
    patterns: list[Pattern] = []
    for row in rows:
        names = {
            row["name"],
            court_name_key(row["name"]),
            row.get("short_name") or "",
            *(row.get("aliases") or []),
        }
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
    """The label matcher's patterns: role and agent labels from the rule tables, courts and causes from the seeded
    reference data in `seeds` (default: the repository's seeds/data)."""
    return [
        *_label_patterns(roles, "ROLE"),
        *_label_patterns(agents, "AGENT"),
        *_court_patterns(seed_rows("courts", seeds)),
        *_cause_patterns(seed_rows("causes", seeds)),
    ]


@Language.factory("court_label_matcher")
def make_label_matcher(nlp: Language, name: str) -> "LabelMatcher":
    return LabelMatcher(nlp, name)


class LabelMatcher:
    """Phrase patterns ({"label", "pattern", "id"?}, as spaCy's rulers take them) matched on the document's tokens;
    the labels found are kept on the document (`labels` reads them). Patterns are given at initialisation
    ([initialize.components.<name>] patterns = ...) or by `add_patterns`."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp, self.name = nlp, name
        self.matcher = PhraseMatcher(nlp.vocab)
        self._meaning: dict[int, tuple[str, str]] = {}  # match id -> (label, id)
        self._patterns: list[Pattern] = []

    @property
    def patterns(self) -> list[Pattern]:
        return list(self._patterns)

    # (Annotations here are evaluated: spaCy validates the [initialize] arguments against them with pydantic.)
    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
        patterns: list[Pattern] | None = None,
    ) -> None:
        self.matcher = PhraseMatcher(self.nlp.vocab)
        self._meaning, self._patterns = {}, []
        self.add_patterns(patterns or [])

    def add_patterns(self, patterns: list[Pattern]) -> None:
        by_meaning: dict[tuple[str, str], list[str]] = {}
        for pattern in patterns:
            by_meaning.setdefault((pattern["label"], pattern.get("id") or ""), []).append(pattern["pattern"])
        for (label, id_), phrases in by_meaning.items():
            key = f"{label}:{id_}"
            self._meaning[self.nlp.vocab.strings.add(key)] = (label, id_)
            # tokenised by the pipeline's own tokenizer, whose jieba knows the label words by now (before_init)
            self.matcher.add(key, [self.nlp.make_doc(phrase) for phrase in phrases])
        self._patterns.extend(patterns)

    def __call__(self, doc: Doc) -> Doc:
        layout = doc._.layout
        text = layout.text if layout is not None else doc.text
        found: dict[str, set[tuple[int, int, str]]] = {}
        for match_id, start, end in self.matcher(doc):
            label, id_ = self._meaning[match_id]
            last = doc[end - 1]
            found.setdefault(label, set()).add((doc[start].idx, last.idx + len(last), id_))
        out: dict[str, list[Label]] = {}
        for kind, spans in found.items():
            kept = out[kind] = []
            last_end = -1
            for s, e, id_ in sorted(spans, key=lambda x: (x[0], -x[1])):
                if e <= last_end:
                    continue  # inside the previous, longer match (反诉被告 over 被告, 金融借款合同纠纷 over 借款合同纠纷)
                kept.append(Label(s, e, text[s:e], id_))
                last_end = e
        doc.user_data[SPANS_KEY] = out
        return doc


def labels(doc: Doc, kind: str) -> list[Label]:
    """The labels of one kind the label matcher found, in text order, the longest where they nest; none when the
    pipeline has no label matcher."""
    found: dict[str, list[Label]] = doc.user_data.get(SPANS_KEY) or {}
    return found.get(kind, [])
