"""Load the heavy models a worker needs, once per process."""

from __future__ import annotations

import logging

log = logging.getLogger("court.worker")


def warm_models() -> None:
    try:
        from nlp.pipeline import load_pipeline
    except ImportError:  # the extraction pipeline is optional for a worker that only runs housekeeping
        log.info("nlp pipeline not available; skipping warm-up")
        return
    load_pipeline()
