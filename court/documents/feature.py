"""Court documents: drafting, signing with the court's seal, verification, and `court verify-pdf`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from court.blobs import BlobReferences
from court.feature import Command, Feature


def _routes() -> list[Any]:
    from court.documents.pages import DocumentPages, VerifyPages
    from court.documents.web import (
        CaseDocumentController,
        CourtDocumentController,
        verify_code,
        verify_upload,
    )

    return [
        CaseDocumentController,
        CourtDocumentController,
        verify_code,
        verify_upload,
        DocumentPages,
        VerifyPages,
    ]


def _commands() -> Sequence[Command]:
    from court.documents import cli

    return [cli.register]


def _blobs() -> Sequence[BlobReferences]:
    from court.documents.service import signed_document_keys

    return [signed_document_keys]


FEATURE = Feature(
    name="documents",
    routes=_routes,
    commands=_commands,
    templates=Path(__file__).parent / "templates",
    blob_references=_blobs,
)
