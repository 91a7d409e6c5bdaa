"""Named job handlers. A handler takes ids in a JSON payload, loads what it needs and is idempotent."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from court.bootstrap import Runtime


@dataclass(frozen=True, slots=True)
class JobContext:
    runtime: Runtime
    job_id: int
    attempt: int


JobHandler = Callable[[dict[str, Any], JobContext], Awaitable[dict[str, Any] | None]]

_handlers: dict[str, JobHandler] = {}


def job(name: str) -> Callable[[JobHandler], JobHandler]:
    def register(fn: JobHandler) -> JobHandler:
        if name in _handlers and _handlers[name] is not fn:
            raise RuntimeError(f"job {name!r} registered twice")
        _handlers[name] = fn
        return fn

    return register


def handler_for(name: str) -> JobHandler:
    import court.jobs.catalog  # noqa: F401 - registers every feature's jobs

    try:
        return _handlers[name]
    except KeyError:
        raise LookupError(f"no job handler named {name!r}") from None


def registered() -> list[str]:
    import court.jobs.catalog  # noqa: F401

    return sorted(_handlers)
