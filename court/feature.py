"""What a feature declares about itself, in one place (court/<feature>/feature.py exports FEATURE): its routes, jobs,
periodic schedules, CLI subcommands, page templates and the blobs its rows refer to. The composition root
(court.features, read by court.app, court.jobs.registry, court.jobs.schedule and court.cli) builds everything from
the one list of features.

This module is a leaf: the features import it, and the list of features (court.features) imports them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from court.blobs import BlobReferences

if TYPE_CHECKING:
    from court.jobs.context import JobHandler

# `register(subparsers)`: adds one subcommand (or a group) to `court`.
Command = Callable[[Any], None]


@dataclass(frozen=True, slots=True)
class Periodic:
    """A job enqueued once per period (court.jobs.schedule) through the outbox's dedupe key."""

    name: str
    every: timedelta


def _nothing() -> Sequence[Any]:
    return ()


def _no_jobs() -> Mapping[str, JobHandler]:
    return {}


@dataclass(frozen=True, slots=True)
class Feature:
    """One feature's slice. Everything that imports code is a function, so importing the list of features stays
    cheap (a CLI run or a test reads the list without loading every controller, job and model)."""

    name: str
    # API controllers, page controllers and route handlers, in the order they are mounted.
    routes: Callable[[], Sequence[Any]] = _nothing
    # Job name → handler. The names are persisted in the outbox table: never rename one.
    jobs: Callable[[], Mapping[str, JobHandler]] = _no_jobs
    schedules: tuple[Periodic, ...] = ()
    commands: Callable[[], Sequence[Command]] = _nothing
    # The folder of the feature's page templates (court/<feature>/templates), if it has pages.
    templates: Path | None = None
    # Queries for the blob keys the feature's rows still refer to (the orphan sweeper and verify-blobs keep them).
    blob_references: Callable[[], Sequence[BlobReferences]] = _nothing
