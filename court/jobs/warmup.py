"""Load the heavy models a worker needs, once per process."""

from __future__ import annotations

import logging

log = logging.getLogger("court.worker")


def warm_models() -> None:
    from nlp.pipeline import load_pipeline  # spaCy and its pipeline are dependencies of every worker

    load_pipeline()
