"""Serving (送达): service of documents, its attempts and callbacks, public notices, party-deadline reminders."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from court.blobs import BlobReferences
from court.feature import Feature, Periodic
from court.jobs.context import JobHandler


def _routes() -> list[Any]:
    from court.serving.pages import PublicNoticePages, ServicePages
    from court.serving.web import ServiceController, sms_callback

    return [ServiceController, sms_callback, ServicePages, PublicNoticePages]


def _jobs() -> Mapping[str, JobHandler]:
    from court.serving.common import ATTEMPT_JOB
    from court.serving.flow import run_attempt, settle_due_job
    from court.serving.reminders import deadline_reminders_job

    return {
        ATTEMPT_JOB: run_attempt,
        "service_settle_due": settle_due_job,
        "deadline_reminders": deadline_reminders_job,
    }


def _blobs() -> Sequence[BlobReferences]:
    from court.serving.photos import photo_blob_keys

    return [photo_blob_keys]


FEATURE = Feature(
    name="serving",
    routes=_routes,
    jobs=_jobs,
    schedules=(
        Periodic(
            "service_settle_due", timedelta(hours=1)
        ),  # publications deemed served; judgments taking effect
        Periodic(
            "deadline_reminders", timedelta(hours=6)
        ),  # once per party deadline, N days before it lapses
    ),
    templates=Path(__file__).parent / "templates",
    blob_references=_blobs,
)
