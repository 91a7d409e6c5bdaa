"""`extract_docket`: filing text (one string or a list of pages) in, docket out."""

from __future__ import annotations

import dataclasses
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from spacy.language import Language

from nlp.catalogue import Catalogue
from nlp.components.layout import lay_out
from nlp.docket import Docket, to_builtins
from nlp.normalise import normalise
from nlp.pipeline import load_pipeline


def extract_docket(
    text: str | list[str],
    catalogue: Catalogue | None = None,
    nlp: Language | None = None,
    confidence: Sequence[float] | None = None,
) -> Docket:
    """Run the pipeline (the process's own unless `nlp` is given) on the normalised pages (nlp.normalise); spans
    in the docket's sources index the pages as given, joined by one newline, pages count from 1.

    `confidence`, when the text was read by OCR, is one figure in [0, 1] per character of the joined pages: each
    source's confidence is scaled by the lowest over its span."""
    pages = [text] if isinstance(text, str) else list(text)
    raw = "\n".join(pages)
    if confidence is not None and len(confidence) != len(raw):
        raise ValueError(f"confidence has {len(confidence)} figures for {len(raw)} characters")
    normalised_pages, offsets, base = [], array("q"), 0
    for page in pages:
        folded = normalise(page)
        normalised_pages.append(folded.text)
        offsets.extend(base + o for o in folded.offsets[:-1])
        offsets.append(base + len(page))  # the newline that joins it to the next page (or the end)
        base += len(page) + 1
    layout = dataclasses.replace(
        lay_out(normalised_pages), raw=raw, raw_offsets=offsets, raw_confidence=confidence
    )
    nlp = nlp or load_pipeline()
    # The strings and lexemes a document adds to the vocabulary are freed with it (spaCy's memory zone): a worker
    # or web process that extracts for months would otherwise keep every name and number it ever read (~20k
    # strings per 600 judgments). The docket holds plain Python values, none of them backed by the vocabulary.
    with nlp.memory_zone():
        doc = nlp.make_doc(layout.text)
        doc._.layout, doc._.catalogue, doc._.docket = layout, catalogue, Docket()
        for _, component in nlp.pipeline:
            doc = component(doc)
        docket: Docket = doc._.docket
    return docket


def extract_batch(
    lines: Iterable[dict[str, Any]], catalogue: Catalogue | None = None
) -> Iterator[dict[str, Any]]:
    """Lines {"id", "text" or "pages"} in, lines {"id", "docket"} out, in order."""
    for line in lines:
        source = line.get("pages") or line.get("text") or ""
        yield {"id": line.get("id"), "docket": to_builtins(extract_docket(source, catalogue))}
