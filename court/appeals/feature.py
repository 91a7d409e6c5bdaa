"""Appeals: a litigant's appeal and its forwarding to the higher court."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from court.blobs import BlobReferences
from court.feature import Feature


def _routes() -> list[Any]:
    from court.appeals.pages import AppealLitigantPages, AppealPages
    from court.appeals.web import AppealController, CaseAppealController

    return [CaseAppealController, AppealController, AppealLitigantPages, AppealPages]


def _blobs() -> Sequence[BlobReferences]:
    from court.appeals.service import appeal_blob_keys

    return [appeal_blob_keys]


FEATURE = Feature(
    name="appeals", routes=_routes, templates=Path(__file__).parent / "templates", blob_references=_blobs
)
