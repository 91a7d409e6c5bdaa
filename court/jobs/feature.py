"""The outbox's own slice: the staff's job list and retries, and the housekeeping sweepers."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from court.feature import Feature, Periodic
from court.jobs.context import JobHandler


def _routes() -> list[Any]:
    from court.jobs.web import JobsController

    return [JobsController]


def _jobs() -> Mapping[str, JobHandler]:
    from court.jobs.maintenance import sweep_orphan_blobs, sweep_upload_spool

    return {"sweep_orphan_blobs": sweep_orphan_blobs, "sweep_upload_spool": sweep_upload_spool}


FEATURE = Feature(
    name="jobs",
    routes=_routes,
    jobs=_jobs,
    schedules=(
        Periodic("sweep_orphan_blobs", timedelta(hours=1)),
        Periodic(
            "sweep_upload_spool", timedelta(hours=1)
        ),  # spool files of requests that died (a crash, a kill)
    ),
)
