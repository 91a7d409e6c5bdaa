"""The one list of features. The composition roots read it: court.app (routes, templates), court.jobs.registry (the
worker's jobs), court.jobs.schedule (periodic jobs) and court.cli (subcommands). A feature declares its slice in
court/<feature>/feature.py (court.feature.Feature); nothing registers itself at import time.

No feature module imports this one (the architecture test, tests/core/test_architecture.py, finds any cycle):
what a feature needs from the others' declarations (the sweeper's blob references) is passed in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from court.accounts.feature import FEATURE as ACCOUNTS
from court.appeals.feature import FEATURE as APPEALS
from court.blobs import BlobReferences
from court.cases.feature import FEATURE as CASES
from court.demo.feature import FEATURE as DEMO
from court.documents.feature import FEATURE as DOCUMENTS
from court.execution.feature import FEATURE as EXECUTION
from court.feature import Feature
from court.filing.feature import FEATURE as FILING
from court.jobs.feature import FEATURE as JOBS
from court.management.feature import FEATURE as MANAGEMENT
from court.payments.feature import FEATURE as PAYMENTS
from court.reference.feature import FEATURE as REFERENCE
from court.routing.feature import FEATURE as ROUTING
from court.serving.feature import FEATURE as SERVING
from court.terminals.feature import FEATURE as TERMINALS
from court.web.feature import FEATURE as WEB

# The web layer first: its shared layout and fragments are found before any feature's templates.
FEATURES: tuple[Feature, ...] = (
    WEB,
    ACCOUNTS,
    REFERENCE,
    JOBS,
    FILING,
    ROUTING,
    TERMINALS,
    CASES,
    EXECUTION,
    DOCUMENTS,
    SERVING,
    PAYMENTS,
    APPEALS,
    MANAGEMENT,
    DEMO,
)


def template_dirs() -> tuple[Path, ...]:
    """Every feature's template folder, in the loader's order (templates are named by folder, e.g. "judge/case.html")."""
    return tuple(f.templates for f in FEATURES if f.templates is not None)


def template_files() -> list[Path]:
    """Every page template of every feature (the i18n and label tests read them all)."""
    return sorted(f for d in template_dirs() for f in d.rglob("*.html"))


def template_path(name: str) -> Path:
    """The file a template name resolves to, in the loader's order."""
    for d in template_dirs():
        if (d / name).is_file():
            return d / name
    raise FileNotFoundError(name)


def blob_references() -> Iterator[BlobReferences]:
    for feature in FEATURES:
        yield from feature.blob_references()


async def referenced_blob_keys() -> set[str]:
    """Every blob key some feature's rows still refer to: what the orphan sweeper and `court verify-blobs` keep."""
    from court.blobs import referenced_keys

    return await referenced_keys(blob_references())
