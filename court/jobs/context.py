"""What a job handler receives: its runtime, the job's id and attempt. A job module defines plain functions of this
shape; its feature lists them by name (court/<feature>/feature.py), and the worker reads them from court.features."""

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
    # Every blob key some row still refers to, across all features (court.features.referenced_blob_keys). Passed
    # in by the runner rather than imported, since the features' list sits above every job module; the orphan
    # sweeper refuses to run without it rather than take every blob for an orphan.
    referenced_blobs: Callable[[], Awaitable[set[str]]] | None = None


JobHandler = Callable[[dict[str, Any], JobContext], Awaitable[dict[str, Any] | None]]
