"""Cases: registration, the judge's workbench, time limits, fees and the law calculators of `court`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from court.blobs import BlobReferences
from court.feature import Command, Feature, Periodic
from court.jobs.context import JobHandler


def _routes() -> list[Any]:
    from court.cases.pages import JudgePages
    from court.cases.web import CaseController, fee, register

    return [CaseController, register, fee, JudgePages]


def _jobs() -> Mapping[str, JobHandler]:
    from court.cases.jobs import case_time_limit_reminders

    return {"case_time_limit_reminders": case_time_limit_reminders}


def _commands() -> Sequence[Command]:
    from court.cases import cli, law_cli

    return [cli.register, law_cli.register]


def _blobs() -> Sequence[BlobReferences]:
    from court.cases.jobs import case_blob_keys

    return [case_blob_keys]


FEATURE = Feature(
    name="cases",
    routes=_routes,
    jobs=_jobs,
    # Idempotent per case, deadline and level.
    schedules=(Periodic("case_time_limit_reminders", timedelta(hours=6)),),
    commands=_commands,
    templates=Path(__file__).parent / "templates",
    blob_references=_blobs,
)
