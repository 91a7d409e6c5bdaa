"""The subcommands features add to `court` (fee, route, extract, verify-blobs, ...): one list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

FEATURE_COMMANDS: list[Callable[[Any], None]] = []
