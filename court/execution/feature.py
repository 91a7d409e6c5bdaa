"""Execution (执行): enforcement matters, applications, agency tasks, measures and notices."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from court.blobs import BlobReferences
from court.feature import Feature, Periodic
from court.jobs.context import JobHandler


def _routes() -> list[Any]:
    from court.execution.application_web import EnforcementApplicationController
    from court.execution.pages import AgencyPages, EnforcementPages
    from court.execution.web import AgencyTaskController, MatterController

    return [
        MatterController,
        AgencyTaskController,
        EnforcementApplicationController,
        EnforcementPages,
        AgencyPages,
    ]


def _jobs() -> Mapping[str, JobHandler]:
    from court.execution.jobs import measure_lapse_warnings, poll_agency_tasks

    return {"poll_agency_tasks": poll_agency_tasks, "measure_lapse_warnings": measure_lapse_warnings}


def _blobs() -> Sequence[BlobReferences]:
    from court.execution.notices import notice_blob_keys

    return [notice_blob_keys]


FEATURE = Feature(
    name="execution",
    routes=_routes,
    jobs=_jobs,
    schedules=(
        Periodic("poll_agency_tasks", timedelta(minutes=5)),  # sends due agency tasks, polls sent ones
        Periodic("measure_lapse_warnings", timedelta(hours=6)),  # idempotent per measure and expiry date
    ),
    templates=Path(__file__).parent / "templates",
    blob_references=_blobs,
)
