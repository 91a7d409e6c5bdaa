"""What the components share on a document: its layout, the docket being filled and the caller's catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc

if TYPE_CHECKING:
    from nlp.catalogue import Catalogue
    from nlp.components.layout import Layout
    from nlp.docket import Docket


def state(doc: Doc) -> tuple[Layout, Docket, Catalogue | None]:
    """The document's layout, docket and catalogue (spaCy's `doc._` extension attributes, set by extract_docket).
    One accessor for the three: spaCy makes a new one on every `doc._`, a measurable cost at ~30 a document."""
    ext = doc._
    return ext.layout, ext.docket, ext.catalogue
