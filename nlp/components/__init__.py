"""Custom spaCy components of the docket pipeline; importing this package registers their factories and rules."""

from __future__ import annotations

from spacy.tokens import Doc

from nlp.components import claims, elements, labels, parties, references, rules  # noqa: F401 - registration side effects

for _attr in ("docket", "catalogue", "layout"):
    if not Doc.has_extension(_attr):
        Doc.set_extension(_attr, default=None)
