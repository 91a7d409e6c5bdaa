"""The worker's jobs: name → handler, read from the features' declarations (court.features). A handler takes ids in
a JSON payload, loads what it needs and is idempotent. Job names are persisted in the outbox table: never rename."""

from __future__ import annotations

from functools import cache

from court.features import FEATURES
from court.jobs.context import JobHandler


@cache
def handlers() -> dict[str, JobHandler]:
    found: dict[str, JobHandler] = {}
    for feature in FEATURES:
        for name, handler in feature.jobs().items():
            if name in found and found[name] is not handler:
                raise RuntimeError(f"job {name!r} declared by two features")
            found[name] = handler
    return found


def handler_for(name: str) -> JobHandler:
    try:
        return handlers()[name]
    except KeyError:
        raise LookupError(f"no job handler named {name!r}") from None


def registered() -> list[str]:
    return sorted(handlers())
