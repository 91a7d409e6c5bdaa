"""Filing (立案申请): litigants' filings and uploads, the clerk's review, extraction of the uploaded documents."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from court.blobs import BlobReferences
from court.feature import Command, Feature
from court.jobs.context import JobHandler


def _routes() -> list[Any]:
    from court.filing.pages import LitigantPages
    from court.filing.review_pages import ClerkPages
    from court.filing.web import FilingController, UploadController

    return [FilingController, UploadController, LitigantPages, ClerkPages]


def _jobs() -> Mapping[str, JobHandler]:
    from court.filing.jobs import extract_document

    return {"extract_document": extract_document}


def _commands() -> Sequence[Command]:
    from court.filing import extract_cli

    return [extract_cli.register]


def _blobs() -> Sequence[BlobReferences]:
    from court.filing.documents import filing_blob_keys

    return [filing_blob_keys]


FEATURE = Feature(
    name="filing",
    routes=_routes,
    jobs=_jobs,
    commands=_commands,
    templates=Path(__file__).parent / "templates",
    blob_references=_blobs,
)
