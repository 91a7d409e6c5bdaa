"""The jurisdiction engine as the app uses it: one court directory per process, built from the reference data."""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def directory() -> Any:
    from court.routing.directory import CourtDirectory

    return CourtDirectory.from_seeds()


def decide_for_filing(request: dict[str, Any]) -> dict[str, Any]:
    """Decide jurisdiction for the request JSON (`court route` keys); a refusal says what is needed."""
    from court.routing.rules import decide_json

    return decide_json(request, directory())
