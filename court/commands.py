"""The subcommands features add to `court` (fee, route, extract, verify-blobs, ...): one list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

FEATURE_COMMANDS: list[Callable[[Any], None]] = []


def load_feature_commands() -> list[Callable[[Any], None]]:
    """Import the features' CLI modules (each appends its register function) and return the list."""
    import court.cases.cli  # noqa: F401
    import court.cases.law_cli  # noqa: F401
    import court.documents.cli  # noqa: F401
    import court.filing.cli  # noqa: F401
    import court.filing.extract_cli  # noqa: F401
    import court.routing.cli  # noqa: F401

    return FEATURE_COMMANDS
