"""The jurisdiction engine's entry: a routing request and a court directory in, the decision out.

The directory is passed in: the app builds it from the reference tables (court.routing.reference), the command line,
which runs without a database, from the seed files the tables are loaded from (`offline_directory`).
"""

from __future__ import annotations

import functools
from typing import Any

from court.routing.directory import CourtDirectory


@functools.cache
def offline_directory() -> CourtDirectory:
    """The directory for the database-less commands (`court route`, `court courts`, `court case-number`)."""
    return CourtDirectory.from_seeds()


def decide_for_filing(request: dict[str, Any], directory: CourtDirectory) -> dict[str, Any]:
    """Decide jurisdiction for the request JSON (`court route` keys); a refusal says what is needed."""
    from court.routing.rules import decide_json

    return decide_json(request, directory)
